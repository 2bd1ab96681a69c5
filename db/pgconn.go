package db

import (
	"context"
	"database/sql"
	"fmt"
	"net"
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
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres URL: %w", err)
	}
	if cfg.ConnectTimeout <= 0 || cfg.ConnectTimeout > opt.ConnectTimeout {
		cfg.ConnectTimeout = opt.ConnectTimeout
	}
	c, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres URL: %w", err)
	}
	c.Dialer(timeoutDialer{connect: opt.ConnectTimeout, io: opt.IOTimeout})
	return sql.OpenDB(c), nil
}

// timeoutDialer dials with a connect timeout and hands out connections
// whose every read and write must finish within io.
type timeoutDialer struct {
	connect, io time.Duration
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
	return &ioTimeoutConn{Conn: c, timeout: d.io}, nil
}

// ioTimeoutConn sets a fresh deadline before each read and write, so a
// peer that goes silent mid-exchange fails the call after timeout instead
// of blocking it. An idle pooled connection is not read, so it is not
// affected.
type ioTimeoutConn struct {
	net.Conn
	timeout time.Duration
}

func (c *ioTimeoutConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

func (c *ioTimeoutConn) Write(p []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// SetDeadline and friends are how lib/pq bounds its startup handshake;
// ours replace them on the next read or write, and ours are never longer.
func (c *ioTimeoutConn) SetDeadline(t time.Time) error      { return nil }
func (c *ioTimeoutConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *ioTimeoutConn) SetWriteDeadline(t time.Time) error { return nil }
