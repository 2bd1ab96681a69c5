package db

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
)

// Account is a portal login: a customer or a customer-care admin.
type Account struct {
	ID                int64          `db:"id"`
	UserID            string         `db:"user_id"`
	Email             string         `db:"email"`
	Name              string         `db:"name"`
	Region            string         `db:"region"`
	Role              string         `db:"role"`
	PasswordHash      sql.NullString `db:"password_hash"`
	TOTPSecret        []byte         `db:"totp_secret"`
	TOTPEnabled       bool           `db:"totp_enabled"`
	TOTPLastStep      int64          `db:"totp_last_step"`
	Disabled          bool           `db:"disabled"`
	SessionEpoch      int64          `db:"session_epoch"`
	CreatedAt         time.Time      `db:"created_at"`
	UpdatedAt         time.Time      `db:"updated_at"`
	PasswordChangedAt sql.NullTime   `db:"password_changed_at"`
	LastLoginAt       sql.NullTime   `db:"last_login_at"`
}

const accountColumns = `id, user_id, email, name, region, role, password_hash, totp_secret,
	totp_enabled, totp_last_step, disabled, session_epoch, created_at, updated_at,
	password_changed_at, last_login_at`

// UTC normalises a time for storage: UTC, microsecond precision (Postgres'
// resolution), so both dialects store and compare the same value.
func UTC(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// NewAccount is what CreateAccount needs.
type NewAccount struct {
	UserID       string
	Email        string
	Name         string
	Region       string
	Role         string
	PasswordHash string // empty: no password yet (set through a welcome link)
}

// CreateAccount inserts an account and returns its ID.
func CreateAccount(ctx context.Context, h Handler, a NewAccount, now time.Time) (int64, error) {
	var hash sql.NullString
	if a.PasswordHash != "" {
		hash = sql.NullString{String: a.PasswordHash, Valid: true}
	}
	var changed sql.NullTime
	if hash.Valid {
		changed = sql.NullTime{Time: UTC(now), Valid: true}
	}
	var id int64
	err := h.QueryRowxContext(ctx, h.Rebind(`INSERT INTO accounts
		(user_id, email, name, region, role, password_hash, created_at, updated_at, password_changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		a.UserID, a.Email, a.Name, a.Region, a.Role, hash, UTC(now), UTC(now), changed).Scan(&id)
	return id, countError(WrapError(err))
}

// AccountByID loads one account.
func AccountByID(ctx context.Context, h Handler, id int64) (Account, error) {
	var a Account
	err := sqlxGet(ctx, h, &a, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id)
	return a, err
}

// AccountByUserID loads the account with this login name (stored lower case).
func AccountByUserID(ctx context.Context, h Handler, userID string) (Account, error) {
	var a Account
	err := sqlxGet(ctx, h, &a, `SELECT `+accountColumns+` FROM accounts WHERE user_id = ?`, userID)
	return a, err
}

// CountAccounts tells whether the store is new (used to seed a demo account
// only into an empty store).
func CountAccounts(ctx context.Context, h Handler) (int64, error) {
	var n int64
	err := sqlxGet(ctx, h, &n, `SELECT COUNT(*) FROM accounts`)
	return n, err
}

// SetPasswordHash replaces the password hash, e.g. after a change, a reset or
// a rehash with stronger parameters.
func SetPasswordHash(ctx context.Context, h Handler, id int64, hash string, now time.Time) error {
	return execOne(ctx, h, `UPDATE accounts SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?`,
		hash, UTC(now), UTC(now), id)
}

// RehashPassword stores a rehash of the same password (stronger parameters)
// without counting it as a password change.
func RehashPassword(ctx context.Context, h Handler, id int64, hash string) error {
	return execOne(ctx, h, `UPDATE accounts SET password_hash = ? WHERE id = ?`, hash, id)
}

// SetDisabled disables or enables an account.
func SetDisabled(ctx context.Context, h Handler, id int64, disabled bool, now time.Time) error {
	return execOne(ctx, h, `UPDATE accounts SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, UTC(now), id)
}

// TouchLogin records a successful login.
func TouchLogin(ctx context.Context, h Handler, id int64, now time.Time) error {
	return execOne(ctx, h, `UPDATE accounts SET last_login_at = ? WHERE id = ?`, UTC(now), id)
}

// BumpSessionEpoch ends every open session of the account: each session
// remembers the epoch it started under and closes when the stored one moves.
func BumpSessionEpoch(ctx context.Context, h Handler, id int64) (int64, error) {
	var epoch int64
	err := h.QueryRowxContext(ctx, h.Rebind(`UPDATE accounts SET session_epoch = session_epoch + 1
		WHERE id = ? RETURNING session_epoch`), id).Scan(&epoch)
	return epoch, countError(WrapError(err))
}

// SessionEpoch reads the account's current session epoch and disabled flag,
// the two facts an open session re-checks.
func SessionEpoch(ctx context.Context, h Handler, id int64) (epoch int64, disabled bool, err error) {
	err = h.QueryRowxContext(ctx, h.Rebind(`SELECT session_epoch, disabled FROM accounts WHERE id = ?`), id).
		Scan(&epoch, &disabled)
	return epoch, disabled, countError(WrapError(err))
}

// Audit appends an audit event. actorID 0 means the system.
func Audit(ctx context.Context, h Handler, e AuditEvent) error {
	_, err := h.ExecContext(ctx, h.Rebind(`INSERT INTO audit_events
		(at, actor_id, actor, account_id, action, detail, remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		UTC(e.At), nullID(e.ActorID), e.Actor, nullID(e.AccountID), e.Action, e.Detail, e.RemoteAddr)
	return countError(WrapError(err))
}

// AuditEvent is one line of the audit trail. It never holds a secret.
type AuditEvent struct {
	ID         int64         `db:"id"`
	At         time.Time     `db:"at"`
	ActorID    int64         `db:"-"`
	Actor      string        `db:"actor"`
	AccountID  int64         `db:"-"`
	Account    sql.NullInt64 `db:"account_id"`
	Action     string        `db:"action"`
	Detail     string        `db:"detail"`
	RemoteAddr string        `db:"remote_addr"`
}

// AuditEvents lists the newest events, optionally of one account and since a time.
func AuditEvents(ctx context.Context, h Handler, accountID int64, since time.Time, limit int) ([]AuditEvent, error) {
	q := `SELECT id, at, actor, account_id, action, detail, remote_addr FROM audit_events WHERE at >= ?`
	args := []any{UTC(since)}
	if accountID != 0 {
		q += ` AND account_id = ?`
		args = append(args, accountID)
	}
	q += ` ORDER BY at DESC, id DESC LIMIT ` + strconv.Itoa(limit)
	var out []AuditEvent
	err := sqlxSelect(ctx, h, &out, q, args...)
	return out, err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// EpochState is what an open session re-checks about its account.
type EpochState struct {
	ID       int64  `db:"id"`
	Epoch    int64  `db:"session_epoch"`
	Disabled bool   `db:"disabled"`
	Role     string `db:"role"`
}

// SessionEpochs reads the session epoch, disabled flag and role of many accounts
// in one query (a server re-checks every account with an open session).
func SessionEpochs(ctx context.Context, h Handler, ids []int64) (map[int64]EpochState, error) {
	out := make(map[int64]EpochState, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		q, args, err := sqlx.In(`SELECT id, session_epoch, disabled, role FROM accounts WHERE id IN (?)`, chunk)
		if err != nil {
			return nil, err
		}
		var rows []EpochState
		if err := sqlxSelect(ctx, h, &rows, q, args...); err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] = r
		}
	}
	return out, nil
}
