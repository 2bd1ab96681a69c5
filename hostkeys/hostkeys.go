// Package hostkeys loads the server's SSH host key, generating it once on
// first start. Clients pin the host key, so it must survive restarts.
package hostkeys

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// FileName is the ed25519 host key's file name inside the host key directory.
const FileName = "ssh_host_ed25519_key"

// LoadOrGenerate returns the ed25519 host key in dir, creating dir (0700)
// and the key (0600, OpenSSH format, with a .pub beside it) when missing.
// created reports a new key.
func LoadOrGenerate(dir string) (signer gossh.Signer, created bool, err error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if err == nil {
		signer, err = gossh.ParsePrivateKey(data)
		if err != nil {
			return nil, false, fmt.Errorf("parse host key %s: %w", path, err)
		}
		return signer, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("read host key: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("create host key directory: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "sipdesk host key")
	if err != nil {
		return nil, false, err
	}
	// O_EXCL: a second process starting at the same moment must not
	// overwrite the key the first one is already serving.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return LoadOrGenerate(dir)
		}
		return nil, false, fmt.Errorf("create host key: %w", err)
	}
	if err := pem.Encode(f, block); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write host key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, false, err
	}
	signer, err = gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, false, err
	}
	pub := gossh.MarshalAuthorizedKey(signer.PublicKey())
	if err := os.WriteFile(path+".pub", pub, 0o600); err != nil {
		return nil, false, fmt.Errorf("write host public key: %w", err)
	}
	return signer, true, nil
}
