package server

import (
	"encoding/json"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

func TestPasswordLoginBothMethodsAndBothStores(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := startPortal(t, d, nil)
		p.customer(t, "alice@example.ch")
		for name, auth := range map[string]gossh.AuthMethod{
			"keyboard-interactive": kbd(testPassword, nil),
			"password":             gossh.Password(testPassword),
		} {
			c, err := p.dial("alice@example.ch", auth)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out, _, code := run(t, c, "whoami --json")
			c.Close()
			var who struct {
				UserID string `json:"user_id"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &who) != nil || who.UserID != "alice@example.ch" {
				t.Fatalf("%s: whoami = %q (exit %d)", name, out, code)
			}
		}
	})
}

func TestNoneMethodIsRefused(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	// No auth methods at all: the client can only try "none".
	_, err := p.dial("alice@example.ch")
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("none method: %v", err)
	}
}

func TestWrongPasswordAndUnknownUserAreRefusedAlike(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	_, errWrong := p.dial("alice@example.ch", gossh.Password("Wrong-password1"))
	_, errUnknown := p.dial("nobody@example.ch", gossh.Password("Wrong-password1"))
	if errWrong == nil || errUnknown == nil || errWrong.Error() != errUnknown.Error() {
		t.Fatalf("wrong password: %v\nunknown user: %v", errWrong, errUnknown)
	}
}

func TestAtMostSixAttemptsPerConnection(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.MaxAuthTries = 6 })
	var tries atomic.Int32
	_, err := p.dial("alice@example.ch", gossh.RetryableAuthMethod(gossh.PasswordCallback(func() (string, error) {
		tries.Add(1)
		return "Wrong-password1", nil
	}), 50))
	if err == nil {
		t.Fatal("logged in with a wrong password")
	}
	if n := tries.Load(); n != 6 {
		t.Fatalf("server allowed %d attempts, want 6", n)
	}
}

// The session's identity is the account the successful callback verified,
// carried in the connection's Permissions. A session whose permissions name
// another login than the connection's user name is closed.
func TestSessionWithMismatchedLoginNameIsClosed(t *testing.T) {
	t.Parallel()
	p, c := mismatchedLogin(t)
	out, errOut, code := run(t, c, "whoami")
	if code == 0 || strings.Contains(out, "alice") || strings.Contains(out, "mallory") {
		t.Fatalf("mismatched session ran: out=%q err=%q code=%d", out, errOut, code)
	}
	if !strings.Contains(p.log.String(), "user name changed during authentication") {
		t.Fatal("the refusal was not logged")
	}
}

func TestSessionWithoutVerifiedIdentityIsRefused(t *testing.T) {
	t.Parallel()
	p := startPortalWithHook(t, dbtest.SQLite(t), nil, func(cfg *gossh.ServerConfig) {
		// A callback that accepts without recording who: no identity.
		cfg.PasswordCallback = func(gossh.ConnMetadata, []byte) (*gossh.Permissions, error) { return nil, nil }
	})
	p.customer(t, "alice@example.ch")
	c, err := p.dial("alice@example.ch", gossh.Password("anything"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if out, _, code := run(t, c, "whoami"); code == 0 || out != "" {
		t.Fatalf("session without identity ran: %q %d", out, code)
	}
}

func TestUnauthenticatedConnectionClosedAfterGraceTime(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.LoginGraceTime = 300 * time.Millisecond })
	p.customer(t, "alice@example.ch")
	// A client that completes key exchange and then sits at the password
	// prompt forever.
	stuck := make(chan struct{})
	defer close(stuck)
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	go func() {
		_, _, _, _ = gossh.NewClientConn(conn, p.addr, &gossh.ClientConfig{
			User: "alice@example.ch", HostKeyCallback: gossh.InsecureIgnoreHostKey(),
			Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
				<-stuck
				return nil, nil
			})},
		})
	}()
	// And one that never even sends its version line.
	raw, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if !waitClosed(raw, 20*time.Second) {
		t.Fatal("silent connection still open long after the grace time")
	}
	// The stuck client's connection is closed too: a fresh login still works.
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatalf("login after grace closures: %v", err)
	}
	c.Close()
}

func TestUnauthenticatedConnectionsPerSourceAreCapped(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.MaxUnauthPerSource = 2 })
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		// Wait for the server's version line so the slot is taken.
		buf := make([]byte, 64)
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(buf); err != nil {
			t.Fatal(err)
		}
	}
	third, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if !waitClosed(third, 10*time.Second) {
		t.Fatal("third unauthenticated connection from one source was kept")
	}
	for _, c := range held {
		c.Close()
	}
}

func TestPanicInAuthenticationEndsOnlyThatConnection(t *testing.T) {
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	authHook = func(user string) {
		if user == "boom@example.ch" {
			panic("injected auth panic")
		}
	}
	defer func() { authHook = nil }()
	if _, err := p.dial("boom@example.ch", gossh.Password("x")); err == nil {
		t.Fatal("panicking login succeeded")
	}
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatalf("server did not survive the panic: %v", err)
	}
	c.Close()
	if !strings.Contains(p.log.String(), "panic in authentication") {
		t.Fatal("panic not logged")
	}
}

func TestPanicInSessionEndsOnlyThatSession(t *testing.T) {
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	sessionHook = func(s sshSession) {
		if strings.Join(s.Command(), " ") == "whoami --boom" {
			panic("injected session panic")
		}
	}
	defer func() { sessionHook = nil }()
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, errOut, code := run(t, c, "whoami --boom"); code != cmdkit.ExitError || !strings.Contains(errOut, "internal error") {
		t.Fatalf("panicking session: code %d stderr %q", code, errOut)
	}
	// Same connection, next session: still served.
	if out, _, code := run(t, c, "whoami"); code != 0 || !strings.Contains(out, "alice@example.ch") {
		t.Fatalf("after the panic: %q %d", out, code)
	}
}

func TestDisabledAccountIsRefused(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	p := startPortal(t, d, nil)
	a := p.customer(t, "alice@example.ch")
	if err := db.SetDisabled(t.Context(), d, a.ID, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.dial("alice@example.ch", gossh.Password(testPassword)); err == nil {
		t.Fatal("disabled account logged in")
	}
}
