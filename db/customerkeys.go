package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"
)

// CustomerKey is an SSH public key a customer registered for logging in.
type CustomerKey struct {
	ID          int64        `db:"id"`
	AccountID   int64        `db:"account_id"`
	Fingerprint string       `db:"fingerprint"`
	PublicKey   string       `db:"public_key"`
	Name        string       `db:"name"`
	CreatedAt   time.Time    `db:"created_at"`
	LastUsedAt  sql.NullTime `db:"last_used_at"`
}

const customerKeySelect = `SELECT id, account_id, fingerprint, public_key, name, created_at, last_used_at FROM customer_keys`

// AddCustomerKey registers a key to an account; the same key twice on one
// account is ErrDuplicate.
func AddCustomerKey(ctx context.Context, h Handler, k CustomerKey) error {
	_, err := exec(ctx, h, `INSERT INTO customer_keys (account_id, fingerprint, public_key, name, created_at)
		VALUES (?, ?, ?, ?, ?)`, k.AccountID, k.Fingerprint, k.PublicKey, k.Name, UTC(k.CreatedAt))
	return err
}

// CustomerKeys lists an account's keys, oldest first.
func CustomerKeys(ctx context.Context, h Handler, accountID int64) ([]CustomerKey, error) {
	var out []CustomerKey
	err := sqlxSelect(ctx, h, &out, customerKeySelect+` WHERE account_id = ? ORDER BY id`, accountID)
	return out, err
}

// CustomerKeyOf finds an account's key by fingerprint.
func CustomerKeyOf(ctx context.Context, h Handler, accountID int64, fingerprint string) (CustomerKey, error) {
	var k CustomerKey
	err := sqlxGet(ctx, h, &k, customerKeySelect+` WHERE account_id = ? AND fingerprint = ?`, accountID, fingerprint)
	return k, err
}

// AccountHasKey reports, in one query, whether the key with fingerprint
// is still the account's: one of its admin keys or its customer keys.
// It is what every new channel of a key login asks.
func AccountHasKey(ctx context.Context, h Handler, accountID int64, fingerprint string) (bool, error) {
	var n int
	err := sqlxGet(ctx, h, &n, `SELECT
		(SELECT COUNT(*) FROM admin_keys WHERE account_id = ? AND fingerprint = ?) +
		(SELECT COUNT(*) FROM customer_keys WHERE account_id = ? AND fingerprint = ?)`,
		accountID, fingerprint, accountID, fingerprint)
	return n > 0, err
}

// KeyFingerprints returns the fingerprints of the keys (admin and
// customer) of each of the accounts, for the session watcher's round.
func KeyFingerprints(ctx context.Context, h Handler, ids []int64) (map[int64]map[string]bool, error) {
	out := make(map[int64]map[string]bool, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		q, args, err := sqlx.In(`SELECT account_id, fingerprint FROM admin_keys WHERE account_id IN (?)
			UNION ALL SELECT account_id, fingerprint FROM customer_keys WHERE account_id IN (?)`, chunk, chunk)
		if err != nil {
			return nil, err
		}
		var rows []struct {
			AccountID   int64  `db:"account_id"`
			Fingerprint string `db:"fingerprint"`
		}
		if err := sqlxSelect(ctx, h, &rows, q, args...); err != nil {
			return nil, err
		}
		for _, r := range rows {
			if out[r.AccountID] == nil {
				out[r.AccountID] = map[string]bool{}
			}
			out[r.AccountID][r.Fingerprint] = true
		}
	}
	return out, nil
}

// RemoveCustomerKey deletes an account's key by fingerprint.
func RemoveCustomerKey(ctx context.Context, h Handler, accountID int64, fingerprint string) error {
	return execOne(ctx, h, `DELETE FROM customer_keys WHERE account_id = ? AND fingerprint = ?`, accountID, fingerprint)
}

// TouchCustomerKey records a login with the key.
func TouchCustomerKey(ctx context.Context, h Handler, id int64, at time.Time) error {
	_, err := exec(ctx, h, `UPDATE customer_keys SET last_used_at = ? WHERE id = ?`, UTC(at), id)
	return err
}
