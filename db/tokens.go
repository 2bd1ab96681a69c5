package db

import (
	"context"
	"time"
)

// ResetToken is a single-use password reset or set-password token. Only the
// token's hash is stored.
type ResetToken struct {
	ID        int64      `db:"id"`
	AccountID int64      `db:"account_id"`
	TokenHash string     `db:"token_hash"`
	Purpose   string     `db:"purpose"`
	CreatedAt time.Time  `db:"created_at"`
	ExpiresAt time.Time  `db:"expires_at"`
	UsedAt    *time.Time `db:"used_at"`
}

// CreateResetToken voids every older unused token of the account and stores
// a new one.
func CreateResetToken(ctx context.Context, h Handler, accountID int64, hash, purpose string, now, expires time.Time) error {
	if _, err := exec(ctx, h, `UPDATE reset_tokens SET used_at = ? WHERE account_id = ? AND used_at IS NULL`,
		UTC(now), accountID); err != nil {
		return err
	}
	_, err := exec(ctx, h, `INSERT INTO reset_tokens (account_id, token_hash, purpose, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, accountID, hash, purpose, UTC(now), UTC(expires))
	return err
}

// ResetTokenByHash finds a token by its hash, used or not.
func ResetTokenByHash(ctx context.Context, h Handler, hash string) (ResetToken, error) {
	var t ResetToken
	err := sqlxGet(ctx, h, &t, `SELECT id, account_id, token_hash, purpose, created_at, expires_at, used_at
		FROM reset_tokens WHERE token_hash = ?`, hash)
	return t, err
}

// UseResetToken spends a token if it is unused and unexpired; false
// otherwise. One conditional UPDATE: a token works once, even when two
// sessions race.
func UseResetToken(ctx context.Context, h Handler, id int64, now time.Time) (bool, error) {
	n, err := exec(ctx, h, `UPDATE reset_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?`,
		UTC(now), id, UTC(now))
	return n == 1, err
}

// CountResetTokensSince counts the tokens made for an account since a time
// (to cap reset mails per hour).
func CountResetTokensSince(ctx context.Context, h Handler, accountID int64, since time.Time) (int, error) {
	var n int
	err := sqlxGet(ctx, h, &n, `SELECT COUNT(*) FROM reset_tokens WHERE account_id = ? AND created_at >= ?`,
		accountID, UTC(since))
	return n, err
}

// AccountsForReset finds the accounts a forgot-password request matches: on
// the CH portal by email alone, on the AT portal by user ID and email.
func AccountsForReset(ctx context.Context, h Handler, region, userID, email string) ([]Account, error) {
	q := `SELECT ` + accountColumns + ` FROM accounts WHERE region = ? AND LOWER(email) = ? AND disabled = ?`
	args := []any{region, email, false}
	if userID != "" {
		q += ` AND user_id = ?`
		args = append(args, userID)
	}
	var out []Account
	err := sqlxSelect(ctx, h, &out, q, args...)
	return out, err
}
