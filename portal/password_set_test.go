package portal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// The first password, set through the welcome link, is confirmed with the
// "password set" mail (how to log in, whom to call if it was not them)
// and audited as set, not changed; a later reset link's new password gets
// the "changed" mail as before.
func TestTheFirstPasswordIsSetNotChanged(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		alice, err := s.CreateCustomer(ctx, care, portal.NewCustomer{Email: "alice@example.ch", Region: "CH"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteReset(ctx, lastToken(t, s), "Welcome-2026!", "Welcome-2026!", "", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if kind, _ := lastMail(t, d); kind != string(portal.MailPasswordSet) {
			t.Fatalf("the first password sent %s, want %s", kind, portal.MailPasswordSet)
		}
		if n := count(queuedKinds(t, d), string(portal.MailPasswordChanged)); n != 0 {
			t.Fatalf("%d password-changed mails for the first password", n)
		}
		got, err := s.MailOutbox().Claim(ctx, "test", s.now.Add(time.Hour), 100)
		if err != nil {
			t.Fatal(err)
		}
		last := got[len(got)-1]
		if last.Subject != "sipdesk: Ihr Passwort ist festgelegt" || !strings.Contains(last.Body, "zum ersten Mal festgelegt") ||
			!strings.Contains(last.Body, "ssh -p 2222 alice@example.ch@") || strings.Contains(last.Body, "geändert") {
			t.Fatalf("the password-set mail:\n%s\n%s", last.Subject, last.Body)
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "password.set" {
			t.Fatalf("audited %q, want password.set", e.Action)
		}

		// A reset link later: the password is changed.
		if _, _, err := s.SendPasswordReset(ctx, care, alice.UserID); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteReset(ctx, lastToken(t, s), "Moonlight-2027", "Moonlight-2027", "", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if kind, _ := lastMail(t, d); kind != string(portal.MailPasswordChanged) {
			t.Fatalf("a reset sent %s, want %s", kind, portal.MailPasswordChanged)
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "password.reset" {
			t.Fatalf("audited %q, want password.reset", e.Action)
		}
	})
}
