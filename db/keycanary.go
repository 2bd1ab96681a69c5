package db

import (
	"context"
	"time"
)

// ServerKeyCanary returns the sealed canary, or ErrNotFound before the
// first start that stored one.
func ServerKeyCanary(ctx context.Context, h Handler) ([]byte, error) {
	var c []byte
	err := sqlxGet(ctx, h, &c, `SELECT canary FROM server_key_canary WHERE id = 1`)
	return c, err
}

// PutServerKeyCanary stores the canary unless one is there already (two
// replicas starting at once: the first wins, the second checks it).
func PutServerKeyCanary(ctx context.Context, h Handler, canary []byte, now time.Time) error {
	_, err := exec(ctx, h, `INSERT INTO server_key_canary (id, canary, created_at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO NOTHING`, canary, UTC(now))
	return err
}

// EncryptedSample is one stored secret and the row it was sealed for, to
// test a key against a store that predates the canary.
type EncryptedSample struct {
	Kind string `db:"kind"` // "voip" or "totp"
	ID   int64  `db:"id"`
	Data []byte `db:"data"`
}

// AnyEncryptedSecret returns one encrypted secret of the store, or
// ErrNotFound when it holds none (an empty or new store).
func AnyEncryptedSecret(ctx context.Context, h Handler) (EncryptedSample, error) {
	var s EncryptedSample
	err := sqlxGet(ctx, h, &s, `SELECT 'voip' AS kind, number_id AS id, voip_password AS data
		FROM sip_credentials ORDER BY number_id LIMIT 1`)
	if err != ErrNotFound {
		return s, err
	}
	err = sqlxGet(ctx, h, &s, `SELECT 'totp' AS kind, id, totp_secret AS data
		FROM accounts WHERE totp_secret IS NOT NULL ORDER BY id LIMIT 1`)
	return s, err
}
