package db

import (
	"context"
	"database/sql"
	"time"
)

// Throttle scopes: consecutive login failures are counted per account and
// per source address.
const (
	ScopeAccount = "account"
	ScopeSource  = "source"
)

// FailureState is the throttling record of one account or source.
type FailureState struct {
	Consecutive   int          `db:"consecutive"`
	LastFailureAt time.Time    `db:"last_failure_at"`
	LockedUntil   sql.NullTime `db:"locked_until"`
}

// LoginFailures reads a throttling record; a missing record is the zero state.
func LoginFailures(ctx context.Context, h Handler, scope, subject string) (FailureState, error) {
	var st FailureState
	err := sqlxGet(ctx, h, &st, `SELECT consecutive, last_failure_at, locked_until FROM login_failures
		WHERE scope = ? AND subject = ?`, scope, subject)
	if err == ErrNotFound {
		return FailureState{}, nil
	}
	return st, err
}

// RecordLoginFailure counts one failure atomically and stores the lock
// window that lockFor computes from the new count.
func RecordLoginFailure(ctx context.Context, h Handler, scope, subject string, now time.Time,
	lockFor func(consecutive int) time.Duration) (FailureState, error) {
	var n int
	err := h.QueryRowxContext(ctx, h.Rebind(`INSERT INTO login_failures (scope, subject, consecutive, last_failure_at)
		VALUES (?, ?, 1, ?) ON CONFLICT (scope, subject) DO UPDATE
		SET consecutive = login_failures.consecutive + 1, last_failure_at = excluded.last_failure_at
		RETURNING consecutive`), scope, subject, UTC(now)).Scan(&n)
	if err != nil {
		return FailureState{}, countError(WrapError(err))
	}
	st := FailureState{Consecutive: n, LastFailureAt: UTC(now)}
	if d := lockFor(n); d > 0 {
		st.LockedUntil = sql.NullTime{Time: UTC(now.Add(d)), Valid: true}
		if _, err := exec(ctx, h, `UPDATE login_failures SET locked_until = ? WHERE scope = ? AND subject = ?`,
			st.LockedUntil.Time, scope, subject); err != nil {
			return st, err
		}
	}
	return st, nil
}

// ClearLoginFailures resets a record after a successful login or an unlock.
func ClearLoginFailures(ctx context.Context, h Handler, scope, subject string) error {
	_, err := exec(ctx, h, `DELETE FROM login_failures WHERE scope = ? AND subject = ?`, scope, subject)
	return err
}
