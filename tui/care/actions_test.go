package care

import (
	"context"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// trail is alice's audit trail, newest first.
func (f fixture) trail(t *testing.T) []portal.AuditEntry {
	t.Helper()
	events, err := f.svc.AuditTrail(context.Background(), "alice@example.ch", time.Time{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// wantEvent fails unless alice's newest audit event is action by the
// admin, from remote, with detail.
func (f fixture) wantEvent(t *testing.T, action, remote, detail string) {
	t.Helper()
	e := f.trail(t)[0]
	if e.Action != action || e.Actor != "care" || e.Remote != remote || e.Detail != detail {
		t.Fatalf("newest event %+v, want %s by care from %q with %q", e, action, remote, detail)
	}
}

// mails counts the outbox rows of kind to alice.
func (f fixture) mails(t *testing.T, kind string) int {
	t.Helper()
	rows, err := f.svc.OutboxMails(context.Background(), false, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range rows {
		if m.Kind == kind && m.To == "alice@example.ch" {
			n++
		}
	}
	return n
}

func TestEveryActionIsConfirmedAndAuditedLikeTheCommand(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		a := f.app(t, 100, 30, false)
		press(t, a, "alice\r\r")
		shows(t, a, "Alice Example")

		// Send a reset link: asked first; no changes nothing.
		before := len(f.trail(t))
		press(t, a, "p")
		shows(t, a, "Send a password reset link to alice@example.ch, the address stored for", "y yes, do it")
		press(t, a, "n")
		shows(t, a, "Cancelled; nothing changed.")
		if n := len(f.trail(t)); n != before || f.mails(t, string(portal.MailPasswordReset)) != 0 {
			t.Fatalf("a cancelled reset link changed something: %d events (had %d)", n, before)
		}
		press(t, a, "py")
		shows(t, a, "A password reset link valid for 30 minutes is queued to alice@example.ch")
		if n := f.mails(t, string(portal.MailPasswordReset)); n != 1 {
			t.Fatalf("%d reset mails queued, want 1", n)
		}
		f.wantEvent(t, "password.reset-link-sent", adminRemote, "") // like the command, it names the admin's address

		// A 2FA reset from another address is refused, the refusal audited.
		press(t, a, "t")
		shows(t, a, "Reset two-factor authentication", "Request from")
		press(t, a, "\r")
		shows(t, a, "Type the email address the request came from.")
		press(t, a, "mallory@example.org\r")
		shows(t, a, "on a request from mallory@example.org?")
		press(t, a, "y")
		shows(t, a, "Refused: 2FA of alice@example.ch is reset only on a request from the account's stored address", "on, 10 recovery codes left")
		f.wantEvent(t, "2fa.reset-refused", adminRemote, "requested by mallory@example.org, not the stored address")
		// From the stored address (any case) it goes through.
		press(t, a, "tALICE@Example.CH\ry")
		shows(t, a, "Two-factor authentication of alice@example.ch is off", "2FA        off")
		f.wantEvent(t, "2fa.reset", adminRemote, "requested by ALICE@Example.CH")
		if n := f.mails(t, string(portal.MailTOTPReset)); n != 1 {
			t.Fatalf("%d 2FA reset notices queued, want 1", n)
		}
		press(t, a, "t") // 2FA is off: the key no longer applies
		if a.screen != screenAccount {
			t.Fatal("t opened a 2FA reset for an account without 2FA")
		}

		// Unlock clears the failed login.
		press(t, a, "u")
		shows(t, a, "Clear 1 failed logins of alice@example.ch")
		press(t, a, "y")
		shows(t, a, "Cleared 1 failed logins of alice@example.ch", "Lock       not locked")
		f.wantEvent(t, "account.unlock", adminRemote, "cleared 1 consecutive failed logins")

		// Disable, then enable.
		press(t, a, "d")
		shows(t, a, "Disable alice@example.ch? Its open sessions end at once")
		press(t, a, "y")
		shows(t, a, "alice@example.ch is disabled; its sessions were ended.", "CH, DISABLED", "e enable")
		f.wantEvent(t, "account.disable", adminRemote, "")
		press(t, a, "ey")
		shows(t, a, "alice@example.ch is enabled again.", "CH, enabled")
		f.wantEvent(t, "account.enable", adminRemote, "")

		// Add a number: the form checks the product first, the portal the
		// number; then it is asked, assigned and audited.
		press(t, a, "a+41 44 555 66 77\rfax\r\r\r")
		shows(t, a, "unknown product")
		press(t, a, "\x1b")
		shows(t, a, "Numbers (2)")
		press(t, a, "a12\rpbx\r\r\ry")
		shows(t, a, "Not done:", "Numbers (2)")
		press(t, a, "a044 555 66 77\rteams\r\rFront desk\r")
		shows(t, a, `Assign 044 555 66 77 to alice@example.ch as Microsoft Teams, labelled "Front desk"?`)
		press(t, a, "y")
		shows(t, a, "Assigned +41 44 555 66 77 (Microsoft Teams) to alice@example.ch.", "Numbers (3)", "Front desk")
		f.wantEvent(t, "number.add", adminRemote, "+41445556677 teams")
		press(t, a, "a+41445556690\rtrunk\r\r\ry")
		shows(t, a, "SIP credentials were created", "Numbers (4)")
		press(t, a, "a+41445556691\rtrunk-participant\r+41445556690\r\ry")
		shows(t, a, "Assigned +41 44 555 66 91 (Trunk participant of +41 44 555 66 90)", "Numbers (5)")
		f.wantEvent(t, "number.add", adminRemote, "+41445556691 trunk-participant")
	})
}
