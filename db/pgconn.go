package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// Why a dialer of our own: database/sql waits for the driver, and lib/pq
// answers a cancelled context by sending a cancel request and then still
// waits for the server's reply on the same socket. A Postgres (or a
// network path) that accepts connections but never answers would hold
// every caller for ever: a login, a TUI page, a start that ignores
// SIGTERM. Every read and write on a store connection therefore has an
// I/O deadline; when it passes the call fails, lib/pq drops the
// connection, and the pool dials a fresh one for the next call. Our
// queries answer in milliseconds, so a silence of IOTimeout means the
// store is stuck, not busy.

// openPostgres opens a pool whose connections time out on dial, startup
// and every I/O.
func openPostgres(dsn string, opt Options) (*sql.DB, error) {
	return openPostgresTracked(dsn, opt, nil, "")
}

// openPostgresTracked is openPostgres recording its connections in conns,
// named app in pg_stat_activity unless the URL names them.
func openPostgresTracked(dsn string, opt Options, conns *connSet, app string) (*sql.DB, error) {
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres URL: %w", err)
	}
	if app != "" && cfg.ApplicationName == "" {
		cfg.ApplicationName = app
	}
	if cfg.ConnectTimeout <= 0 || cfg.ConnectTimeout > opt.ConnectTimeout {
		cfg.ConnectTimeout = opt.ConnectTimeout
	}
	c, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres URL: %w", err)
	}
	c.Dialer(timeoutDialer{connect: opt.ConnectTimeout, io: opt.IOTimeout, conns: conns})
	return sql.OpenDB(c), nil
}

// timeoutDialer dials with a connect timeout and hands out connections
// whose every read and write must finish within io. conns, when set,
// records them, so that they can be closed under a call that waits.
type timeoutDialer struct {
	connect, io time.Duration
	conns       *connSet
}

func (d timeoutDialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

func (d timeoutDialer) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return d.DialContext(ctx, network, address)
}

func (d timeoutDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	nd := net.Dialer{Timeout: d.connect, KeepAlive: 30 * time.Second}
	c, err := nd.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	tc := &ioTimeoutConn{Conn: c, timeout: d.io}
	if d.conns != nil && !d.conns.add(tc) {
		c.Close()
		return nil, errConnsClosed
	}
	return tc, nil
}

// ioTimeoutConn sets a fresh deadline before each read and write, so a
// peer that goes silent mid-exchange fails the call after timeout instead
// of blocking it. An idle pooled connection is not read, so it is not
// affected.
type ioTimeoutConn struct {
	net.Conn
	timeout time.Duration
	// until is a deadline the driver set (lib/pq bounds its startup
	// handshake by connect_timeout this way, then clears it): a read or
	// write never waits past it, even when timeout is longer (the
	// migrations' pool).
	until atomic.Int64 // UnixNano; 0: none
}

func (c *ioTimeoutConn) deadline() time.Time {
	d := time.Now().Add(c.timeout)
	if u := c.until.Load(); u != 0 && u < d.UnixNano() {
		return time.Unix(0, u)
	}
	return d
}

func (c *ioTimeoutConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(c.deadline()); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

func (c *ioTimeoutConn) Write(p []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(c.deadline()); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// SetDeadline and friends are how lib/pq bounds its startup handshake:
// the next reads and writes wait no longer than t, nor than our timeout.
// The zero time clears it.
func (c *ioTimeoutConn) SetDeadline(t time.Time) error {
	if t.IsZero() {
		c.until.Store(0)
	} else {
		c.until.Store(t.UnixNano())
	}
	return nil
}
func (c *ioTimeoutConn) SetReadDeadline(t time.Time) error  { return c.SetDeadline(t) }
func (c *ioTimeoutConn) SetWriteDeadline(t time.Time) error { return c.SetDeadline(t) }

// errConnsClosed refuses a dial after the set was closed.
var errConnsClosed = errors.New("the store call was abandoned (its context ended)")

// connSet is the connections of one pool, so that a call whose context
// ended can be abandoned at once: lib/pq answers a cancelled context by
// asking Postgres to cancel and then waits for its reply on the same
// socket, which a stuck Postgres never sends (a migration would ignore
// SIGTERM for its whole I/O timeout). Closing the sockets ends that wait.
type connSet struct {
	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

func (s *connSet) add(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	if s.conns == nil {
		s.conns = map[net.Conn]struct{}{}
	}
	s.conns[c] = struct{}{}
	return true
}

// closeAll closes every connection and refuses new ones.
func (s *connSet) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.conns = nil
}
