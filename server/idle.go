package server

import (
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// idleKey is the ssh context key of a connection's *idleConn.
type idleKey struct{}

// idleConn closes a connection after --idle-timeout without input from the
// client. Unlike the ssh library's idle timeout (a raw deadline on the
// socket: no reason, ssh exit 255, a TUI's terminal left in the alternate
// screen), it ends the connection's sessions through the session: the TUI
// quits and restores the terminal, each session gets the reason and an
// exit status. Only reads count: the person's keys, an upload's data, the
// client's keepalives; a screen the server redraws is no activity. Time
// the server spends on an authentication step does not count either.
type idleConn struct {
	net.Conn
	timeout time.Duration
	last    atomic.Int64 // unix nanoseconds of the last read with data
	busy    atomic.Int32 // authentication steps under way (serverWork)
	timer   *time.Timer

	mu       sync.Mutex
	sessions map[*liveSession]struct{}
}

func newIdleConn(c net.Conn, timeout time.Duration) *idleConn {
	ic := &idleConn{Conn: c, timeout: timeout, sessions: map[*liveSession]struct{}{}}
	ic.last.Store(time.Now().UnixNano())
	ic.mu.Lock() // check may run before the assignment is seen otherwise
	ic.timer = time.AfterFunc(timeout, ic.check)
	ic.mu.Unlock()
	return ic
}

func (c *idleConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// Close stops the watch.
func (c *idleConn) Close() error {
	c.mu.Lock()
	c.timer.Stop()
	c.mu.Unlock()
	return c.Conn.Close()
}

// check runs when the timeout may have passed: it waits the rest if input
// came since, else ends the sessions.
func (c *idleConn) check() {
	idle := time.Since(time.Unix(0, c.last.Load()))
	c.mu.Lock()
	if c.busy.Load() > 0 {
		idle = 0 // the server is working; serverWork's end counts as input
	}
	if idle < c.timeout {
		c.timer.Reset(c.timeout - idle)
		c.mu.Unlock()
		return
	}
	var open []*liveSession
	for l := range c.sessions {
		open = append(open, l)
	}
	c.mu.Unlock()
	if len(open) == 0 {
		// No session to tell (a form without an account, a client that
		// opened none): close as before.
		_ = c.Conn.Close()
		return
	}
	after := shortDuration(c.timeout)
	for _, l := range open {
		l.endSaying(func(v portal.Voice) string { return v.T("session.end.idle", after) }, cmdkit.ExitEnded)
	}
	// A client that keeps the connection open without sessions loses it.
	time.AfterFunc(tuiQuitGrace, func() { _ = c.Conn.Close() })
}

// serverWork marks the server busy on this connection until done runs:
// the client waits for the server then (a password hash in a worker
// process at nice 19 takes seconds on a loaded machine), so that time is
// not the client's idleness, and the idle time starts afresh at its end.
// A nil c (no --idle-timeout) does nothing.
func (c *idleConn) serverWork() (done func()) {
	if c == nil {
		return func() {}
	}
	c.busy.Add(1)
	return func() {
		c.last.Store(time.Now().UnixNano()) // before busy drops: check never sees neither
		c.busy.Add(-1)
	}
}

// authStep runs one authentication step as the server's work, except the
// time it waits for the client's answers at a prompt, which is the
// client's.
func (c *idleConn) authStep(ch gossh.KeyboardInteractiveChallenge,
	step func(gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error)) (*gossh.Permissions, error) {
	done := c.serverWork()
	defer func() { done() }()
	if ch != nil {
		prompt := ch
		ch = func(name, instruction string, questions []string, echos []bool) ([]string, error) {
			done()
			answers, err := prompt(name, instruction, questions, echos)
			done = c.serverWork()
			return answers, err
		}
	}
	return step(ch)
}

func (c *idleConn) attach(l *liveSession) {
	c.mu.Lock()
	c.sessions[l] = struct{}{}
	c.mu.Unlock()
}

func (c *idleConn) detach(l *liveSession) {
	c.mu.Lock()
	delete(c.sessions, l)
	c.mu.Unlock()
}

// shortDuration writes 30m rather than 30m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// watchIdle wraps a new connection in the idle watch (none when
// --idle-timeout is 0) and records it in the connection's context, where
// its sessions attach themselves (track).
func (s *Server) watchIdle(ctx ssh.Context, c net.Conn) net.Conn {
	if s.cfg.IdleTimeout <= 0 {
		return c
	}
	ic := newIdleConn(c, s.cfg.IdleTimeout)
	ctx.SetValue(idleKey{}, ic)
	return ic
}
