package portal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/sipdesk/sipdesk/db"
)

// canaryLabel and canaryPlain make the value sealed at first start.
const (
	canaryLabel = "server-key-canary"
	canaryPlain = "sipdesk server key canary v1"
)

// ErrWrongServerKey is a server key that does not open the store's
// secrets: starting would fail every SIP-Credentials card and 2FA login.
var ErrWrongServerKey = errors.New("the server key does not match this database " +
	"(it cannot decrypt what the database holds): configure the key the database was created with")

// OpenServerKey returns the box of the server key, checked against the
// store: from the configured base64 value, else from file. A missing file
// is generated only while the store holds no encrypted data; on a
// populated store its loss is an error, never a fresh key that would
// silently orphan every secret. The first start seals a canary, and every
// later start must open it. Errors are one line, for the start-up log.
func OpenServerKey(ctx context.Context, d *db.DB, configured, file string) (box *SecretBox, created bool, err error) {
	canary, err := db.ServerKeyCanary(ctx, d)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, false, fmt.Errorf("read the server key canary: %w", err)
	}
	hasCanary := err == nil
	sample, err := db.AnyEncryptedSecret(ctx, d)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, false, fmt.Errorf("read a stored secret: %w", err)
	}
	hasSecrets := err == nil
	if configured == "" && (hasCanary || hasSecrets) {
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			return nil, false, fmt.Errorf("the server key %s is missing but the database holds encrypted data: "+
				"restore the key file or set --server-key (a new key would make every stored secret unreadable)", file)
		}
	}
	key, created, err := LoadOrCreateKey(configured, file)
	if err != nil {
		return nil, false, err
	}
	if box, err = NewSecretBox(key); err != nil {
		return nil, false, err
	}
	switch {
	case hasCanary:
		if _, err := box.Open(canary, canaryLabel); err != nil {
			return nil, false, ErrWrongServerKey
		}
		return box, created, nil
	case hasSecrets:
		// A store from before the canary: test the key on a real secret.
		if _, err := box.Open(sample.Data, sample.Kind+":"+fmt.Sprint(sample.ID)); err != nil {
			return nil, false, ErrWrongServerKey
		}
	}
	if err := db.PutServerKeyCanary(ctx, d, box.Seal([]byte(canaryPlain), canaryLabel), db.UTC(time.Now())); err != nil {
		return nil, false, fmt.Errorf("store the server key canary: %w", err)
	}
	// Another replica may have stored its canary first: check the one that stands.
	if canary, err = db.ServerKeyCanary(ctx, d); err != nil {
		return nil, false, fmt.Errorf("read the server key canary: %w", err)
	}
	if _, err := box.Open(canary, canaryLabel); err != nil {
		return nil, false, ErrWrongServerKey
	}
	return box, created, nil
}
