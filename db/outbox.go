package db

import (
	"context"
	"time"
)

// OutboxMail is a queued mail row. Body is the server-key ciphertext: reset
// and welcome mails carry single-use links.
type OutboxMail struct {
	ID            int64     `db:"id"`
	Kind          string    `db:"kind"`
	To            string    `db:"to_addr"`
	Subject       string    `db:"subject"`
	BodyEnc       []byte    `db:"body"`
	MessageID     string    `db:"message_id"`
	Status        string    `db:"status"`
	Attempts      int       `db:"attempts"`
	NextAttemptAt time.Time `db:"next_attempt_at"`
	LastError     string    `db:"last_error"`
	CreatedAt     time.Time `db:"created_at"`
}

// QueueMail writes a mail row, normally in the same transaction as the
// change that causes the mail (the transactional outbox).
func QueueMail(ctx context.Context, h Handler, accountID int64, m OutboxMail, now time.Time) (int64, error) {
	var id int64
	err := h.QueryRowxContext(ctx, h.Rebind(`INSERT INTO mail_outbox
		(account_id, kind, to_addr, subject, body, message_id, status, attempts, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) RETURNING id`),
		nullID(accountID), m.Kind, m.To, m.Subject, m.BodyEnc, m.MessageID, UTC(now), UTC(now)).Scan(&id)
	return id, countError(WrapError(err))
}
