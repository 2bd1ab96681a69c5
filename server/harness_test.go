package server

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/pflag"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/hostkeys"
	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
	"github.com/sipdesk/sipdesk/server/session"
)

// testPortal is a running server on a random port over a real store.
type testPortal struct {
	addr string
	svc  *portal.Service
	srv  *Server
	log  *lockedBuffer
}

const testPassword = "Sunshine-2026"

func defaultConfig(t testing.TB) config.Config {
	var cfg config.Config
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	cfg.Bind(fs)
	cfg.DataDir = t.TempDir()
	if err := cfg.Resolve(fs, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	cfg.Listen = []string{"ch=127.0.0.1:0"}
	return cfg
}

func startPortal(t testing.TB, d *db.DB, mutate func(*config.Config)) *testPortal {
	t.Helper()
	return startPortalWithHook(t, d, mutate, nil)
}

// startPortalWithHook also lets a test replace auth callbacks (set before
// the server accepts connections).
func startPortalWithHook(t testing.TB, d *db.DB, mutate func(*config.Config), hook func(*gossh.ServerConfig)) *testPortal {
	t.Helper()
	return startPortalTuned(t, d, mutate, hook, nil)
}

// startPortalTuned also lets a test change the server's own timings
// (epochInterval, flowSessionLimit) before it serves.
func startPortalTuned(t testing.TB, d *db.DB, mutate func(*config.Config), hook func(*gossh.ServerConfig), tune func(*Server)) *testPortal {
	t.Helper()
	return startPortalWith(t, d, mutate, hook, tune, nil)
}

// startInstrumentedPortal also makes the service report to m (nil: no
// metrics) before the server accepts connections.
func startInstrumentedPortal(t testing.TB, d *db.DB, mutate func(*config.Config), hook func(*gossh.ServerConfig), m *metrics.Metrics) *testPortal {
	t.Helper()
	return startPortalWith(t, d, mutate, hook, nil, m)
}

// startPortalWith is the one set-up behind the start helpers above.
func startPortalWith(t testing.TB, d *db.DB, mutate func(*config.Config), hook func(*gossh.ServerConfig), tune func(*Server), m *metrics.Metrics) *testPortal {
	t.Helper()
	cfg := defaultConfig(t)
	if mutate != nil {
		mutate(&cfg)
	}
	logBuf := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	bound, err := Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pcfg := portal.DefaultConfig()
	pcfg.Portals = bound.Portals()
	sessions := NewRegistry()
	svc := portaltest.NewWithConfig(t, d, pcfg, log, portal.WithSessionEnder(sessions), portal.WithLiveEnder(sessions.EndLive),
		portal.WithMetrics(m))
	signer, _, err := hostkeys.LoadOrGenerate(t.TempDir())
	if err != nil {
		bound.Close()
		t.Fatal(err)
	}
	srv, err := New(cfg, svc, bound, sessions, signer, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.authConfigHook = hook
	srv.epochInterval = 100 * time.Millisecond
	if tune != nil {
		tune(srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return &testPortal{addr: srv.Addrs()[0].String(), svc: svc, srv: srv, log: logBuf}
}

func (p *testPortal) customer(t *testing.T, email string) db.Account {
	t.Helper()
	a, err := p.svc.CreateAccount(context.Background(), p.svc.DB, portal.NewAccountRequest{Email: email, Region: "CH", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// login connects as acct with the test password; the connection closes
// when the test ends.
func (p *testPortal) login(t *testing.T, acct db.Account) *gossh.Client {
	t.Helper()
	c, err := p.dial(acct.UserID, kbd(testPassword, nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// dial connects with the given auth methods.
func (p *testPortal) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", p.addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
}

// kbd answers keyboard-interactive prompts: the password, then the code.
func kbd(password string, code func() string) gossh.AuthMethod {
	return gossh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
		var out []string
		for _, q := range questions {
			if strings.Contains(q, "Password") {
				out = append(out, password)
			} else if code != nil {
				out = append(out, code())
			}
		}
		return out, nil
	})
}

// run executes a command and returns stdout, stderr and the exit status.
// The client asks for English (LANG=en_GB.UTF-8), so the tests read the
// texts they were written against; runIn asks for another locale.
func run(t *testing.T, c *gossh.Client, cmd string) (string, string, int) {
	t.Helper()
	return runIn(t, c, "en_GB.UTF-8", cmd)
}

// runIn is run with the client's LANG ("" sends none).
func runIn(t *testing.T, c *gossh.Client, lang, cmd string) (string, string, int) {
	t.Helper()
	return runSession(t, c, lang, cmd, nil)
}

// runSession is the one command runner of these tests: a session on c with
// LANG set to lang ("" sends none) and stdin as its input (nil: none); it
// returns stdout, stderr and the exit status (-1 for a session that ended
// without one).
func runSession(t *testing.T, c *gossh.Client, lang, cmd string, stdin []byte) (string, string, int) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if lang != "" {
		if err := s.Setenv("LANG", lang); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	if stdin != nil {
		s.Stdin = bytes.NewReader(stdin)
	}
	err = s.Run(cmd)
	code := 0
	if ee, ok := err.(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	} else if err != nil {
		code = -1
	}
	return out.String(), errb.String(), code
}

// lockedBuffer is a log sink that server goroutines may write concurrently.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitClosed reads from conn until the server closes it or limit passes.
func waitClosed(conn net.Conn, limit time.Duration) bool {
	_ = conn.SetReadDeadline(time.Now().Add(limit))
	buf := make([]byte, 1024)
	for {
		if _, err := conn.Read(buf); err != nil {
			ne, ok := err.(net.Error)
			return !(ok && ne.Timeout())
		}
	}
}

// mismatchedLogin simulates a client that first offered
// "mallory@example.ch" (what ctx.User() keeps) and then authenticated as
// alice: the connection's permissions carry alice's login name while its
// user name is mallory. Every kind of session must refuse it.
func mismatchedLogin(t *testing.T) (*testPortal, *gossh.Client) {
	t.Helper()
	var aliceID atomic.Int64
	p := startPortalWithHook(t, dbtest.SQLite(t), nil, func(cfg *gossh.ServerConfig) {
		cfg.PasswordCallback = func(c gossh.ConnMetadata, pw []byte) (*gossh.Permissions, error) {
			return &gossh.Permissions{Extensions: map[string]string{
				session.ExtAccountID: itoa(aliceID.Load()), session.ExtLoginName: "alice@example.ch", session.ExtMethod: "password",
			}}, nil
		}
	})
	aliceID.Store(p.customer(t, "alice@example.ch").ID)
	p.customer(t, "mallory@example.ch")
	c, err := p.dial("mallory@example.ch", gossh.Password("whatever"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return p, c
}

// waitOpenSessions waits until the account of user has n sessions open
// on this server (a session registers after its identity checks).
func (p *testPortal) waitOpenSessions(t *testing.T, user string, n int) {
	t.Helper()
	acct, err := p.svc.FindAccount(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); p.srv.sessions.open(acct.ID) != n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s has %d open sessions, not %d", user, p.srv.sessions.open(acct.ID), n)
		}
	}
}
