package portal

import (
	"crypto/rsa"
	"errors"
	"strings"
	"unicode"

	gossh "golang.org/x/crypto/ssh"
)

// Customer key errors; errors.Is matches the kind, Error() is the specific
// reason worded for the customer.
var (
	// ErrKeyInvalid is a key line that is malformed or of a refused kind.
	ErrKeyInvalid = errors.New("SSH key refused")
	// ErrKeyNotFound names a fingerprint the account has no key for.
	ErrKeyNotFound = errors.New("no such SSH key")
	// ErrKeyLimit is an account that already has MaxCustomerKeys keys.
	ErrKeyLimit = errors.New("too many SSH keys")
	// ErrKeyProof is a wrong login password (or one-time code with 2FA)
	// given to confirm a key change.
	ErrKeyProof = errors.New("the login password (or, with 2FA, the one-time code) is wrong")
)

// MaxCustomerKeys is how many SSH keys one account may hold.
const MaxCustomerKeys = 10

// MaxKeyLine bounds an authorized_keys line read from a client (an RSA
// 16384-bit key is about 2.8 KB).
const MaxKeyLine = 8 << 10

const maxKeyName = 64

// FIDO key types: a signature from one of these carries the authenticator's
// flags, and x/crypto refuses one without the user-presence flag unless
// the server opted out (sipdesk never does).
const (
	KeyTypeSKEd25519 = "sk-ssh-ed25519@openssh.com"
	KeyTypeSKECDSA   = "sk-ecdsa-sha2-nistp256@openssh.com"
)

// IsFIDOKey reports a key on a hardware security key (FIDO/U2F).
func IsFIDOKey(key gossh.PublicKey) bool {
	t := key.Type()
	return t == KeyTypeSKEd25519 || t == KeyTypeSKECDSA
}

// ParseCustomerKey reads one authorized_keys line and applies the key
// policy: ed25519, ECDSA, RSA of at least 3072 bits and the two FIDO kinds
// are accepted; DSA, short RSA, certificates and lines with options are
// refused with the reason. It returns the key and its comment.
func ParseCustomerKey(line string) (gossh.PublicKey, string, error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil, "", keyRefused("sshkey.error.no_key")
	}
	if len(line) > MaxKeyLine {
		return nil, "", keyRefused("sshkey.error.too_long", digits(MaxKeyLine))
	}
	if strings.ContainsAny(line, "\r\n") {
		return nil, "", keyRefused("sshkey.error.multi_line")
	}
	if f := strings.Fields(line); f[0] == "ssh-dss" {
		// x/crypto no longer parses DSA keys: say why rather than "malformed".
		return nil, "", keyRefused("sshkey.error.dsa")
	}
	key, comment, options, rest, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return nil, "", keyRefused("sshkey.error.malformed")
	}
	if len(options) > 0 {
		return nil, "", keyRefused("sshkey.error.options", strings.Join(options, ","))
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return nil, "", keyRefused("sshkey.error.one_at_a_time")
	}
	if err := checkKeyStrength(key); err != nil {
		return nil, "", err
	}
	return key, comment, nil
}

func checkKeyStrength(key gossh.PublicKey) error {
	switch t := key.Type(); t {
	case gossh.KeyAlgoED25519, gossh.KeyAlgoECDSA256, gossh.KeyAlgoECDSA384, gossh.KeyAlgoECDSA521,
		KeyTypeSKEd25519, KeyTypeSKECDSA:
		return nil
	case gossh.KeyAlgoRSA:
		ck, ok := key.(gossh.CryptoPublicKey)
		if !ok {
			return keyRefused("sshkey.error.rsa_unreadable")
		}
		pub, ok := ck.CryptoPublicKey().(*rsa.PublicKey)
		if !ok {
			return keyRefused("sshkey.error.rsa_unreadable")
		}
		if bits := pub.N.BitLen(); bits < 3072 {
			return keyRefused("sshkey.error.rsa_weak", digits(bits))
		}
		return nil
	default:
		if strings.Contains(t, "-cert-v01@openssh.com") {
			return keyRefused("sshkey.error.cert")
		}
		return keyRefused("sshkey.error.type", t)
	}
}

// cleanKeyName makes a customer's key name safe to show on any terminal:
// control and format characters dropped, spaces collapsed, at most 64
// characters.
func cleanKeyName(s string) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n >= maxKeyName {
			break
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
