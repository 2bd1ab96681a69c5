package db

import (
	"context"
	"time"
)

// AdminKey is an SSH public key registered to an admin account.
type AdminKey struct {
	ID          int64     `db:"id"`
	AccountID   int64     `db:"account_id"`
	UserID      string    `db:"user_id"`
	Fingerprint string    `db:"fingerprint"`
	PublicKey   string    `db:"public_key"`
	Comment     string    `db:"comment"`
	CreatedAt   time.Time `db:"created_at"`
}

const adminKeySelect = `SELECT k.id, k.account_id, a.user_id, k.fingerprint, k.public_key, k.comment, k.created_at
	FROM admin_keys k JOIN accounts a ON a.id = k.account_id`

// AddAdminKey registers a key; a key registered anywhere already is ErrDuplicate.
func AddAdminKey(ctx context.Context, h Handler, accountID int64, fingerprint, publicKey, comment string, now time.Time) error {
	_, err := exec(ctx, h, `INSERT INTO admin_keys (account_id, fingerprint, public_key, comment, created_at)
		VALUES (?, ?, ?, ?, ?)`, accountID, fingerprint, publicKey, comment, UTC(now))
	return err
}

// AdminKeyByFingerprint finds the key with this SHA256 fingerprint.
func AdminKeyByFingerprint(ctx context.Context, h Handler, fingerprint string) (AdminKey, error) {
	var k AdminKey
	err := sqlxGet(ctx, h, &k, adminKeySelect+` WHERE k.fingerprint = ?`, fingerprint)
	return k, err
}

// AdminKeys lists the keys of one account, or of all accounts when accountID is 0.
func AdminKeys(ctx context.Context, h Handler, accountID int64) ([]AdminKey, error) {
	q, args := adminKeySelect+` ORDER BY a.user_id, k.id`, []any{}
	if accountID != 0 {
		q, args = adminKeySelect+` WHERE k.account_id = ? ORDER BY k.id`, []any{accountID}
	}
	var out []AdminKey
	err := sqlxSelect(ctx, h, &out, q, args...)
	return out, err
}

// RemoveAdminKey deletes a key by fingerprint.
func RemoveAdminKey(ctx context.Context, h Handler, fingerprint string) error {
	return execOne(ctx, h, `DELETE FROM admin_keys WHERE fingerprint = ?`, fingerprint)
}
