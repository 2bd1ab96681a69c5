package portal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SecretBox encrypts secrets at rest (TOTP secrets, VoIP passwords, mail
// bodies with links) with AES-256-GCM under the server key. Each ciphertext
// is bound to its purpose and row through the additional data, so a
// ciphertext copied into another row or column does not decrypt.
type SecretBox struct {
	aead cipher.AEAD
}

const boxVersion = 1

// NewSecretBox makes a box from a 32-byte key.
func NewSecretBox(key []byte) (*SecretBox, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("server key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &SecretBox{aead: aead}, nil
}

// Seal encrypts plain for the given context label (e.g. "totp:42").
func (b *SecretBox) Seal(plain []byte, label string) []byte {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	out := append([]byte{boxVersion}, nonce...)
	return b.aead.Seal(out, nonce, plain, []byte(label))
}

// ErrDecrypt means a stored secret could not be decrypted: the wrong server
// key is configured, or the row was tampered with.
var ErrDecrypt = errors.New("cannot decrypt a stored secret: is the right server key configured?")

// Open decrypts a Seal output made for the same label.
func (b *SecretBox) Open(sealed []byte, label string) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(sealed) < 1+ns || sealed[0] != boxVersion {
		return nil, ErrDecrypt
	}
	plain, err := b.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(label))
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// LoadOrCreateKey returns the server key: from the configured base64 value
// when set, else from file (created with a fresh random key, mode 0600, on
// first start). created reports a new key.
func LoadOrCreateKey(configured, file string) (key []byte, created bool, err error) {
	if configured != "" {
		key, err = base64.StdEncoding.DecodeString(strings.TrimSpace(configured))
		if err != nil || len(key) != 32 {
			return nil, false, errors.New("the configured server key must be 32 bytes in base64 (openssl rand -base64 32)")
		}
		return key, false, nil
	}
	data, err := os.ReadFile(file)
	if err == nil {
		key, err = base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
		if err != nil || len(key) != 32 {
			return nil, false, fmt.Errorf("server key file %s is not 32 bytes in base64", file)
		}
		return key, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("read server key: %w", err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, false, fmt.Errorf("create key directory: %w", err)
	}
	// O_EXCL: two processes starting at once must not write two keys.
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("create server key: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		return nil, false, fmt.Errorf("write server key: %w", err)
	}
	return key, true, f.Sync()
}
