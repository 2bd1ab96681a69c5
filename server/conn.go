package server

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

type graceKey struct{}

// graceConn closes a connection that has not authenticated within the login
// grace time. The ssh library has no handshake timeout: without this, a
// client that opens connections and then sits at the password prompt (or
// never finishes key exchange) would hold them forever.
//
// The account-less forms (forgot@, reset+TOKEN@) need no password, so their
// connections stay unauthenticated here: they keep the grace timer until
// their form opens, then a short session limit (startForm), and hold their
// source's slot until they close.
type graceConn struct {
	net.Conn
	timer   *time.Timer
	authed  atomic.Bool
	release func() // frees the source's unauthenticated slot, once
	once    sync.Once
	forms   atomic.Int32 // form sessions opened on a flow connection

	closeOnce sync.Once
	mu        sync.Mutex
	onClose   []func()
}

func newGraceConn(c net.Conn, grace time.Duration, release func()) *graceConn {
	g := &graceConn{Conn: c, release: release}
	g.timer = time.AfterFunc(grace, func() {
		if !g.authed.Load() {
			_ = c.Close()
		}
	})
	return g
}

// authenticated stops the grace timer and frees the unauthenticated slot.
func (g *graceConn) authenticated() {
	g.authed.Store(true)
	g.timer.Stop()
	g.once.Do(g.release)
}

// startForm admits the one form session of a flow connection and gives the
// connection limit to finish it; false for every later session. One form
// per connection: otherwise one password-less connection could open forms
// without end.
func (g *graceConn) startForm(limit time.Duration) bool {
	if g.forms.Add(1) != 1 {
		return false
	}
	g.timer.Reset(limit)
	return true
}

// formDone gives the connection of a finished form linger to be closed by
// its client, then closes it. The client closes first when it saw the
// form's exit: closed at once, OpenSSH's last write (its disconnect) can
// meet a closed socket, and it then exits 255 instead of the form's status.
// No second form can start meanwhile (startForm).
func (g *graceConn) formDone(linger time.Duration) {
	g.timer.Reset(linger)
}

// whenClosed runs f once the connection is closed.
func (g *graceConn) whenClosed(f func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.onClose = append(g.onClose, f)
}

func (g *graceConn) Close() error {
	g.timer.Stop()
	g.once.Do(g.release)
	err := g.Conn.Close()
	g.closeOnce.Do(func() {
		g.mu.Lock()
		fs := g.onClose
		g.mu.Unlock()
		for _, f := range fs {
			f()
		}
	})
	return err
}

// sourceLimiter caps unauthenticated connections per source address, so one
// host cannot hold every connection slot at the login prompt.
type sourceLimiter struct {
	max int
	mu  sync.Mutex
	n   map[string]int
}

func newSourceLimiter(max int) *sourceLimiter {
	return &sourceLimiter{max: max, n: map[string]int{}}
}

// acquire takes a slot for ip; release must be called exactly once.
func (l *sourceLimiter) acquire(ip string) (release func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.max > 0 && l.n[ip] >= l.max {
		return nil, false
	}
	l.n[ip]++
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.n[ip]--; l.n[ip] <= 0 {
			delete(l.n, ip)
		}
	}, true
}
