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
type graceConn struct {
	net.Conn
	timer   *time.Timer
	authed  atomic.Bool
	release func() // frees the source's unauthenticated slot, once
	once    sync.Once
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

func (g *graceConn) Close() error {
	g.timer.Stop()
	g.once.Do(g.release)
	return g.Conn.Close()
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
