package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync/atomic"
)

// SQLite connections that keep their prepared statements.
//
// The SQLite driver parses and plans every query again (it has no
// statement cache), and database/sql prepares only what it is asked to. A
// CPU profile of 8 key logins at once, each opening the TUI, spent 12% of
// the server's time in sqlite3_prepare. A store has a few dozen fixed
// queries, so each pooled connection keeps one prepared statement per
// query text, whatever runs it: the store's functions, sqlx, a
// transaction. This is done in the driver's connection, below
// database/sql, because a statement prepared through database/sql needs
// a free pooled connection, which a transaction waiting for SQLite's
// write lock may not find.
//
// A cached statement serves one query at a time: while its rows are open
// (a caller iterating one query's rows and running the same query again,
// on the same transaction), the second run is prepared on its own, as
// before. Postgres is left as it was: lib/pq parses nothing on the client,
// and server-side named statements would outlive a migration's change of
// a table and do not survive a transaction pooler.

// sqliteConn is what the SQLite driver's connection implements and the
// cache passes on.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// sqliteStmt is what the SQLite driver's statements implement.
type sqliteStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// maxCachedStmts bounds one connection's cache; past it the statement
// used longest ago gives its place. The store's queries are constant
// strings, but an IN list built for the number of open sessions (the
// session watcher's) is a new text for each count.
const maxCachedStmts = 128

// maxCachedParams leaves long IN lists uncached: each count would keep a
// statement that is seldom run again.
const maxCachedParams = 32

// sqliteConnector opens connections of the registered SQLite driver with
// a statement cache each.
type sqliteConnector struct {
	drv driver.Driver
	dsn string
}

// openSQLite returns a *sql.DB for the SQLite source whose connections
// cache their statements.
func openSQLite(source string) (*sql.DB, error) {
	probe, err := sql.Open("sqlite", source)
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	_ = probe.Close() // opened no connection: sql.Open only looks the driver up
	return sql.OpenDB(sqliteConnector{drv: drv, dsn: source}), nil
}

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	dc, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := dc.(sqliteConn)
	if !ok {
		return dc, nil // a driver without these methods runs uncached
	}
	return &stmtConn{sqliteConn: sc, stmts: make(map[string]*cachedStmt)}, nil
}

func (c sqliteConnector) Driver() driver.Driver { return c.drv }

// stmtConn is a SQLite connection with its cache. database/sql uses a
// connection from one goroutine at a time, so the map needs no lock; a
// statement's busy flag is cleared by its rows' Close, under the same
// rule, and atomic only to say so plainly.
type stmtConn struct {
	sqliteConn
	stmts map[string]*cachedStmt
	tick  uint64 // counts uses, for the least recently used
}

type cachedStmt struct {
	stmt sqliteStmt
	busy atomic.Bool
	used uint64 // the connection's tick at its last use
}

// take returns q's statement, marked busy, or nil when q is to run
// uncached: its statement is busy, q holds more than one statement or
// many parameters, or it does not prepare (the uncached run then returns
// the driver's error).
func (c *stmtConn) take(ctx context.Context, q string) *cachedStmt {
	c.tick++
	if cs, ok := c.stmts[q]; ok {
		if !cs.busy.CompareAndSwap(false, true) {
			return nil
		}
		cs.used = c.tick
		return cs
	}
	if strings.Contains(q, ";") || strings.Count(q, "?") > maxCachedParams {
		return nil
	}
	if len(c.stmts) >= maxCachedStmts && !c.evict() {
		return nil
	}
	ds, err := c.sqliteConn.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	s, ok := ds.(sqliteStmt)
	if !ok {
		_ = ds.Close()
		return nil
	}
	cs := &cachedStmt{stmt: s, used: c.tick}
	cs.busy.Store(true)
	c.stmts[q] = cs
	return cs
}

// evict closes the statement used longest ago that is not busy; false if
// every one is.
func (c *stmtConn) evict() bool {
	var oldest string
	var at uint64
	for q, cs := range c.stmts {
		if !cs.busy.Load() && (oldest == "" || cs.used < at) {
			oldest, at = q, cs.used
		}
	}
	if oldest == "" {
		return false
	}
	_ = c.stmts[oldest].stmt.Close()
	delete(c.stmts, oldest)
	return true
}

func (c *stmtConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	cs := c.take(ctx, q)
	if cs == nil {
		return c.sqliteConn.ExecContext(ctx, q, args)
	}
	defer cs.busy.Store(false)
	return cs.stmt.ExecContext(ctx, args)
}

func (c *stmtConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	cs := c.take(ctx, q)
	if cs == nil {
		return c.sqliteConn.QueryContext(ctx, q, args)
	}
	rows, err := cs.stmt.QueryContext(ctx, args)
	if err != nil {
		cs.busy.Store(false)
		return nil, err
	}
	return &cachedRows{Rows: rows, stmt: cs}, nil
}

// Unwrap is the driver's own connection, for the driver's functions that
// look through a wrapper.
func (c *stmtConn) Unwrap() driver.Conn { return c.sqliteConn }

// Close finalizes the cached statements, then closes the connection.
func (c *stmtConn) Close() error {
	for q, cs := range c.stmts {
		_ = cs.stmt.Close()
		delete(c.stmts, q)
	}
	return c.sqliteConn.Close()
}

// cachedRows frees its statement for the next query when closed. The
// store reads no column types, so none of the driver's optional Rows
// methods are passed on.
type cachedRows struct {
	driver.Rows
	stmt *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.stmt.busy.Store(false)
	return err
}
