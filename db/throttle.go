package db

import (
	"context"
	"database/sql"
	"errors"
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
	// InFlight is how many of the Consecutive attempts are reserved and
	// not yet settled (see ReserveLoginAttempt).
	InFlight int `db:"in_flight"`
}

// LoginFailures reads a throttling record; a missing record is the zero state.
func LoginFailures(ctx context.Context, h Handler, scope, subject string) (FailureState, error) {
	var st FailureState
	err := sqlxGet(ctx, h, &st, `SELECT consecutive, last_failure_at, locked_until, in_flight FROM login_failures
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

// ReserveLoginAttempt counts an attempt before it is evaluated, so that
// parallel guesses cannot all pass a check that precedes their hashing
// (issue 11.5). It reads the record and writes the next count only if
// nobody changed it meanwhile (compare and swap on the count, retried), so
// it needs no transaction and holds no lock while the caller hashes. An
// attempt is reserved only while the subject is not locked and below max
// consecutive attempts (0: no such cap); the lock that lockFor computes
// from the new count is stored with it, so at most the threshold of
// attempts is evaluated per lock window, on every replica. ok is false,
// with the current state, when the attempt is refused. The attempt is
// also counted in flight until SettleFailedLoginAttempt or
// RefundLoginAttempt settles it.
func ReserveLoginAttempt(ctx context.Context, h Handler, scope, subject string, now time.Time, max int,
	lockFor func(consecutive int) time.Duration) (st FailureState, ok bool, err error) {
	now = UTC(now)
	for range maxReserveRounds {
		cur, err := LoginFailures(ctx, h, scope, subject)
		if err != nil {
			return cur, false, err
		}
		if (cur.LockedUntil.Valid && now.Before(cur.LockedUntil.Time)) || (max > 0 && cur.Consecutive >= max) {
			return cur, false, nil
		}
		st = FailureState{Consecutive: cur.Consecutive + 1, LastFailureAt: now, InFlight: cur.InFlight + 1}
		if d := lockFor(st.Consecutive); d > 0 {
			st.LockedUntil = sql.NullTime{Time: UTC(now.Add(d)), Valid: true}
		}
		var n int64
		if cur.Consecutive == 0 && cur.LastFailureAt.IsZero() {
			n, err = exec(ctx, h, `INSERT INTO login_failures (scope, subject, consecutive, last_failure_at, locked_until, in_flight)
				VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (scope, subject) DO NOTHING`,
				scope, subject, st.Consecutive, now, st.LockedUntil)
		} else {
			n, err = exec(ctx, h, `UPDATE login_failures SET consecutive = ?, last_failure_at = ?, locked_until = ?,
				in_flight = in_flight + 1
				WHERE scope = ? AND subject = ? AND consecutive = ?`,
				st.Consecutive, now, st.LockedUntil, scope, subject, cur.Consecutive)
		}
		if err != nil {
			return st, false, err
		}
		if n == 1 {
			return st, true, nil
		}
		// Another attempt changed the record first: look again.
	}
	return st, false, errors.New("login throttling: too much contention on one record")
}

// maxReserveRounds bounds the compare-and-swap retries; each lost round
// means another attempt was counted, so the lock comes within threshold rounds.
const maxReserveRounds = 100

// RefundLoginAttempt gives back an attempt that the server could not
// evaluate or that needs a second step: the count drops by one, and the
// lock goes when the lower count is below threshold.
func RefundLoginAttempt(ctx context.Context, h Handler, scope, subject string, threshold int) error {
	_, err := exec(ctx, h, `UPDATE login_failures SET consecutive = consecutive - 1,
		locked_until = CASE WHEN consecutive - 1 < ? THEN NULL ELSE locked_until END,
		in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END
		WHERE scope = ? AND subject = ? AND consecutive > 0`, threshold, scope, subject)
	return err
}

// SettleFailedLoginAttempt settles a reserved attempt as a failure: it
// stays counted (and its lock stays), it is only no longer in flight.
func SettleFailedLoginAttempt(ctx context.Context, h Handler, scope, subject string) error {
	_, err := exec(ctx, h, `UPDATE login_failures SET in_flight = in_flight - 1
		WHERE scope = ? AND subject = ? AND in_flight > 0`, scope, subject)
	return err
}

// RelaxDurability lets the transaction commit without waiting for its
// write-ahead log to reach the disk (Postgres synchronous_commit off; the
// change is still atomic and at once visible to every replica). For
// login-throttling counters only: losing the last milliseconds of them in
// a crash of Postgres itself is harmless, and a login then does not wait
// for one more disk flush.
func RelaxDurability(ctx context.Context, tx Tx) error {
	if tx.DriverName() != "postgres" {
		return nil // SQLite runs with synchronous=NORMAL in WAL mode: no flush per commit
	}
	_, err := exec(ctx, tx, `SET LOCAL synchronous_commit TO OFF`)
	return err
}
