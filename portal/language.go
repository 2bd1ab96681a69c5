package portal

import (
	"context"
	"fmt"
	"strings"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/i18n"
)

// Voice is how the portal speaks to one customer: the texts of their
// language and their local time. A TUI page or a command gets one per
// session from Service.VoiceOf and never decides a language itself.
type Voice struct {
	*i18n.Printer
	Clock i18n.Clock
}

// VoiceOf is the voice of a session: the account's language setting, else
// the client's locale (environ is ssh.Session.Environ(), the KEY=VALUE
// pairs OpenSSH sent: LANG, LC_ALL, LC_MESSAGES), else the region's
// default; times in the account's time zone, else the region's.
func (s *Service) VoiceOf(ctx context.Context, acct db.Account, environ []string) (Voice, error) {
	set, err := db.SettingsOf(ctx, s.DB, acct.ID)
	if err != nil {
		return Voice{}, fmt.Errorf("load language settings: %w", err)
	}
	return voiceFor(set, acct.Region, environ), nil
}

// PreLoginVoice is the voice before the account is known: the region's
// default language (show an English line beside it where it helps).
func PreLoginVoice(region string) Voice {
	loc := i18n.PreLogin(region)
	return Voice{Printer: i18n.NewPrinter(loc), Clock: i18n.Clock{Locale: loc, Zone: i18n.Zone("", region)}}
}

// FlowVoice is the voice of a session without an account (the forgot and
// reset-link forms): the client's locale, else the region's default.
func FlowVoice(region string, environ []string) Voice {
	return voiceFor(db.AccountSettings{}, region, environ)
}

func voiceFor(set db.AccountSettings, region string, environ []string) Voice {
	loc := i18n.Choose(set.Language, environ, region)
	return Voice{Printer: i18n.NewPrinter(loc), Clock: i18n.Clock{Locale: loc, Zone: i18n.Zone(set.TimeZone, region)}}
}

// Settings are an account's language and time-zone choices ("" = none).
func (s *Service) Settings(ctx context.Context, accountID int64) (db.AccountSettings, error) {
	return db.SettingsOf(ctx, s.DB, accountID)
}

// SetLanguage stores the customer's language: de, fr, it or en, any case;
// "" or "auto" goes back to the client's locale and the region's default.
// Anything else is refused with the list of choices.
func (s *Service) SetLanguage(ctx context.Context, acct db.Account, lang, remote string) (i18n.Lang, error) {
	var l i18n.Lang
	if v := strings.ToLower(strings.TrimSpace(lang)); v != "" && v != "auto" {
		var err error
		if l, err = i18n.ParseLang(v); err != nil {
			return "", err
		}
	}
	return l, s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.SetLanguage(ctx, tx, acct.ID, string(l), s.now()); err != nil {
			return fmt.Errorf("store language: %w", err)
		}
		return s.audit(ctx, tx, acct, acct.ID, "language.set", orAuto(string(l)), remote)
	})
}

// SetTimeZone stores the zone the customer's times are shown in, an IANA
// name such as Europe/Zurich; "" or "auto" goes back to the region's.
func (s *Service) SetTimeZone(ctx context.Context, acct db.Account, zone, remote string) (string, error) {
	name := strings.TrimSpace(zone)
	if strings.EqualFold(name, "auto") {
		name = ""
	}
	if name != "" {
		loc, err := i18n.ParseZone(name)
		if err != nil {
			return "", err
		}
		name = loc.String()
	}
	return name, s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.SetTimeZone(ctx, tx, acct.ID, name, s.now()); err != nil {
			return fmt.Errorf("store time zone: %w", err)
		}
		return s.audit(ctx, tx, acct, acct.ID, "timezone.set", orAuto(name), remote)
	})
}

func orAuto(v string) string {
	if v == "" {
		return "auto"
	}
	return v
}
