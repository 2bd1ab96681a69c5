package portal_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// lastMailSubject is the subject of the newest queued mail.
func lastMailSubject(t *testing.T, d *db.DB) string {
	t.Helper()
	var subj string
	if err := d.Get(&subj, "SELECT subject FROM mail_outbox ORDER BY id DESC LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	return subj
}

func TestLanguageSettingDecidesTheSessionAndTheMails(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		de := []string{"LANG=de_CH.UTF-8"}

		v, err := s.VoiceOf(ctx, alice, []string{"LANG=fr_CH.UTF-8"})
		if err != nil || v.Locale() != i18n.FrCH {
			t.Fatalf("without a setting the client's LANG decides: %v, %v", v.Locale(), err)
		}
		if v, _ := s.VoiceOf(ctx, alice, []string{"LANG=C.UTF-8"}); v.Locale() != i18n.DeCH {
			t.Fatalf("C.UTF-8 gives the region's default, got %v", v.Locale())
		}
		if _, err := s.SetLanguage(ctx, alice, "es", "192.0.2.1"); err == nil || !strings.Contains(err.Error(), "de, fr, it or en") {
			t.Fatalf("unknown language: %v", err)
		}
		if l, err := s.SetLanguage(ctx, alice, "IT", "192.0.2.1"); err != nil || l != i18n.Italian {
			t.Fatalf("SetLanguage(IT) = %v, %v", l, err)
		}
		if v, _ := s.VoiceOf(ctx, alice, de); v.Locale() != i18n.ItCH || v.T("term.voip_password") != "password VoIP" {
			t.Fatalf("the setting wins over LANG: %v", v.Locale())
		}
		// A mail goes out in the account's language, whatever the terminal said.
		if err := s.ChangePassword(ctx, alice, alicePW, "Moonlight-2027", "Moonlight-2027", "", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if subj := lastMailSubject(t, d); !strings.Contains(subj, "password è stata modificata") {
			t.Errorf("mail subject in Italian expected: %q", subj)
		}
		if l, err := s.SetLanguage(ctx, alice, "auto", "192.0.2.1"); err != nil || l != "" {
			t.Fatalf("SetLanguage(auto) = %v, %v", l, err)
		}
		if v, _ := s.VoiceOf(ctx, alice, de); v.Locale() != i18n.DeCH {
			t.Fatalf("after auto LANG decides again: %v", v.Locale())
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "language.set" {
			t.Errorf("no audit event: %+v", e)
		}
	})
}

func TestTimeZoneSetting(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		at := time.Date(2026, 12, 1, 21, 31, 0, 0, time.UTC)
		v, _ := s.VoiceOf(ctx, alice, nil)
		if got := v.Clock.DateTime(at); got != "1.12.2026 22:31" {
			t.Fatalf("Zurich time: %q", got)
		}
		for _, bad := range []string{"UTC", "Mars/Base", "CET"} {
			if _, err := s.SetTimeZone(ctx, alice, bad, ""); err == nil {
				t.Errorf("SetTimeZone(%q) accepted", bad)
			}
		}
		if z, err := s.SetTimeZone(ctx, alice, "America/New_York", ""); err != nil || z != "America/New_York" {
			t.Fatalf("SetTimeZone: %q, %v", z, err)
		}
		v, _ = s.VoiceOf(ctx, alice, nil)
		if got := v.Clock.DateTime(at); got != "1.12.2026 16:31" {
			t.Errorf("account's zone: %q", got)
		}
		set, err := s.Settings(ctx, alice.ID)
		if err != nil || set.TimeZone != "America/New_York" {
			t.Errorf("Settings: %+v, %v", set, err)
		}
	})
}

func TestCareEmailPerRegion(t *testing.T) {
	t.Parallel()
	m, all, err := portal.ParseCareEmails([]string{"ch=kundendienst@example.ch", "AT=service@example.at", "care@example.com"})
	if err != nil || m["CH"] != "kundendienst@example.ch" || m["AT"] != "service@example.at" || all != "care@example.com" {
		t.Fatalf("ParseCareEmails: %v %q %v", m, all, err)
	}
	cfg := portal.Config{CareEmail: all, CareEmails: map[string]string{"AT": "service@example.at"}}
	if cfg.CareEmailFor("at") != "service@example.at" || cfg.CareEmailFor("CH") != "care@example.com" {
		t.Errorf("CareEmailFor: %q %q", cfg.CareEmailFor("AT"), cfg.CareEmailFor("CH"))
	}
	if got := (portal.Config{CareEmails: map[string]string{"AT": "service@example.at"}}).CareEmailFor(""); got != "service@example.at" {
		t.Errorf("without a default address CareEmailFor(\"\") = %q", got)
	}
	for _, bad := range [][]string{
		{"de=care@example.de"}, {"ch=not an address"}, {"ch=Care <care@example.ch>"},
		{"ch=a@example.ch", "ch=b@example.ch"}, {"a@example.ch", "b@example.ch"}, {"ch=care@example.ch\r\nBcc: x@y"},
	} {
		if _, _, err := portal.ParseCareEmails(bad); err == nil {
			t.Errorf("ParseCareEmails(%q) accepted", bad)
		}
	}
}

