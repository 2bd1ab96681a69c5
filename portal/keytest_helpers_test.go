package portal_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"math/big"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/portal/portaltest"
)

func ecdsaLine(t *testing.T) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := gossh.NewPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return portaltest.AuthorizedLine(pub, "ecdsa")
}

// skEd25519Key is an sk-ssh-ed25519@openssh.com public key in its wire
// format (PROTOCOL.u2f), as a security key would hold it.
func skEd25519Key(t *testing.T, pub ed25519.PublicKey) gossh.PublicKey {
	t.Helper()
	k, err := gossh.ParsePublicKey(gossh.Marshal(struct {
		Type, Key, App string
	}{"sk-ssh-ed25519@openssh.com", string(pub), "ssh:"}))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// skECDSAKey is an sk-ecdsa-sha2-nistp256@openssh.com public key.
func skECDSAKey(t *testing.T) gossh.PublicKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	point, err := k.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.ParsePublicKey(gossh.Marshal(struct {
		Type, Curve, Point, App string
	}{"sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", string(point), "ssh:"}))
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

// dsaLine is an ssh-dss key line as old .pub files hold it (x/crypto no
// longer parses DSA, so it is built as text).
func dsaLine(*testing.T) string {
	blob := gossh.Marshal(struct {
		Type       string
		P, Q, G, Y *big.Int
	}{"ssh-dss", new(big.Int).Lsh(big.NewInt(1), 1023), new(big.Int).Lsh(big.NewInt(1), 159), big.NewInt(2), big.NewInt(5)})
	return "ssh-dss " + base64.StdEncoding.EncodeToString(blob) + " dsa"
}
