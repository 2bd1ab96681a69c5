package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// openService opens the running server's own SQLite store with its server
// key, as an operator's tool would, to read what the test needs (a stored
// TOTP secret, a VoIP password).
func openService(t *testing.T, dataDir string, opts ...portal.Option) *portal.Service {
	t.Helper()
	d, box := openStore(t, dataDir)
	svc, err := portal.NewService(d, box, portal.NewHasher(portal.OWASPArgon2, 1, 4), portal.DefaultConfig(), nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// openStore opens the store of a stopped portal's data directory and its
// server key, as serve does.
func openStore(t *testing.T, dataDir string) (*db.DB, *portal.SecretBox) {
	t.Helper()
	key, _, err := portal.LoadOrCreateKey("", filepath.Join(dataDir, "server.key"))
	if err != nil {
		t.Fatal(err)
	}
	box, err := portal.NewSecretBox(key)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(dataDir, "sipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, box
}

// loginTUI logs in through the OpenSSH client and waits for the dashboard.
func loginTUI(t *testing.T, p *serverProc, user, password string) *terminal {
	t.Helper()
	term := openTerminal(t, sshArgs(p, "", user+"@127.0.0.1")...)
	term.expect("Password:")
	term.typeLine(password)
	term.expect("signed in as " + user)
	return term
}

var (
	setupKeyRe = regexp.MustCompile(`\b([A-Z2-7]{4}) ([A-Z2-7]{4}) ([A-Z2-7]{4}) ([A-Z2-7]{4})\b`)
	recoveryRe = regexp.MustCompile(`\b[a-z2-9]{5}-[a-z2-9]{5}\b`)
)

// runCmd runs one ssh command with password (and code) answered at the prompts.
func runCmd(t *testing.T, p *serverProc, user string, answers []string, command ...string) (string, int) {
	t.Helper()
	args := sshArgs(p, "", append([]string{"-o", "NumberOfPasswordPrompts=1", "-o", "PreferredAuthentications=keyboard-interactive", user + "@127.0.0.1"}, command...)...)
	term := openTerminal(t, args...)
	for i, a := range answers {
		if i == 0 {
			term.expect("Password:")
		} else {
			term.expect("One-time code:")
		}
		term.typeLine(a)
	}
	code := term.exitCode()
	return term.screen(), code
}

func TestE2ETwoFactorSetupThenLoginWithCode(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, password := p.demo(t)

	term := loginTUI(t, p, user, password)
	term.send("4")
	term.expect("Two-factor authentication")
	term.send("s")
	term.expect("Set up 2FA", "▀")
	// The key is drawn beside the code, in the same frame: it may arrive
	// in a later read than the code's first half blocks.
	var m [][]string
	waitShowing(t, 20*time.Second, "the setup key on screen", func() bool {
		m = setupKeyRe.FindAllStringSubmatch(term.screen(), -1)
		return len(m) >= 2
	}, term.screen)
	secret := strings.Join(m[0][1:], "") + strings.Join(m[1][1:], "")
	term.send("\r")
	term.expect("ACTIVATE 2FA")
	term.typeLine("000000")
	term.expect("Wrong or expired one-time code")
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	term.typeLine(code[:3] + " " + code[3:])
	term.expect("Your recovery codes")
	var codes []string
	waitShowing(t, 20*time.Second, "ten recovery codes on screen", func() bool {
		codes = recoveryRe.FindAllString(term.screen(), -1)
		return len(codes) >= 10
	}, term.screen)
	term.send("\r")
	term.expect("recovery codes left")
	term.send("q")
	term.exitCode()

	// The stored secret is the one the screen showed.
	if got, err := openService(t, p.dataDir).StoredTOTPSecret(context.Background(), 1); err != nil || got != secret {
		t.Fatalf("stored secret %q, screen showed %q (%v)", got, secret, err)
	}

	// Log in with password and the next code (one step ahead is allowed;
	// the activation code itself is spent).
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	out, rc := runCmd(t, p, user, []string{password, next}, "whoami")
	if rc != 0 || !strings.Contains(out, user+" (") {
		t.Fatalf("password + code login: exit %d\n%s", rc, out)
	}
	// The code prompt says what to do without the phone (FAQ): in the
	// region's German and in English, since the account chose no language.
	for _, w := range []string{"Telefon verloren?", "Lost your phone? Use a recovery code, or write to customercare@example.ch"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), w) {
			t.Errorf("the code prompt lacks %q:\n%s", w, out)
		}
	}
	// The same code again is refused.
	if out, rc := runCmd(t, p, user, []string{password, next}, "whoami"); rc == 0 {
		t.Fatalf("replayed code accepted:\n%s", out)
	}
	// A wrong code is refused.
	if out, rc := runCmd(t, p, user, []string{password, "123456"}, "whoami"); rc == 0 {
		t.Fatalf("wrong code accepted:\n%s", out)
	}
	// A recovery code works once.
	if out, rc := runCmd(t, p, user, []string{password, codes[0]}, "whoami"); rc != 0 {
		t.Fatalf("recovery code refused: exit %d\n%s", rc, out)
	}
	if out, rc := runCmd(t, p, user, []string{password, codes[0]}, "whoami"); rc == 0 {
		t.Fatalf("recovery code accepted twice:\n%s", out)
	}
}

func TestE2EVoIPPasswordHint(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, _ := p.demo(t)
	cred, err := openService(t, p.dataDir).Credentials(context.Background(), 1, "+41441234567")
	if err != nil {
		t.Fatal(err)
	}
	out, rc := runCmd(t, p, user, []string{cred.Password}, "whoami")
	if rc != 255 || !strings.Contains(out, "This is a VoIP (SIP) password") {
		t.Fatalf("exit %d\n%s", rc, out)
	}
}

func TestE2ELockoutAndUnlockAfterTheWindow(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--lock-threshold", "3", "--lock-base", "3s")
	user, password := p.demo(t)
	for range 3 {
		if _, rc := runCmd(t, p, user, []string{"Wrong-password-1"}, "whoami"); rc != 255 {
			t.Fatal("wrong password accepted")
		}
	}
	out, rc := runCmd(t, p, user, []string{password}, "whoami")
	if rc != 255 || !strings.Contains(out, "Too many failed logins: try again after") {
		t.Fatalf("right password during the lock: exit %d\n%s", rc, out)
	}
	// Locks are kept in the store; wait out the window (3 s, doubled by the
	// failure during the lock) and log in.
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, rc = runCmd(t, p, user, []string{password}, "whoami")
		if rc == 0 {
			break
		}
		if time.Now().After(deadline) || !strings.Contains(out, "Too many failed logins") {
			t.Fatalf("not unlocked after the window: exit %d\n%s", rc, out)
		}
		time.Sleep(time.Second)
	}
}

