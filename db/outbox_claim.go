package db

import (
	"context"
	"time"
)

// ClaimMail takes up to n due mail rows for a worker (see claimDue).
func ClaimMail(ctx context.Context, h Handler, dialect Dialect, worker string, now time.Time, n int, lease time.Duration) ([]OutboxMail, error) {
	var out []OutboxMail
	err := claimDue(ctx, h, dialect, &out, "mail_outbox",
		"id, kind, to_addr, subject, body, message_id, status, attempts, next_attempt_at, last_error, created_at",
		worker, now, n, lease)
	return out, err
}

// claimDue is the one claim of every outbox (mail, provisioning): it takes
// up to n due rows of table (status queued, next_attempt_at <= now) for a
// worker in one statement, counts the attempt and moves next_attempt_at
// forward by lease, so another replica does not take them meanwhile and a
// worker that dies releases them when the lease ends. The status re-check
// in the outer WHERE makes a row that two workers race for go to one only;
// on Postgres, SKIP LOCKED lets the loser take other rows instead. table
// and returning are constants of this package, never input.
func claimDue(ctx context.Context, h Handler, dialect Dialect, dest any, table, returning, worker string,
	now time.Time, n int, lease time.Duration) error {
	lock := ""
	if dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	// A worker named by ClaimantID also retakes at once the rows that its
	// replica's killed earlier run leased (see earlierRuns).
	prefix, start, ok := earlierRuns(worker)
	if !ok {
		prefix, start = "", ""
	}
	const due = `status = 'queued' AND (next_attempt_at <= ? OR
		(? <> '' AND substr(claimed_by, 1, ?) = ? AND substr(claimed_by, ?, ?) < ?))`
	dueArgs := []any{UTC(now), prefix, len(prefix), prefix, len(prefix) + 1, ClaimantStartWidth, start}
	args := append([]any{}, dueArgs...)
	args = append(args, n, UTC(now.Add(lease)), worker, UTC(now))
	args = append(args, dueArgs...)
	// The candidates are a MATERIALIZED CTE, picked once: as a plain
	// "id IN (SELECT ... LIMIT n)" Postgres may run the subquery again for
	// each row it updates, each time skipping what it has locked, and so
	// claim far more than n rows (all of them, in the replicas test).
	return sqlxSelect(ctx, h, dest, `WITH picked AS MATERIALIZED (SELECT id FROM `+table+`
			WHERE `+due+`
			ORDER BY next_attempt_at, id LIMIT ?`+lock+`)
		UPDATE `+table+` SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = ?, claimed_at = ?
		WHERE id IN (SELECT id FROM picked) AND `+due+`
		RETURNING `+returning, args...)
}

// MarkMailSent records delivery.
func MarkMailSent(ctx context.Context, h Handler, id int64, now time.Time) error {
	return execOne(ctx, h, `UPDATE mail_outbox SET status = 'sent', sent_at = ?, last_error = '' WHERE id = ?`, UTC(now), id)
}

// MarkMailRetry schedules another attempt.
func MarkMailRetry(ctx context.Context, h Handler, id int64, next time.Time, lastErr string) error {
	// claimed_by is cleared: a row waiting for its retry is nobody's lease,
	// so a restarted replica must not take it before it is due.
	return execOne(ctx, h, `UPDATE mail_outbox SET status = 'queued', next_attempt_at = ?, last_error = ?, claimed_by = '' WHERE id = ?`,
		UTC(next), lastErr, id)
}

// MarkMailFailed gives up on a row; customer care sees it in the failed list.
func MarkMailFailed(ctx context.Context, h Handler, id int64, lastErr string) error {
	return execOne(ctx, h, `UPDATE mail_outbox SET status = 'failed', last_error = ? WHERE id = ?`, lastErr, id)
}

// MailsByStatus lists outbox rows with a status, newest first.
func MailsByStatus(ctx context.Context, h Handler, status string, limit int) ([]OutboxMail, error) {
	var out []OutboxMail
	err := sqlxSelect(ctx, h, &out, `SELECT id, kind, to_addr, subject, body, message_id, status, attempts,
		next_attempt_at, last_error, created_at FROM mail_outbox WHERE status = ? ORDER BY id DESC LIMIT ?`, status, limit)
	return out, err
}
