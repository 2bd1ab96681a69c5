package main

import (
	"testing"

	"github.com/sipdesk/sipdesk/portal"
)

// Customer care with a terminal gets the care terminal: search, open, send
// a reset link; the outbox and the audit trail show it, naming the admin.
// A customer with a terminal still gets the customer portal, and the
// admin with a command still gets the command.
func TestE2ECareTerminalSendsAResetLink(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	key := adminKey(t)
	p := startPortal(t, t.TempDir(), "--initial-admin-keys", key+".pub")
	user, password := p.demo(t)

	customer := openTerminal(t, sshArgs(p, "", user+"@127.0.0.1")...)
	customer.expect("Password:")
	customer.typeLine(password)
	customer.expect("signed in as "+user, "1 Dashboard")
	customer.send("q")
	if code := customer.exitCode(); code != 0 {
		t.Fatalf("customer portal: ssh exit %d", code)
	}

	care := openTerminal(t, keyArgs(p, key, "-t", "admin@127.0.0.1")...)
	care.expect("customer care", "admin admin", "Customers", "Search")
	care.typeLine("DEMO")
	care.expectNew(user, "Demo Customer", "enter open")
	care.send("\r")
	care.expectNew("Numbers (2)", "Virtual PBX", "Recent events", "p send reset link")
	care.send("p")
	care.expectNew("Send a password reset link to " + user)
	care.send("y")
	care.expectNew("A password reset link valid for 30 minutes is queued to " + user)
	care.send("q")
	if code := care.exitCode(); code != 0 {
		t.Fatalf("care terminal: ssh exit %d", code)
	}

	var mails []portal.OutboxMail
	adminJSONOut(t, p, key, &mails, "mail", "list")
	resets := 0
	for _, m := range mails {
		if m.Kind == string(portal.MailPasswordReset) && m.To == user {
			resets++
		}
	}
	if resets != 1 {
		t.Fatalf("%d password reset mails to %s in the outbox, want 1: %+v", resets, user, mails)
	}
	var events []portal.AuditEntry
	adminJSONOut(t, p, key, &events, "audit", user)
	if len(events) == 0 || events[0].Action != "password.reset-link-sent" || events[0].Actor != "admin" {
		t.Fatalf("newest audit event of %s: %+v", user, events)
	}
}
