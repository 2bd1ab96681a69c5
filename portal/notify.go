package portal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"

	"github.com/sipdesk/sipdesk/db"
)

// MailKind names a notification mail.
type MailKind string

// The mails the portal sends. No mail ever carries a password or a code.
const (
	MailWelcome          MailKind = "welcome"
	MailPasswordReset    MailKind = "password-reset"
	MailPasswordChanged  MailKind = "password-changed"
	MailTOTPActivated    MailKind = "totp-activated"
	MailTOTPDeactivated  MailKind = "totp-deactivated"
	MailRecoveryCodeUsed MailKind = "recovery-code-used"
	MailTOTPReset        MailKind = "totp-reset"
)

// MailData is what the mail templates may use.
type MailData struct {
	Brand     string
	UserID    string
	Email     string
	Region    string
	CareEmail string
	Host      string
	Port      int
	Token     string
	ValidMin  int
}

// MailRenderer renders a mail kind into subject and body.
type MailRenderer func(kind MailKind, d MailData) (subject, body string, err error)

// notify queues a notification mail to the account's stored address in the
// caller's transaction, so the mail exists if and only if the change does.
func (s *Service) notify(ctx context.Context, h db.Handler, acct db.Account, kind MailKind) error {
	return s.queueMail(ctx, h, acct, kind, MailData{})
}

func (s *Service) queueMail(ctx context.Context, h db.Handler, acct db.Account, kind MailKind, d MailData) error {
	if s.RenderMail == nil {
		return nil
	}
	d.Brand, d.UserID, d.Email, d.Region, d.CareEmail = s.Cfg.Brand, acct.UserID, acct.Email, acct.Region, s.Cfg.CareEmail
	subject, body, err := s.RenderMail(kind, d)
	if err != nil {
		return err
	}
	idb := make([]byte, 12)
	_, _ = rand.Read(idb)
	msgID := hex.EncodeToString(idb) + "@" + s.Cfg.Brand
	id, err := db.QueueMail(ctx, h, acct.ID, db.OutboxMail{
		Kind: string(kind), To: acct.Email, Subject: subject, MessageID: msgID,
		BodyEnc: s.Box.Seal([]byte(body), "mail:"+msgID),
	}, s.now())
	if err != nil {
		return err
	}
	s.Log.Debug("mail queued", "kind", kind, "outbox_id", strconv.FormatInt(id, 10), "account", acct.UserID)
	return nil
}
