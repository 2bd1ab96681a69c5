package db

import (
	"context"
	"time"
)

// ClaimMail takes up to n due mail rows for a worker in one statement: it
// counts the attempt and moves next_attempt_at forward by lease, so another
// replica does not take them meanwhile and a worker that dies releases them
// when the lease ends. The status re-check in the outer WHERE makes a row
// that two workers race for go to one only. A worker named by ClaimantID
// also retakes at once the rows its replica's killed earlier run leased.
func ClaimMail(ctx context.Context, h Handler, dialect Dialect, worker string, now time.Time, n int, lease time.Duration) ([]OutboxMail, error) {
	lock := ""
	if dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	prefix, start, ok := earlierRuns(worker)
	if !ok {
		prefix, start = "", ""
	}
	const due = `status = 'queued' AND (next_attempt_at <= ? OR
		(? <> '' AND substr(claimed_by, 1, ?) = ? AND substr(claimed_by, ?, ?) < ?))`
	dueArgs := []any{UTC(now), prefix, len(prefix), prefix, len(prefix) + 1, ClaimantStartWidth, start}
	args := []any{UTC(now.Add(lease)), worker, UTC(now)}
	args = append(args, dueArgs...)
	args = append(args, n)
	args = append(args, dueArgs...)
	var out []OutboxMail
	err := sqlxSelect(ctx, h, &out, `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?,
		claimed_by = ?, claimed_at = ?
		WHERE id IN (SELECT id FROM mail_outbox WHERE `+due+`
			ORDER BY next_attempt_at, id LIMIT ?`+lock+`)
		AND `+due+`
		RETURNING id, kind, to_addr, subject, body, message_id, status, attempts, next_attempt_at, last_error, created_at`,
		args...)
	return out, err
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
