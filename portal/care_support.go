package portal

import (
	"context"
	"net/mail"
	"sort"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/safetext"
)

// SendPasswordReset mails a link to the account's stored address: a reset
// link, or a new set-password (welcome) link when no password was ever
// set. It returns the purpose sent (PurposeReset or PurposeWelcome). The
// per-hour cap on reset mails holds for customer care too.
func (s *Service) SendPasswordReset(ctx context.Context, actor CareActor, user string) (db.Account, string, error) {
	if err := actor.check(); err != nil {
		return db.Account{}, "", err
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return acct, "", err
	}
	if acct.Disabled {
		return acct, "", careRefused("%s is disabled, so a link would not work; enable it first (admin customer enable %s)", acct.UserID, acct.UserID)
	}
	purpose := PurposeReset
	if !acct.PasswordHash.Valid {
		purpose = PurposeWelcome
	} else {
		n, err := db.CountResetTokensSince(ctx, s.DB, acct.ID, s.now().Add(-time.Hour))
		if err != nil {
			return acct, "", err
		}
		if n >= MaxResetMailsPerHour {
			return acct, "", careRefused("%s got %d reset links in the last hour, the most allowed; the newest works, so ask the customer to check their spam folder, or try again later",
				acct.UserID, n)
		}
	}
	return acct, purpose, s.SendResetLink(ctx, s.DB, acct, purpose, actor)
}

// ResetTOTP turns off an account's two-factor authentication for a
// customer who lost their authenticator app. The FAQ's rule: the request
// must come from the email address stored in the account, so requestedBy
// (the address the request came from) must equal it, case-insensitively;
// anything else is refused and the refusal audited. On success 2FA is off,
// the secret and every recovery code are void, and the customer is
// notified, in one transaction.
func (s *Service) ResetTOTP(ctx context.Context, actor CareActor, user, requestedBy string) (db.Account, error) {
	if err := actor.check(); err != nil {
		return db.Account{}, err
	}
	if err := safetext.Check("--requested-by", requestedBy); err != nil {
		return db.Account{}, careInvalid("%v", err)
	}
	from, err := mail.ParseAddress(strings.TrimSpace(requestedBy))
	if err != nil || from.Name != "" {
		return db.Account{}, careInvalid("--requested-by %q is not an email address: give the address the request came from", requestedBy)
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return acct, err
	}
	if !strings.EqualFold(from.Address, acct.Email) {
		if err := s.careAudit(ctx, s.DB, actor, acct.ID, "2fa.reset-refused", detailRequestedBy+from.Address+detailNotStoredAddress); err != nil {
			return acct, err
		}
		return acct, careRefused("2FA of %s is reset only on a request from the account's stored address; this one came from %s. "+
			"Ask the customer to write from the stored address (a password reset mail goes there too)", acct.UserID, from.Address)
	}
	if !acct.TOTPEnabled {
		return acct, careRefused("two-factor authentication is off for %s; there is nothing to reset", acct.UserID)
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.DisableTOTP(ctx, tx, acct.ID, s.now()); err != nil {
			return err
		}
		if err := s.careAudit(ctx, tx, actor, acct.ID, "2fa.reset", detailRequestedBy+from.Address); err != nil {
			return err
		}
		return s.notify(ctx, tx, acct, MailTOTPReset)
	})
	if err == nil {
		acct.TOTPEnabled, acct.TOTPSecret = false, nil
	}
	return acct, err
}

// AuditTrail lists audit events since a time, newest first: every
// account's, or those about user or made by user when user is not empty.
func (s *Service) AuditTrail(ctx context.Context, user string, since time.Time, limit int) ([]AuditEntry, error) {
	var id int64
	if strings.TrimSpace(user) != "" {
		a, err := s.FindAccount(ctx, user)
		if err != nil {
			return nil, err
		}
		id = a.ID
	}
	rows, err := db.AuditTrail(ctx, s.DB, id, since, limit)
	if err != nil {
		return nil, err
	}
	return auditEntries(rows), nil
}

// OutboxMail is a mail of the outbox as customer care sees it: never its
// body, which may carry a single-use link.
type OutboxMail struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	To            string    `json:"to"`
	Subject       string    `json:"subject"`
	Status        string    `json:"status"`
	Attempts      int       `json:"attempts"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	LastError     string    `json:"last_error"`
	CreatedAt     time.Time `json:"created_at"`
}

// mailStatuses are the outbox states, in the order the list shows them.
var mailStatuses = []string{"failed", "queued", "sending", "sent"}

// OutboxMails lists the newest mails of the outbox (only failed ones when
// failedOnly), newest first; at most limit.
func (s *Service) OutboxMails(ctx context.Context, failedOnly bool, limit int) ([]OutboxMail, error) {
	statuses := mailStatuses
	if failedOnly {
		statuses = []string{"failed"}
	}
	var rows []db.OutboxMail
	for _, st := range statuses {
		r, err := db.MailsByStatus(ctx, s.DB, st, limit)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r...)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID > rows[j].ID })
	out := make([]OutboxMail, 0, min(len(rows), limit))
	for _, m := range rows[:min(len(rows), limit)] {
		out = append(out, OutboxMail{ID: m.ID, Kind: m.Kind, To: m.To, Subject: m.Subject, Status: m.Status, Attempts: m.Attempts,
			NextAttemptAt: m.NextAttemptAt.UTC(), LastError: m.LastError, CreatedAt: m.CreatedAt.UTC()})
	}
	return out, nil
}

// Filters of MusicUploads.
const (
	MusicFilterAll     = ""        // waiting, failed and active uploads
	MusicFilterPending = "pending" // waiting for activation (pending, processing)
	MusicFilterFailed  = "failed"  // conversion failed
)

// CareMusic is an upload of any account as customer care sees it.
type CareMusic struct {
	ID              int64      `json:"id"`
	UserID          string     `json:"user_id"`
	Kind            string     `json:"kind"`
	Status          string     `json:"status"`
	Name            string     `json:"name"`
	Format          string     `json:"format"`
	Size            int64      `json:"size_bytes"`
	DurationSeconds float64    `json:"duration_seconds"`
	Error           string     `json:"error,omitempty"`
	Attempts        int        `json:"attempts"`
	UploadedAt      time.Time  `json:"uploaded_at"`
	ActivatedAt     *time.Time `json:"activated_at"`
}

// MusicUploads lists hold and queue music uploads of every account, newest
// first; filter is one of the MusicFilter constants.
func (s *Service) MusicUploads(ctx context.Context, filter string, limit int) ([]CareMusic, error) {
	var statuses []string
	switch filter {
	case MusicFilterAll:
		statuses = []string{"pending", "processing", "failed", "active"}
	case MusicFilterPending:
		statuses = []string{"pending", "processing"}
	case MusicFilterFailed:
		statuses = []string{"failed"}
	default:
		return nil, careInvalid("unknown music filter %q", filter)
	}
	rows, err := db.MusicByStatus(ctx, s.DB, statuses, limit)
	if err != nil {
		return nil, err
	}
	out := make([]CareMusic, len(rows))
	for i, m := range rows {
		out[i] = CareMusic{ID: m.ID, UserID: m.UserID, Kind: m.Kind, Status: m.Status, Name: m.OriginalName, Format: m.Format,
			Size: m.SizeBytes, DurationSeconds: float64(m.DurationMS) / 1000, Error: m.Error, Attempts: m.Attempts,
			UploadedAt: m.UploadedAt.UTC(), ActivatedAt: timeOrNil(m.ActivatedAt.Time, m.ActivatedAt.Valid)}
	}
	return out, nil
}
