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
		return FailureState{}, WrapError(err)
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

// ReserveLoginAttempt counts an attempt before it is evaluated, so that
// parallel guesses cannot all pass a check that precedes their hashing
// (issue 11.5): the row is locked (SQLite: one writer; Postgres: FOR
// UPDATE), and an attempt is reserved only while the subject is not
// locked and below max consecutive attempts (0: no such cap). The lock
// that lockFor computes from the new count is stored at once, so at most
// the threshold of attempts is evaluated per lock window, on every
// replica. ok is false, with the current state, when the attempt is
// refused. Run it in a transaction.
func ReserveLoginAttempt(ctx context.Context, tx Tx, scope, subject string, now time.Time, max int,
	lockFor func(consecutive int) time.Duration) (st FailureState, ok bool, err error) {
	now = UTC(now)
	if _, err := exec(ctx, tx, `INSERT INTO login_failures (scope, subject, consecutive, last_failure_at)
		VALUES (?, ?, 0, ?) ON CONFLICT (scope, subject) DO NOTHING`, scope, subject, now); err != nil {
		return st, false, err
	}
	if st, err = lockedFailureState(ctx, tx, scope, subject); err != nil {
		return st, false, err
	}
	if (st.LockedUntil.Valid && now.Before(st.LockedUntil.Time)) || (max > 0 && st.Consecutive >= max) {
		return st, false, nil
	}
	st.Consecutive++
	st.LastFailureAt = now
	if d := lockFor(st.Consecutive); d > 0 {
		st.LockedUntil = sql.NullTime{Time: UTC(now.Add(d)), Valid: true}
	}
	_, err = exec(ctx, tx, `UPDATE login_failures SET consecutive = ?, last_failure_at = ?, locked_until = ?
		WHERE scope = ? AND subject = ?`, st.Consecutive, now, st.LockedUntil, scope, subject)
	return st, err == nil, err
}

// RefundLoginAttempt gives back an attempt that succeeded or that the
// server could not evaluate: the count drops by one, and the lock goes
// when the lower count no longer earns one. Run it in a transaction.
func RefundLoginAttempt(ctx context.Context, tx Tx, scope, subject string, lockFor func(consecutive int) time.Duration) error {
	st, err := lockedFailureState(ctx, tx, scope, subject)
	if err == ErrNotFound || (err == nil && st.Consecutive == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	st.Consecutive--
	if lockFor(st.Consecutive) == 0 {
		st.LockedUntil = sql.NullTime{}
	}
	_, err = exec(ctx, tx, `UPDATE login_failures SET consecutive = ?, locked_until = ? WHERE scope = ? AND subject = ?`,
		st.Consecutive, st.LockedUntil, scope, subject)
	return err
}

func lockedFailureState(ctx context.Context, tx Tx, scope, subject string) (FailureState, error) {
	lock := ""
	if tx.DriverName() == "postgres" {
		lock = " FOR UPDATE"
	}
	var st FailureState
	err := sqlxGet(ctx, tx, &st, `SELECT consecutive, last_failure_at, locked_until FROM login_failures
		WHERE scope = ? AND subject = ?`+lock, scope, subject)
	return st, err
}
