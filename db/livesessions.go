package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"
)

// LiveSession is one open SSH connection of an account on some replica.
type LiveSession struct {
	ID            string       `db:"id"`
	AccountID     int64        `db:"account_id"`
	Replica       string       `db:"replica"`
	How           string       `db:"how"` // tui, command, sftp, scp
	Source        string       `db:"source"`
	ClientVersion string       `db:"client_version"`
	Auth          string       `db:"auth"` // "password" or a key fingerprint
	StartedAt     time.Time    `db:"started_at"`
	LastActiveAt  time.Time    `db:"last_active_at"`
	LastSeenAt    time.Time    `db:"last_seen_at"`
	RevokedAt     sql.NullTime `db:"revoked_at"`
}

const liveSessionSelect = `SELECT id, account_id, replica, how, source, client_version, auth,
	started_at, last_active_at, last_seen_at, revoked_at FROM live_sessions`

// AddLiveSession records an open connection.
func AddLiveSession(ctx context.Context, h Handler, l LiveSession) error {
	_, err := exec(ctx, h, `INSERT INTO live_sessions (id, account_id, replica, how, source, client_version, auth,
		started_at, last_active_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.ID, l.AccountID, l.Replica, l.How, l.Source, l.ClientVersion, l.Auth,
		UTC(l.StartedAt), UTC(l.LastActiveAt), UTC(l.LastSeenAt))
	return err
}

// RemoveLiveSession deletes a connection's row when it ends.
func RemoveLiveSession(ctx context.Context, h Handler, id string) error {
	_, err := exec(ctx, h, `DELETE FROM live_sessions WHERE id = ?`, id)
	return err
}

// LiveSessionsOf lists an account's open connections not yet revoked and
// seen since alive, oldest first.
func LiveSessionsOf(ctx context.Context, h Handler, accountID int64, alive time.Time) ([]LiveSession, error) {
	var out []LiveSession
	err := sqlxSelect(ctx, h, &out, liveSessionSelect+` WHERE account_id = ? AND revoked_at IS NULL AND last_seen_at >= ?
		ORDER BY started_at, id`, accountID, UTC(alive))
	return out, err
}

// RevokeLiveSession marks one of the account's connections revoked; an
// unknown ID, another account's or one already revoked is ErrNotFound.
func RevokeLiveSession(ctx context.Context, h Handler, accountID int64, id string, at time.Time) error {
	return execOne(ctx, h, `UPDATE live_sessions SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL`,
		UTC(at), id, accountID)
}

// RevokeLiveSessionsExcept marks every open connection of the account but
// keep revoked and returns their IDs.
func RevokeLiveSessionsExcept(ctx context.Context, h Handler, accountID int64, keep string, at time.Time) ([]string, error) {
	return revokeWhere(ctx, h, `account_id = ? AND id <> ? AND revoked_at IS NULL`, at, accountID, keep)
}

// RevokeLiveSessionsByAuth marks the account's connections that logged in
// with auth (a key fingerprint) revoked, except keep ("" keeps none: the
// session removing its own key ends itself after reporting), and returns
// their IDs.
func RevokeLiveSessionsByAuth(ctx context.Context, h Handler, accountID int64, auth, keep string, at time.Time) ([]string, error) {
	return revokeWhere(ctx, h, `account_id = ? AND auth = ? AND id <> ? AND revoked_at IS NULL`, at, accountID, auth, keep)
}

func revokeWhere(ctx context.Context, h Handler, where string, at time.Time, args ...any) ([]string, error) {
	var ids []string
	if err := sqlxSelect(ctx, h, &ids, `SELECT id FROM live_sessions WHERE `+where+` ORDER BY id`, args...); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	_, err := exec(ctx, h, `UPDATE live_sessions SET revoked_at = ? WHERE `+where, append([]any{UTC(at)}, args...)...)
	return ids, err
}

// RevokedSession is a revoked connection of a replica: its ID, account
// and how it logged in (a key fingerprint or "password").
type RevokedSession struct {
	ID        string `db:"id"`
	AccountID int64  `db:"account_id"`
	Auth      string `db:"auth"`
}

// RevokedLiveSessions lists a replica's revoked connections.
func RevokedLiveSessions(ctx context.Context, h Handler, replica string) ([]RevokedSession, error) {
	var out []RevokedSession
	err := sqlxSelect(ctx, h, &out, `SELECT id, account_id, auth FROM live_sessions WHERE replica = ? AND revoked_at IS NOT NULL ORDER BY id`, replica)
	return out, err
}

// SeeLiveSessions refreshes last_seen_at of the replica's rows in open
// (the connections it holds now) and last_active_at of those in active.
// Only those: a row the replica no longer holds (from before a restart
// under the same name, or one whose delete failed while the store hung)
// is left to expire, never kept listed.
func SeeLiveSessions(ctx context.Context, h Handler, replica string, open, active []string, at time.Time) error {
	for start := 0; start < len(open); start += 500 {
		q, args, err := sqlx.In(`UPDATE live_sessions SET last_seen_at = ? WHERE replica = ? AND id IN (?)`,
			UTC(at), replica, open[start:min(start+500, len(open))])
		if err != nil {
			return err
		}
		if _, err := exec(ctx, h, q, args...); err != nil {
			return err
		}
	}
	for _, id := range active {
		if _, err := exec(ctx, h, `UPDATE live_sessions SET last_active_at = ? WHERE id = ? AND replica = ?`, UTC(at), id, replica); err != nil {
			return err
		}
	}
	return nil
}

// ExpireLiveSessions deletes the rows of replicas not seen since before
// (a replica that died keeps no connection open) and returns how many.
func ExpireLiveSessions(ctx context.Context, h Handler, before time.Time) (int64, error) {
	return exec(ctx, h, `DELETE FROM live_sessions WHERE last_seen_at < ?`, UTC(before))
}

// PurgeAudit deletes audit events older than before and returns how many.
func PurgeAudit(ctx context.Context, h Handler, before time.Time) (int64, error) {
	return exec(ctx, h, `DELETE FROM audit_events WHERE at < ?`, UTC(before))
}

// AuditLoginSources lists the distinct (remote address, method) pairs of
// the account's recorded logins with the time of the last of each, at
// most limit, newest first. It reads every login event of the account:
// it only fills login_sources once for an account that has none (an
// account from before that table). The last login of a pair is its
// event with the highest ID, so the time is a plain column, which both
// drivers scan as a time.
func AuditLoginSources(ctx context.Context, h Handler, accountID int64, limit int) ([]LoginSource, error) {
	var out []LoginSource
	err := sqlxSelect(ctx, h, &out, `SELECT remote_addr, detail, at FROM audit_events WHERE id IN (
		SELECT MAX(id) FROM audit_events WHERE account_id = ? AND action = 'login' GROUP BY remote_addr, detail)
		ORDER BY id DESC LIMIT ?`, accountID, limit)
	return out, err
}

// LoginSource is where from and how an account logged in.
type LoginSource struct {
	RemoteAddr string    `db:"remote_addr"`
	Method     string    `db:"detail"`
	At         time.Time `db:"at"`
}
