package server

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

func TestIdleNoticeNamesTheTimeoutAsSet(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		30 * time.Minute: "30m", time.Hour: "1h", 90 * time.Minute: "1h30m", 2 * time.Second: "2s", 1500 * time.Millisecond: "1.5s",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// The idle notice reaches each session in its own language (issue 14):
// here the client's LANG, French.
func TestIdleNoticeSpeaksTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	p := startPortal(t, d, func(c *config.Config) { c.IdleTimeout = time.Second })
	alice := p.customer(t, "alice@example.ch")
	c, err := p.dial(alice.UserID, gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Setenv("LANG", "fr_CH.UTF-8"); err != nil {
		t.Fatal(err)
	}
	stdin, _ := s.StdinPipe() // never written: the session stays idle
	defer stdin.Close()
	var errb bytes.Buffer
	s.Stderr = &errb
	err = s.Run("keys add")
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != cmdkit.ExitEnded {
		t.Fatalf("idle session ended with %v, stderr %q", err, errb.String())
	}
	if want := "la session a été fermée après 1s d'inactivité"; !strings.Contains(errb.String(), want) {
		t.Fatalf("idle session was told %q, want %q", errb.String(), want)
	}
}

// Time the server spends on a login (a hash that a loaded machine runs
// slowly) is not the client's idleness: the login completes and the
// session works, although the step took longer than the idle timeout.
// Not parallel: authHook is the package's.
func TestASlowLoginIsNotIdle(t *testing.T) {
	p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.IdleTimeout = time.Second })
	alice := p.customer(t, "alice@example.ch")
	authHook = func(user string) {
		if user == alice.UserID {
			time.Sleep(2500 * time.Millisecond) // the slow hash itself, not a wait for a condition
		}
	}
	defer func() { authHook = nil }()
	for _, auth := range []gossh.AuthMethod{gossh.Password(testPassword), kbd(testPassword, nil)} {
		c, err := p.dial(alice.UserID, auth)
		if err != nil {
			t.Fatalf("a login slower than the idle timeout: %v", err)
		}
		out, errOut, code := runIn(t, c, "en_GB.UTF-8", "whoami")
		c.Close()
		if code != 0 || !strings.Contains(out, alice.UserID) {
			t.Fatalf("whoami after a slow login: exit %d\n%s%s", code, out, errOut)
		}
	}
}
