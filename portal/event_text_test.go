package portal_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// The security timeline's details read in the customer's language (how a
// login was made, what customer care did), while the stored detail that
// --json gives stays as it was.
func TestSecurityTimelineDetailsSpeakTheCustomersLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newService(t, dbtest.SQLite(t))
	care := careActor(t, s)
	alice, err := s.CreateCustomer(ctx, care, portal.NewCustomer{Email: "alice@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := s.CheckPassword(ctx, portal.LoginRequest{UserName: alice.UserID, Password: "Wrong-pass-1", Source: "192.0.2.5", Method: "keyboard-interactive"}); err == nil {
			t.Fatal("a wrong password logged in")
		}
	}
	if _, _, _, err := s.UnlockAccount(ctx, care, alice.UserID); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteLogin(ctx, alice, "192.0.2.5", "publickey+totp SHA256:abc"); err != nil {
		t.Fatal(err)
	}
	enable2FA(t, s, alice)
	alice, _ = db.AccountByUserID(ctx, s.DB, alice.UserID)
	if _, err := s.SecondFactor(ctx, alice, "000000", "192.0.2.5"); err == nil {
		t.Fatal("a wrong code passed")
	}
	if _, err := s.ResetTOTP(ctx, care, alice.UserID, "Anna@Example.at"); err == nil {
		t.Fatal("a 2FA reset from another address")
	}
	if _, err := s.ResetTOTP(ctx, care, alice.UserID, "alice@example.ch"); err != nil {
		t.Fatal(err)
	}
	events, err := s.SecurityLog(ctx, alice, s.now.AddDate(0, 0, -1))
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, e := range events {
		stored[e.Action+" "+e.Detail] = true
	}
	for _, want := range []string{"account.create portal CH", "login.failed keyboard-interactive", "account.unlock cleared 2 consecutive failed logins",
		"login publickey+totp SHA256:abc", "login.failed one-time code", "2fa.reset-refused requested by Anna@Example.at, not the stored address",
		"2fa.reset requested by alice@example.ch"} {
		if !stored[want] {
			t.Errorf("the stored timeline (--json) lacks %q: %v", want, stored)
		}
	}
	english := []string{"requested by", "consecutive", "portal CH", "keyboard-interactive", "publickey", "one-time code", "reset-refused", "password"}
	for loc, want := range map[i18n.Locale][]string{
		i18n.DeCH: {"Konto eröffnet Portal CH", "Login fehlgeschlagen Passwort", "Login entsperrt 2 fehlgeschlagene Logins in Folge gelöscht",
			"Login SSH-Schlüssel SHA256:abc und Einmalcode", "Login fehlgeschlagen Einmalcode",
			"2FA-Zurücksetzung abgelehnt angefordert von Anna@Example.at, nicht der hinterlegten Adresse",
			"2FA vom Kundendienst zurückgesetzt angefordert von alice@example.ch"},
		i18n.FrCH: {"compte créé portail CH", "échec de connexion mot de passe", "connexion débloquée 2 échecs de connexion consécutifs effacés",
			"connexion clé SSH SHA256:abc et code à usage unique", "échec de connexion code à usage unique",
			"réinitialisation de la 2FA refusée demandée par Anna@Example.at, qui n'est pas l'adresse enregistrée",
			"2FA réinitialisée par le service clientèle demandée par alice@example.ch"},
		i18n.ItCH: {"account creato portale CH", "accesso non riuscito password", "accesso sbloccato 2 accessi non riusciti consecutivi azzerati",
			"accesso chiave SSH SHA256:abc e codice monouso", "richiesta da alice@example.ch"},
	} {
		v := portal.Voice{Printer: i18n.NewPrinter(loc)}
		var lines []string
		for _, e := range events {
			lines = append(lines, v.EventName(e.Action)+" "+v.EventDetail(e.Action, e.Detail))
		}
		all := strings.Join(lines, "\n")
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: the timeline lacks %q:\n%s", loc, w, all)
			}
		}
		for _, w := range english {
			if loc.Lang == i18n.Italian && w == "password" {
				continue // Italian says password too
			}
			if strings.Contains(all, w) {
				t.Errorf("%s: the timeline shows the English %q:\n%s", loc, w, all)
			}
		}
	}
}
