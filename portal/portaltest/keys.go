package portaltest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// AuthorizedLine is key's authorized_keys line, with comment if not empty.
func AuthorizedLine(key gossh.PublicKey, comment string) string {
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))
	if comment == "" {
		return line
	}
	return line + " " + comment
}

// Ed25519Line is the line of a new ed25519 key, and the key's signer.
func Ed25519Line(t testing.TB, comment string) (string, gossh.Signer) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return AuthorizedLine(s.PublicKey(), comment), s
}

// RSALine is the line of a new RSA key of bits bits, commented "rsa"; the
// portal's key rules refuse one below 3072 bits.
func RSALine(t testing.TB, bits int) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := gossh.NewPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return AuthorizedLine(pub, "rsa")
}
