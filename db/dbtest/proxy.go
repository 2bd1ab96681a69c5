package dbtest

import (
	"bytes"
	"net"
	"sync"
	"testing"
	"time"
)

// Proxy is a TCP proxy between a store and its Postgres that a test can
// pause (connections are accepted, nothing is forwarded: a store that
// accepts but never answers) and cut (every connection is closed).
type Proxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	paused bool
	resume chan struct{}
	conns  map[net.Conn]struct{}
	// accepted counts client connections; cond signals each one.
	accepted int
	cond     *sync.Cond
	// holdMarker, when set, holds every connection whose first message
	// (Postgres's startup message) contains it (HoldStartupWith).
	holdMarker string
	held       chan struct{} // closed by the test's cleanup
	heldN      int           // connections held so far
}

// NewProxy listens on a free loopback port and forwards to target
// (host:port); it is closed when the test ends.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	return NewProxyAt(t, "127.0.0.1:0", target)
}

// NewProxyAt is NewProxy listening on addr: a store that a process was
// told to reach at addr, which refused connections until now, comes up.
func NewProxyAt(t testing.TB, addr, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{ln: ln, target: target, resume: make(chan struct{}), conns: map[net.Conn]struct{}{}, held: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	go p.accept()
	t.Cleanup(func() { ln.Close(); p.Cut(); p.Resume(); close(p.held) })
	return p
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Pause stops forwarding in both directions until Resume.
func (p *Proxy) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.paused {
		p.paused = true
		p.resume = make(chan struct{})
	}
}

// Resume forwards again.
func (p *Proxy) Resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paused {
		p.paused = false
		close(p.resume)
	}
}

// Cut closes every open connection, as a dead store's host would.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
}

func (p *Proxy) track(c net.Conn) {
	p.mu.Lock()
	p.conns[c] = struct{}{}
	p.mu.Unlock()
}

// gate blocks while paused.
func (p *Proxy) gate() {
	p.mu.Lock()
	paused, ch := p.paused, p.resume
	p.mu.Unlock()
	if paused {
		<-ch
	}
}

// HoldStartupWith makes the proxy hold every connection whose startup
// message contains marker (e.g. an application_name): accepted, never
// forwarded, even after Resume. The others are forwarded as usual. So a
// test can stall one pool of a process at an exact point, whatever the
// order and number of the other connections.
func (p *Proxy) HoldStartupWith(marker string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdMarker = marker
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.track(c)
		p.mu.Lock()
		p.accepted++
		marker := p.holdMarker
		p.cond.Broadcast()
		p.mu.Unlock()
		go func() {
			var first []byte
			if marker != "" {
				buf := make([]byte, 4096)
				n, err := c.Read(buf)
				if err != nil {
					c.Close()
					return
				}
				if first = buf[:n]; bytes.Contains(first, []byte(marker)) {
					p.mu.Lock()
					p.heldN++
					p.cond.Broadcast()
					p.mu.Unlock()
					<-p.held
					c.Close()
					return
				}
			}
			p.gate()
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				return
			}
			p.track(up)
			if _, err := up.Write(first); err != nil {
				c.Close()
				up.Close()
				return
			}
			go p.pipe(up, c)
			p.pipe(c, up)
		}()
	}
}

// pipe copies src to dst in small steps, each held while paused.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.gate()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// WaitAccepted waits until the proxy has accepted n client connections,
// failing the test after a minute.
func (p *Proxy) WaitAccepted(t testing.TB, n int) {
	t.Helper()
	p.waitCount(t, &p.accepted, n, "accepted")
}

// WaitHeld waits until the proxy holds n connections (HoldStartupWith),
// failing the test after a minute.
func (p *Proxy) WaitHeld(t testing.TB, n int) {
	t.Helper()
	p.waitCount(t, &p.heldN, n, "held")
}

// waitCount waits until *count (guarded by p.mu, broadcast on p.cond)
// reaches n; after a minute a timer makes it negative to wake the waiter,
// which then fails the test.
func (p *Proxy) waitCount(t testing.TB, count *int, n int, what string) {
	t.Helper()
	timer := time.AfterFunc(time.Minute, func() {
		p.mu.Lock()
		*count = -1 << 30
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	defer timer.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for *count >= 0 && *count < n {
		p.cond.Wait()
	}
	if *count < 0 {
		t.Fatalf("the proxy %s no connection within a minute", what)
	}
}
