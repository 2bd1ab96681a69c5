package server

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

var sgr = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// colourCode is the first SGR sequence in out that sets a colour (8, 16,
// 256 colours or true colour, foreground or background), or ""; bold or
// reverse video are attributes, not colour.
func colourCode(out string) string {
	for _, m := range sgr.FindAllStringSubmatch(out, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if n >= 30 && n <= 49 || n >= 90 && n <= 107 {
				return m[0]
			}
		}
	}
	return ""
}

// portalScreen opens the portal in a 256-colour 80x24 terminal with extra
// environment (ssh -o SetEnv=...) and returns its output once the first
// frame, footer included, is drawn.
func portalScreen(t *testing.T, c *gossh.Client, env ...string) string {
	t.Helper()
	return screenUntil(t, c, 24, 80, env, func(v string) bool {
		return strings.Contains(v, "signed in as") && strings.Contains(v, "quit")
	})
}

// screenUntil opens a terminal session of rows x cols in English (the
// texts the tests read) with extra environment, and returns its output
// once drawn says the screen is there; it fails the test after 20 s.
func screenUntil(t *testing.T, c *gossh.Client, rows, cols int, env []string, drawn func(string) bool) string {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := &lockedBuffer{}
	s.Stdout, s.Stderr = out, out
	for _, kv := range append([]string{"LANG=en_GB.UTF-8"}, env...) {
		k, v, _ := strings.Cut(kv, "=")
		if err := s.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RequestPty("xterm-256color", rows, cols, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if v := out.String(); drawn(v) {
			return v
		}
		time.Sleep(20 * time.Millisecond) // polling the output, bounded by the deadline
	}
	t.Fatalf("no first screen within 20s:\n%q", out.String())
	return ""
}

// ssh -o SetEnv=NO_COLOR=1 reaches the session's renderer: the portal is
// drawn without a single colour code, the active tab marked ▸ instead; the
// same terminal without NO_COLOR gets colour.
func TestNoColorFromTheClientReachesThePortal(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	dial := func() *gossh.Client {
		c, err := p.dial(alice.UserID, gossh.Password(testPassword))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	coloured := portalScreen(t, dial())
	if colourCode(coloured) == "" {
		t.Fatalf("no colour in a 256-colour terminal without NO_COLOR:\n%q", coloured)
	}
	plain := portalScreen(t, dial(), "NO_COLOR=1")
	if m := colourCode(plain); m != "" {
		t.Fatalf("colour code %q with NO_COLOR=1:\n%q", m, plain)
	}
	if !strings.Contains(plain, "▸1 Dashboard") {
		t.Fatalf("the active tab is not marked without colour:\n%q", plain)
	}
}
