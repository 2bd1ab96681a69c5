package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// startPortalViaProxy runs the portal on a fresh Postgres database reached
// through a proxy the test pauses and cuts, with a short store timeout so
// a stuck store fails calls quickly.
func startPortalViaProxy(t *testing.T, args ...string) (*serverProc, *dbtest.Proxy) {
	t.Helper()
	requireSSH(t)
	dsn := dbtest.NewPostgresDatabase(t)
	proxy := dbtest.NewProxy(t, dbtest.PostgresHost(t))
	all := append([]string{"--database-url", dbtest.ViaProxy(t, dsn, proxy.Addr()), "--store-timeout", "1s"}, args...)
	return startPortal(t, t.TempDir(), all...), proxy
}

// killStore makes the store answer nothing: open connections are cut, new
// ones are accepted and never served.
func killStore(proxy *dbtest.Proxy) {
	proxy.Pause()
	proxy.Cut()
}

const unavailableText = "the portal has a problem, try again in a few minutes"

var refRe = regexp.MustCompile(`\(ref [0-9a-f]{6}\)`)

// wantNoDriverDetail fails when a person's screen shows what only the log
// may hold.
func wantNoDriverDetail(t *testing.T, screen string) {
	t.Helper()
	for _, leak := range []string{"dial tcp", "connection refused", "i/o timeout", "deadline exceeded", "pq:", "sql:"} {
		if strings.Contains(screen, leak) {
			t.Fatalf("the screen shows %q:\n%s", leak, screen)
		}
	}
}

// Issue 13.3: with the store down, a login says it is the server's
// problem (not "Permission denied" alone), the log has the error, and
// neither the right nor a wrong password counts toward a lockout.
func TestE2EStoreDownLoginSaysSoAndLocksNothing(t *testing.T) {
	// Runs alone: the 1 s --store-timeout must fire only on the killed store,
	// not on a store slowed by parallel tests.
	p, proxy := startPortalViaProxy(t, "--lock-threshold", "1")
	user, password := p.demo(t)
	killStore(proxy)
	for _, pw := range []string{password, "Wrong-password-1"} {
		screen, code := runCmd(t, p, user, []string{pw}, "whoami")
		if code != 255 || !strings.Contains(screen, unavailableText) {
			t.Fatalf("login with the store down: exit %d, screen:\n%s", code, screen)
		}
		wantNoDriverDetail(t, screen)
	}
	if !strings.Contains(p.logs.String(), `level=ERROR msg="login failed for the server's reasons"`) {
		t.Fatalf("no error logged:\n%s", p.logs.String())
	}
	proxy.Resume()
	// With --lock-threshold 1, one counted failure would lock the account.
	screen, code := runCmd(t, p, user, []string{password}, "whoami")
	if code != 0 || !strings.Contains(screen, user) {
		t.Fatalf("login after the store came back: exit %d, screen:\n%s", code, screen)
	}
}

// Issue 13.4: a TUI page and a command whose store died show a plain
// sentence with a reference the log also has, never the driver's words.
func TestE2EStoreDownPagesAndCommandsShowAReference(t *testing.T) {
	// Runs alone: the 1 s --store-timeout must fire only on the killed store,
	// not on a store slowed by parallel tests.
	p, proxy := startPortalViaProxy(t)
	user, password := p.demo(t)

	tui := loginTUI(t, p, user, password)
	tui.send("2")
	tui.expect("Office Zurich")
	killStore(proxy)
	tui.send("\r") // open the first number: its SIP credentials load now
	tui.expectNew("Could not load the SIP credentials: a problem on our side", "(ref ")
	wantNoDriverDetail(t, tui.screen())
	ref := refRe.FindString(tui.screen())
	if ref == "" || !strings.Contains(p.logs.String(), "ref="+ref[5:11]) {
		t.Fatalf("reference %q not in the log:\n%s", ref, p.logs.String())
	}
	proxy.Resume()

	cmd := openTerminal(t, sshArgs(p, "", "-t", user+"@127.0.0.1", "voip-password", "+41441234567", "--new")...)
	cmd.expect("Password:")
	cmd.typeLine(password)
	cmd.expect("Type the last four digits")
	killStore(proxy)
	cmd.typeLine("4567")
	if code := cmd.exitCode(); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, cmd.screen())
	}
	screen := cmd.screen()
	if !strings.Contains(screen, "Error: a problem on our side") || !refRe.MatchString(screen) {
		t.Fatalf("the command shows:\n%s", screen)
	}
	wantNoDriverDetail(t, screen)
}
