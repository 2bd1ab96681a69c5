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
type MailOutbox struct{ svc *Service }

// MailOutbox returns the outbox for a mail.Worker.
func (s *Service) MailOutbox() *MailOutbox { return &MailOutbox{svc: s} }

var _ mail.Outbox = (*MailOutbox)(nil)

// Claim takes due rows for worker.
func (o *MailOutbox) Claim(ctx context.Context, worker string, now time.Time, n int) ([]mail.Queued, error) {
	rows, err := db.ClaimMail(ctx, o.svc.DB, o.svc.DB.Dialect, worker, now, n, mailLease)
	if err != nil {
		return nil, err
	}
	out := make([]mail.Queued, 0, len(rows))
	for _, r := range rows {
		body, err := o.svc.Box.Open(r.BodyEnc, mailLabel(r.MessageID))
		if err != nil {
			// Undecryptable (wrong server key): fail the row rather than
			// retry it forever.
			_ = db.MarkMailFailed(ctx, o.svc.DB, r.ID, err.Error())
			continue
		}
		out = append(out, mail.Queued{ID: r.ID, To: r.To, Subject: r.Subject, Body: string(body), Attempts: r.Attempts, MessageID: r.MessageID})
	}
	return out, nil
}

// MarkSent records delivery.
func (o *MailOutbox) MarkSent(ctx context.Context, id int64, now time.Time) error {
	return db.MarkMailSent(ctx, o.svc.DB, id, now)
}

// MarkRetry schedules another attempt.
func (o *MailOutbox) MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	return db.MarkMailRetry(ctx, o.svc.DB, id, next, lastErr)
}

// MarkFailed gives up on a row.
func (o *MailOutbox) MarkFailed(ctx context.Context, id int64, lastErr string) error {
	return db.MarkMailFailed(ctx, o.svc.DB, id, lastErr)
}
