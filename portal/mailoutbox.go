package portal

import (
	"context"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/mail"
)

// mailLease is how long a claimed mail stays with its worker before
// another replica may take it (a few SMTP timeouts).
const mailLease = 10 * time.Minute

// MailOutbox is the store's mail outbox as the mail worker sees it: rows
// with their bodies decrypted.
type MailOutbox struct {
	db  *db.DB
	box *SecretBox
}

// NewMailOutbox is the outbox of store for a mail.Worker, opening bodies
// with box. It needs no Service, so the worker can be made before the
// Service that wakes it (WithMailQueued).
func NewMailOutbox(store *db.DB, box *SecretBox) *MailOutbox { return &MailOutbox{db: store, box: box} }

// MailOutbox returns the outbox of the service's store for a mail.Worker.
func (s *Service) MailOutbox() *MailOutbox { return NewMailOutbox(s.DB, s.Box) }

var _ mail.Outbox = (*MailOutbox)(nil)

// Claim takes due rows for worker.
func (o *MailOutbox) Claim(ctx context.Context, worker string, now time.Time, n int) ([]mail.Queued, error) {
	rows, err := db.ClaimMail(ctx, o.db, o.db.Dialect, worker, now, n, mailLease)
	if err != nil {
		return nil, err
	}
	out := make([]mail.Queued, 0, len(rows))
	for _, r := range rows {
		body, err := o.box.Open(r.BodyEnc, mailLabel(r.MessageID))
		if err != nil {
			// Undecryptable (wrong server key): fail the row rather than
			// retry it forever.
			_ = db.MarkMailFailed(ctx, o.db, r.ID, err.Error())
			continue
		}
		out = append(out, mail.Queued{ID: r.ID, To: r.To, Subject: r.Subject, Body: string(body), Attempts: r.Attempts, MessageID: r.MessageID})
	}
	return out, nil
}

// MarkSent records delivery.
func (o *MailOutbox) MarkSent(ctx context.Context, id int64, now time.Time) error {
	return db.MarkMailSent(ctx, o.db, id, now)
}

// MarkRetry schedules another attempt.
func (o *MailOutbox) MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	return db.MarkMailRetry(ctx, o.db, id, next, lastErr)
}

// MarkFailed gives up on a row.
func (o *MailOutbox) MarkFailed(ctx context.Context, id int64, lastErr string) error {
	return db.MarkMailFailed(ctx, o.db, id, lastErr)
}