func TestE2EChangedPasswordEndsOtherSessionsAndPolicyNamesEveryRule(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, password := p.demo(t)
	other := loginTUI(t, p, user, password)
	term := loginTUI(t, p, user, password)
	term.send("4")
	term.expectNew("Change password")
	term.send("p")
	term.expectNew("Current")
	term.send(password + "\t" + "weak" + "\t" + "weak" + "\r")
	// Refused, with every unmet rule named (the message wraps in the card;
	// the checklist marks the same rules).
	term.expect("does not meet the", "✗ at least 10 characters", "✗ an upper-case letter (A-Z)",
		"✗ a number (0-9)", "✗ a special character", "✓ a lower-case letter")
	newPW := "Brand-new-2026"
	term.send("\x1b") // esc: start over
	term.expectNew("p change password")
	term.send("p")
	term.expectNew("Current")
	term.send(password + "\t" + newPW + "\t" + newPW + "\r")
	term.expect("Your password was changed")
	other.expect("your password was changed, so this session was ended")
	if rc := other.exitCode(); rc == 0 {
		t.Fatal("the other session ended with status 0")
	}
	term.send("q")
	term.exitCode()
	if _, rc := runCmd(t, p, user, []string{password}, "whoami"); rc == 0 {
		t.Fatal("old password still works")
	}
	if out, rc := runCmd(t, p, user, []string{newPW}, "whoami"); rc != 0 {
		t.Fatalf("new password refused:\n%s", out)
	}
}
