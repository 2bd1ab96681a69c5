package db

import (
	"context"
	"time"
)

// AuditEntry is an audit event with the user ID of the account it is
// about, for customer care's audit trail.
type AuditEntry struct {
	ID         int64     `db:"id"`
	At         time.Time `db:"at"`
	Actor      string    `db:"actor"`
	Account    string    `db:"account_user_id"` // empty: no account, or the account is gone
	Action     string    `db:"action"`
	Detail     string    `db:"detail"`
	RemoteAddr string    `db:"remote_addr"`
}

// AuditTrail lists the newest events since a time, newest first: of every
// account when accountID is 0, else those about the account or made by it
// (an admin's own actions). At most limit rows.
func AuditTrail(ctx context.Context, h Handler, accountID int64, since time.Time, limit int) ([]AuditEntry, error) {
	q := `SELECT e.id, e.at, e.actor, COALESCE(a.user_id, '') AS account_user_id, e.action, e.detail, e.remote_addr
		FROM audit_events e LEFT JOIN accounts a ON a.id = e.account_id WHERE e.at >= ?`
	args := []any{UTC(since)}
	if accountID != 0 {
		q += ` AND (e.account_id = ? OR e.actor_id = ?)`
		args = append(args, accountID, accountID)
	}
	q += ` ORDER BY e.at DESC, e.id DESC LIMIT ?`
	args = append(args, limit)
	var out []AuditEntry
	err := sqlxSelect(ctx, h, &out, q, args...)
	return out, err
}
