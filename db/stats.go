package db

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// QueueStats is the state of a work queue in the store (an outbox, the
// music activation queue), for the metrics.
type QueueStats struct {
	Waiting int           // rows waiting to be worked on
	Oldest  time.Duration // age of the oldest waiting row; 0 when none
	Failed  int           // rows given up on
}

// MailOutboxStats counts queued and failed mail and the age of the oldest
// queued one.
func MailOutboxStats(ctx context.Context, h Handler, now time.Time) (QueueStats, error) {
	var st QueueStats
	if err := sqlxGet(ctx, h, &st.Waiting, `SELECT COUNT(*) FROM mail_outbox WHERE status IN ('queued', 'sending')`); err != nil {
		return st, err
	}
	if err := sqlxGet(ctx, h, &st.Failed, `SELECT COUNT(*) FROM mail_outbox WHERE status = 'failed'`); err != nil {
		return st, err
	}
	return st, oldest(ctx, h, &st, now, `SELECT created_at FROM mail_outbox WHERE status IN ('queued', 'sending') ORDER BY id LIMIT 1`)
}

// ProvisioningOutboxStats counts queued provisioning events (waiting or
// being retried), the ones given up on, and the age of the oldest queued
// one. The status is counted, not consumed_at: a failed event keeps
// consumed_at NULL until a full sync resolves it, and is no backlog.
func ProvisioningOutboxStats(ctx context.Context, h Handler, now time.Time) (QueueStats, error) {
	var st QueueStats
	if err := sqlxGet(ctx, h, &st.Waiting, `SELECT COUNT(*) FROM provisioning_outbox WHERE status = 'queued'`); err != nil {
		return st, err
	}
	if err := sqlxGet(ctx, h, &st.Failed, `SELECT COUNT(*) FROM provisioning_outbox WHERE status = 'failed'`); err != nil {
		return st, err
	}
	return st, oldest(ctx, h, &st, now, `SELECT created_at FROM provisioning_outbox WHERE status = 'queued' ORDER BY id LIMIT 1`)
}

// MusicQueueStats counts uploads waiting for (or in) conversion.
func MusicQueueStats(ctx context.Context, h Handler, now time.Time) (QueueStats, error) {
	var st QueueStats
	if err := sqlxGet(ctx, h, &st.Waiting, `SELECT COUNT(*) FROM music_files WHERE status IN ('pending', 'processing')`); err != nil {
		return st, err
	}
	return st, oldest(ctx, h, &st, now, `SELECT uploaded_at FROM music_files WHERE status IN ('pending', 'processing')
		ORDER BY uploaded_at LIMIT 1`)
}

// oldest reads the timestamp of the oldest waiting row (a query for one
// column of one row) into st.Oldest. The row itself is read, not MIN(),
// because SQLite returns an aggregate of a DATETIME column as text.
func oldest(ctx context.Context, h Handler, st *QueueStats, now time.Time, q string) error {
	var at time.Time
	err := sqlxGet(ctx, h, &at, q)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	st.Oldest = max(now.Sub(at), 0)
	return nil
}

// ThrottleCount is the login throttling state of one scope.
type ThrottleCount struct {
	Scope   string `db:"scope"`
	Failing int    `db:"failing"` // subjects with consecutive failures counted
	Locked  int    `db:"locked"`  // subjects locked at now
}

// ThrottleCounts counts throttling records per scope; an account-scope
// record with at least permanent failures is locked until customer care
// unlocks it.
func ThrottleCounts(ctx context.Context, h Handler, now time.Time, permanent int) ([]ThrottleCount, error) {
	var out []ThrottleCount
	err := sqlxSelect(ctx, h, &out, `SELECT scope, COUNT(*) AS failing,
		SUM(CASE WHEN locked_until > ? OR (scope = ? AND consecutive >= ?) THEN 1 ELSE 0 END) AS locked
		FROM login_failures WHERE consecutive > 0 GROUP BY scope ORDER BY scope`, UTC(now), ScopeAccount, permanent)
	return out, err
}

// queryErrors counts failed store queries of this process for the
// metrics. It is a process-wide counter, not a field of DB, because the
// query helpers receive a Handler (the DB or a transaction) with no way
// back to the DB; a process has one store.
var queryErrors atomic.Uint64

// QueryErrors is how many store queries failed since start (every query of
// this package counts), not counting
// the domain outcomes (no rows, duplicate, missing reference) and requests
// cancelled by their caller.
func QueryErrors() uint64 { return queryErrors.Load() }

// countError counts err if it is a real failure and returns it unchanged.
func countError(err error) error {
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrDuplicate) || errors.Is(err, ErrReference) ||
		errors.Is(err, context.Canceled) {
		return err
	}
	queryErrors.Add(1)
	return err
}
