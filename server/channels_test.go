package server

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// dialForgot opens a forgot-password connection: no password needed.
func (p *testPortal) dialForgot(t *testing.T) *gossh.Client {
	t.Helper()
	c, err := p.dial("forgot", gossh.Password("anything"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// The forgot@ login needs no password, so its env requests are the
// cheapest way to make the server hold memory: only what the portal reads
// (TERM, COLORTERM, NO_COLOR, LANG, LC_*) is accepted, small and few.
func TestEnvRequestsAreBoundedAndFiltered(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	c := p.dialForgot(t)
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, kv := range [][2]string{{"LANG", "fr_CH.UTF-8"}, {"LC_ALL", "de_CH.UTF-8"}, {"TERM", "xterm"}, {"COLORTERM", "truecolor"}, {"NO_COLOR", "1"}} {
		if err := s.Setenv(kv[0], kv[1]); err != nil {
			t.Errorf("%s refused: %v", kv[0], err)
		}
	}
	for _, kv := range [][2]string{
		{"LD_PRELOAD", "/tmp/x.so"},
		{"FOO", "bar"},
		{"LANG", strings.Repeat("x", 130_000)},
		{"LC_" + strings.Repeat("A", 100), "x"},
	} {
		if err := s.Setenv(kv[0], kv[1]); err == nil {
			t.Errorf("%.20s accepted", kv[0])
		}
	}
	accepted := 5
	for i := 0; i < 100; i++ {
		if s.Setenv("LC_TIME", "de_CH.UTF-8") == nil {
			accepted++
		}
	}
	if accepted != maxEnvVars {
		t.Errorf("%d env variables accepted, want at most %d", accepted, maxEnvVars)
	}
	// The channel still works after the refusals.
	if err := s.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty after env refusals: %v", err)
	}
}

// Agent forwarding, X11 and port forwarding are never used by the portal
// and are refused, on a customer's connection as on a form's.
func TestForwardingIsRefused(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := agent.RequestAgentForwarding(s); err == nil {
		t.Error("agent forwarding accepted")
	}
	x11 := gossh.Marshal(struct {
		Single        bool
		Proto, Cookie string
		Screen        uint32
	}{false, "MIT-MAGIC-COOKIE-1", "00", 0})
	if ok, err := s.SendRequest("x11-req", true, x11); ok || err != nil {
		t.Errorf("x11-req: ok=%v err=%v", ok, err)
	}
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		ln.Close()
		t.Error("remote port forwarding accepted")
	}
	if conn, err := c.Dial("tcp", p.addr); err == nil {
		conn.Close()
		t.Error("local port forwarding (direct-tcpip) accepted")
	}
}

// forgot@ and reset+TOKEN@ need no password: their connections keep the
// limits of unauthenticated ones.
func TestFormConnectionsHaveTheLimitsOfUnauthenticatedOnes(t *testing.T) {
	t.Parallel()
	t.Run("per-source cap", func(t *testing.T) {
		t.Parallel()
		p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.MaxUnauthPerSource = 2 })
		p.dialForgot(t)
		p.dialForgot(t)
		if c, err := p.dial("forgot", gossh.Password("x")); err == nil {
			c.Close()
			t.Fatal("a third form connection from one source was admitted")
		}
	})
	t.Run("grace time without a form", func(t *testing.T) {
		t.Parallel()
		p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.LoginGraceTime = 300 * time.Millisecond })
		waitConnClosed(t, p.dialForgot(t), "form connection without a form")
	})
	t.Run("one form per connection", func(t *testing.T) {
		t.Parallel()
		p := startPortal(t, dbtest.SQLite(t), nil)
		c := p.dialForgot(t)
		form := openShell(t, c)
		defer form.Close()
		if s, err := c.NewSession(); err == nil {
			s.Close()
			t.Fatal("a second form opened on one connection")
		}
	})
	t.Run("short session limit", func(t *testing.T) {
		t.Parallel()
		p := startPortalTuned(t, dbtest.SQLite(t), nil, nil, func(s *Server) { s.flowSessionLimit = 300 * time.Millisecond })
		c := p.dialForgot(t)
		form := openShell(t, c)
		defer form.Close()
		waitConnClosed(t, c, "form past its limit")
	})
}

// openShell opens a session with a terminal and a shell.
func openShell(t *testing.T, c *gossh.Client) *gossh.Session {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	s.Stdout = discard{}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	return s
}

// One rule says what a reset user name is, for the login and for the log:
// "reset+" in any case.
func TestResetUserNameIsOneRuleForLoginAndLog(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		user, token string
		ok          bool
	}{
		{"reset+AbC123", "AbC123", true},
		{"Reset+AbC123", "AbC123", true},
		{"RESET+AbC123", "AbC123", true},
		{"rEsEt+x", "x", true},
		{"reset+", "", false},
		{"reset", "", false},
		{"resetter+abc", "", false},
		{"alice@example.ch", "", false},
	} {
		token, ok := resetToken(tc.user)
		if token != tc.token || ok != tc.ok {
			t.Errorf("resetToken(%q) = %q, %v; want %q, %v", tc.user, token, ok, tc.token, tc.ok)
		}
		if tc.ok && strings.Contains(logUser(tc.user), tc.token) {
			t.Errorf("logUser(%q) keeps the token", tc.user)
		}
	}
	p := startPortal(t, dbtest.SQLite(t), nil)
	const secret = "SeCrEtToKeN1234567890"
	if c, err := p.dial("RESET+"+secret, gossh.Password("x")); err == nil {
		c.Close()
		t.Fatal("an invalid reset link logged in")
	}
	waitLog(t, p, `user=reset+<redacted>`)
	if strings.Contains(p.log.String(), secret) {
		t.Fatalf("the token reached the log:\n%s", p.log.String())
	}
}

// waitLog waits until the server's log holds want.
func waitLog(t *testing.T, p *testPortal, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.log.String(), want); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log:\n%s", want, p.log.String())
		}
	}
}