func TestMailsNameTheRegionsCareAddress(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		s.Cfg.CareEmails = map[string]string{"CH": "kundendienst@example.ch"}
		alice := seedAlice(t, s)
		if err := s.ChangePassword(ctx, alice, alicePW, "Moonlight-2027", "Moonlight-2027", "", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		got, err := s.MailOutbox().Claim(ctx, "test", s.now.Add(time.Hour), 10)
		if err != nil || len(got) == 0 {
			t.Fatalf("claim: %v", err)
		}
		body := got[len(got)-1].Body
		if !strings.Contains(body, "kundendienst@example.ch") || !strings.Contains(body, "Login-Passwort") || strings.Contains(body, "UTC") {
			t.Errorf("CH mail in German with the CH care address expected:\n%s", body)
		}
	})
}

func TestCustomersTypeNumbersInTheirNationalFormat(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		for _, typed := range []string{"044 123 45 67", "0041441234567", "+41 44 123 45 67", "0441234567"} {
			c, err := s.Credentials(ctx, alice.ID, typed)
			if err != nil || c.Number.E164 != "+41441234567" {
				t.Errorf("Credentials(%q): %+v, %v", typed, c.Number, err)
			}
		}
		if _, err := s.Credentials(ctx, alice.ID, "01 234 56 78"); !errors.Is(err, portal.ErrBadNumber) {
			t.Errorf("an Austrian national number for a CH account: %v", err)
		}
		if _, err := s.RegenerateVoIPPassword(ctx, alice, "044 123 45 67", "192.0.2.1"); err != nil {
			t.Errorf("voip-password with a national number: %v", err)
		}
	})
}

func TestVoiceSpeaksThePortalsErrors(t *testing.T) {
	t.Parallel()
	de, fr := portal.PreLoginVoice("CH"), portal.Voice{Printer: i18n.NewPrinter(i18n.FrCH), Clock: i18n.Clock{Locale: i18n.FrCH}}
	_, numErr := portal.ParseNumber("12", "CH")
	cases := []struct {
		v    portal.Voice
		err  error
		want string
	}{
		{de, portal.ErrLoginFailed, "Falsche Benutzer-ID oder falsches Passwort."},
		{fr, portal.ErrCodeInvalid, "Code à usage unique erroné ou expiré."},
		{de, &portal.HintError{Err: portal.ErrLoginFailed, Hint: portal.HintOldCustomerNumber}, "Ihre Benutzer-ID ist jetzt Ihre E-Mail-Adresse."},
		{de, numErr, "\"12\" ist keine Rufnummer: Schreiben Sie sie als 044 123 45 67 oder +41 44 123 45 67."},
		{fr, portal.ValidatePassword("abc"), "il lui faut au moins 10 caractères ; une majuscule (A-Z)"},
		{de, portal.ErrUnknownNumber, "Diese Rufnummer ist nicht in Ihrem Konto."},
		{de, errors.New("something else"), "something else"},
		{de, fmt.Errorf("hash: %w", portal.ErrBusy), "Der Server ist ausgelastet"},
		{fr, fmt.Errorf("load: %w", &portal.InternalError{Ref: "0a1b2c"}), "un problème de notre côté ; veuillez réessayer dans quelques minutes. S'il persiste, signalez-le au service clientèle (réf. 0a1b2c)"},
	}
	for _, c := range cases {
		if got := c.v.Error(c.err); !strings.Contains(got, c.want) {
			t.Errorf("%v: Error(%v) = %q, want %q in it", c.v.Locale(), c.err, got, c.want)
		}
	}
	if got := de.Product(portal.ProductPBX); got != "Virtuelle Telefonanlage" {
		t.Errorf("Product = %q", got)
	}
	if got := de.RuleLabel(portal.PasswordRules[0]); got != "mindestens 10 Zeichen" {
		t.Errorf("RuleLabel = %q", got)
	}
	for _, r := range portal.PasswordRules {
		if got := fr.RuleLabel(r); got == r.Label {
			t.Errorf("rule %s has no French label", r.ID)
		}
	}
}

// Every reason a session can be ended for is told in the session's
// language; the English stays the constant (the log's, the admin's).
func TestEndReasonsSpeakTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	de, en := portal.PreLoginVoice("CH"), portal.Voice{Printer: i18n.NewPrinter(i18n.EnCH)}
	for _, r := range []string{portal.SessionsEndedReason, portal.SessionRevokedReason, portal.CustomerKeyRemovedReason,
		portal.KeyRemovedReason, portal.AccountDisabledReason, portal.AccountGoneReason, portal.RoleChangedReason} {
		if got := en.EndReason(r); got != r {
			t.Errorf("English EndReason(%q) = %q", r, got)
		}
		if got := de.EndReason(r); got == r || strings.HasPrefix(got, "[") {
			t.Errorf("German EndReason(%q) = %q", r, got)
		}
	}
	if got := de.EndReason(portal.SessionsEndedReason); got != "Ihr Passwort wurde geändert, deshalb wurde diese Sitzung beendet; bitte melden Sie sich neu an." {
		t.Errorf("password change: %q", got)
	}
}
