package portal

import (
	"context"
	"fmt"
	"strings"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/mail"
)

// The mails the portal sends (templates in the mail package). No mail ever
// carries a password or a code.
const (
	MailWelcome          = mail.KindWelcome
	MailPasswordReset    = mail.KindPasswordReset
	MailPasswordChanged  = mail.KindPasswordChanged
	MailPasswordSet      = mail.KindPasswordSet
	MailTOTPActivated    = mail.KindTwoFactorEnabled
	MailTOTPDeactivated  = mail.KindTwoFactorDisabled
	MailRecoveryCodeUsed = mail.KindRecoveryCodeUsed
	MailTOTPReset        = mail.KindTwoFactorReset
)

// notify queues a notification mail to the account's stored address in the
// caller's transaction, so the mail exists if and only if the change does.
func (s *Service) notify(ctx context.Context, h db.Handler, acct db.Account, kind mail.Kind) error {
	return s.queueMail(ctx, h, acct, kind, mail.Data{})
}

// queueMail renders a mail in the account's language (its setting, else
// the region's default; never the client's locale, which a mail caused by
// customer care or a worker does not know) and writes it to the outbox.
// The body is encrypted with the server key: link mails carry single-use
// tokens.
func (s *Service) queueMail(ctx context.Context, h db.Handler, acct db.Account, kind mail.Kind, d mail.Data) error {
	return s.queueMailIn(ctx, h, acct, kind, func(Voice) mail.Data { return d })
}

// queueMailIn is queueMail for a mail whose data is worded in its own
// language (a sign-in's method): data gets the mail's voice.
func (s *Service) queueMailIn(ctx context.Context, h db.Handler, acct db.Account, kind mail.Kind, data func(v Voice) mail.Data) error {
	addr := s.Cfg.Portals[acct.Region]
	set, err := db.SettingsOf(ctx, h, acct.ID)
	if err != nil {
		return fmt.Errorf("load the account's language for a mail: %w", err)
	}
	loc, zone := i18n.ForMail(set.Language, acct.Region), i18n.Zone(set.TimeZone, acct.Region)
	d := data(Voice{Printer: i18n.NewPrinter(loc), Clock: i18n.Clock{Locale: loc, Zone: zone}})
	d.Brand, d.UserID, d.Email, d.Region, d.CareEmail, d.When = s.Cfg.Brand, acct.UserID, acct.Email, acct.Region, s.Cfg.CareEmailFor(acct.Region), s.now()
	d.Name, d.Locale, d.Zone = displayName(acct.Name), loc, zone
	if d.Host == "" {
		d.Host, d.Port = addr.Host, addr.Port
	}
	if d.Host == "" || d.Port == 0 {
		// A region without a portal of its own on this server (e.g. an AT
		// account on a CH-only test server): the default listen address.
		d.Host, d.Port = "localhost", 2222
	}
	subject, body, err := mail.Render(kind, d)
	if err != nil {
		return err
	}
	msgID := mail.NewMessageID(mailDomain(s.Cfg.MailFrom, d.Host))
	id, err := db.QueueMail(ctx, h, acct.ID, db.OutboxMail{
		Kind: string(kind), To: acct.Email, Subject: subject, MessageID: msgID,
		BodyEnc: s.Box.Seal([]byte(body), mailLabel(msgID)),
	}, s.now())
	if err != nil {
		return err
	}
	s.Log.Info("mail queued", "kind", string(kind), "outbox_id", id, "account", acct.UserID)
	if s.MailQueued != nil {
		// Wake the worker only once the row is visible to it (mail.Worker.Wake).
		if tx, ok := h.(db.Tx); ok {
			tx.AfterCommit(s.MailQueued)
		} else {
			s.MailQueued()
		}
	}
	return nil
}

// displayName is the account's name for a greeting, or "" if it holds
// anything but a plain one-line name (it came from customer care's input).
func displayName(name string) string {
	name = strings.TrimSpace(name)
	if len(name) > 100 || strings.ContainsFunc(name, isControl) {
		return ""
	}
	return name
}

func mailLabel(messageID string) string { return "mail:" + messageID }

// mailDomain is the domain for Message-IDs: the sender's, else the host's.
func mailDomain(from, host string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		return strings.Trim(from[i+1:], "> ")
	}
	return host
}
