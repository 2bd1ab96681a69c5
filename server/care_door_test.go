package server

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// firstScreen opens a 100x30 terminal session and returns what it shows
// once either the care terminal's or the customer portal's header is drawn.
func firstScreen(t *testing.T, c *gossh.Client) string {
	t.Helper()
	return screenUntil(t, c, 30, 100, nil, func(v string) bool {
		return strings.Contains(v, "customer care") || strings.Contains(v, "signed in as")
	})
}

// The terminal door: an admin session (admin role, registered key) gets
// the care terminal; the same admin account with its password, and a
// customer, get the customer portal.
func TestTerminalOpensTheCareTerminalOnlyForAnAdminKeySession(t *testing.T) {
	t.Parallel()
	p := startAdminPortal(t, dbtest.SQLite(t))
	p.setPassword(t, p.admin, testPassword)
	alice := p.customer(t, "alice@example.ch")

	if v := firstScreen(t, p.dialAdmin(t)); !strings.Contains(v, "customer care") || !strings.Contains(v, "Customers") {
		t.Fatalf("admin with its key got:\n%q", v)
	}
	byPassword, err := p.dial("admin", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer byPassword.Close()
	if v := firstScreen(t, byPassword); !strings.Contains(v, "signed in as admin") || strings.Contains(v, "customer care") {
		t.Fatalf("admin with its password got:\n%q", v)
	}
	cust, err := p.dial(alice.UserID, gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer cust.Close()
	if v := firstScreen(t, cust); !strings.Contains(v, "signed in as alice@example.ch") {
		t.Fatalf("customer got:\n%q", v)
	}
}
