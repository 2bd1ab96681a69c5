// Package db is sipdesk's store: one repository layer over sqlx that serves
// both the embedded SQLite database (the zero-setup default) and Postgres
// (production). Queries are written once with '?' placeholders and rebound
// for the dialect; the schema lives in embedded goose migrations, one folder
// per dialect.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq" // Postgres driver "postgres"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the SQL dialect of a store.
type Dialect string

// The two dialects sipdesk runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Handler is what every store method runs its statements on: the database
// itself or a transaction. The caller decides, so business code can group
// several store calls into one transaction.
type Handler interface {
	sqlx.ExtContext
}

// Tx is a transaction; it is a Handler too.
type Tx = *Txn

// Txn is a transaction with actions to run once it has committed.
type Txn struct {
	*sqlx.Tx
	afterCommit []func()
}

// AfterCommit runs fn once the transaction has committed, and never if it
// rolls back: a worker woken earlier would look before the row is visible
// (on Postgres) and wait for its next poll.
func (t *Txn) AfterCommit(fn func()) { t.afterCommit = append(t.afterCommit, fn) }

// DB is an open store.
type DB struct {
	*sqlx.DB
	Dialect Dialect

	dsn string  // for the migrations' own connection
	opt Options // the bounds it was opened with
}

// Options bound how long the store may keep a caller waiting.
type Options struct {
	// ConnectTimeout bounds dialling Postgres and its startup handshake.
	ConnectTimeout time.Duration
	// IOTimeout bounds every read and write on a Postgres connection, so
	// no store call made for a person (login, TUI page, command) waits
	// longer for a store that accepts but does not answer. It is the
	// --store-timeout setting.
	IOTimeout time.Duration
}

// DefaultOptions are the production bounds.
func DefaultOptions() Options {
	return Options{ConnectTimeout: 5 * time.Second, IOTimeout: 5 * time.Second}
}

// Open connects to the database named by dsn with DefaultOptions: a
// postgres:// or postgresql:// URL selects Postgres; "sqlite:PATH" or a
// plain file path selects SQLite.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenWith(ctx, dsn, DefaultOptions())
}

// OpenWith is Open with explicit bounds. It returns as soon as ctx ends
// (SIGTERM during start), even while the first connection hangs.
func OpenWith(ctx context.Context, dsn string, opt Options) (*DB, error) {
	def := DefaultOptions()
	if opt.ConnectTimeout <= 0 {
		opt.ConnectTimeout = def.ConnectTimeout
	}
	if opt.IOTimeout <= 0 {
		opt.IOTimeout = def.IOTimeout
	}
	dialect, driver, source, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var x *sqlx.DB
	if dialect == SQLite {
		if err := createPrivateFile(sqlitePath(source)); err != nil {
			return nil, err
		}
		sdb, err := openSQLite(source)
		if err != nil {
			return nil, fmt.Errorf("open %s database: %w", dialect, err)
		}
		x = sqlx.NewDb(sdb, driver)
		// One writer at a time is SQLite's model; a small pool with a busy
		// timeout and IMMEDIATE transactions avoids "database is locked"
		// errors from lock upgrades, and WAL lets readers run beside the
		// writer. Every connection stays open: opening one costs its
		// pragmas and its cache of prepared statements (the default of two
		// idle connections reopened the others under 8 logins at once).
		x.SetMaxOpenConns(8)
		x.SetMaxIdleConns(8)
	} else {
		sdb, err := openPostgres(source, opt)
		if err != nil {
			return nil, err
		}
		x = sqlx.NewDb(sdb, driver)
		x.SetMaxOpenConns(20)
		x.SetMaxIdleConns(10)
		x.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := ping(ctx, x); err != nil {
		x.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dialect, err)
	}
	return &DB{DB: x, Dialect: dialect, dsn: source, opt: opt}, nil
}

// ping waits for the first connection, or for ctx to end: the driver may
// not give up at once, and a signal during start must be honoured now.
func ping(ctx context.Context, x *sqlx.DB) error {
	done := make(chan error, 1)
	go func() { done <- x.PingContext(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ErrBadURL is a database URL in none of the accepted forms.
var ErrBadURL = errors.New("database URL: use postgres://... or postgresql://... for Postgres, " +
	"sqlite:PATH or a plain file path (without ://, not starting with NAME:) for SQLite; " +
	"a SQLite path may carry settings after ?, and keeps the built-in ones it does not set")

func parseDSN(dsn string) (dialect Dialect, driver, source string, err error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, "postgres", dsn, nil
	case strings.TrimSpace(dsn) == "":
		return "", "", "", errors.New("empty database URL")
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	if path == dsn {
		if scheme, ok := schemeLike(dsn); ok {
			// A mistyped scheme (postgress://, mysql://, POSTGRES://,
			// postgres:/h/db, SQLITE:/x) must not start an empty portal on
			// a new SQLite file named after it.
			return "", "", "", fmt.Errorf("%w (got the scheme %q)", ErrBadURL, scheme)
		}
		// Nor may quotes kept by an env file, spaces around the value or
		// a URL's slashes ("postgres ://…", "postgresql//…"): a plain
		// path has none of them, and an unusual one is written sqlite:PATH.
		if strings.TrimSpace(dsn) != dsn || strings.ContainsAny(dsn[:1], `"'`) || strings.Contains(dsn, "//") || strings.Contains(dsn, ":/") {
			return "", "", "", fmt.Errorf("%w (%q looks like a mistyped URL, not a path: no quotes or spaces around it, no // or :/ in it; write sqlite:PATH for such a path)", ErrBadURL, dsn)
		}
	}
	path, query, _ := strings.Cut(path, "?")
	// "sqlite:file:PATH" is SQLite's own URI form of the same path.
	path = strings.TrimPrefix(path, "file:")
	if path == "" {
		return "", "", "", fmt.Errorf("%w (no path after sqlite:)", ErrBadURL)
	}
	q, err := sqliteSettings(query)
	if err != nil {
		return "", "", "", err
	}
	return SQLite, "sqlite", "file:" + path + "?" + q.Encode(), nil
}

// schemeLike reports whether dsn starts like a URL scheme ("mysql:",
// "postgres:", "SQLITE:"): two or more letters, digits, '+', '-' or '.'
// before a colon, starting with a letter. A plain path never does (it
// starts with '/' or '.', or has no colon before its first '/').
func schemeLike(dsn string) (string, bool) {
	scheme, _, ok := strings.Cut(dsn, ":")
	if !ok || len(scheme) < 2 || strings.ContainsAny(scheme[:1], "0123456789+-.") {
		return "", false
	}
	for _, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+-.", r)) {
			return "", false
		}
	}
	return scheme, true
}

// sqliteDefaults are the settings every SQLite store runs with: a busy
// timeout, WAL, foreign keys, IMMEDIATE transactions (no "database is
// locked" from a lock upgrade) and the driver's time format.
var sqliteDefaults = []struct{ key, name, value string }{
	{"_pragma", "busy_timeout", "busy_timeout(10000)"},
	{"_pragma", "journal_mode", "journal_mode(WAL)"},
	{"_pragma", "foreign_keys", "foreign_keys(1)"},
	{"_pragma", "synchronous", "synchronous(NORMAL)"},
	{"_txlock", "", "immediate"},
	{"_time_format", "", "sqlite"},
}

// sqliteSettings is the query of a SQLite path: the URL's own settings,
// plus each default the URL does not set itself (a path with
// "?_pragma=busy_timeout(5000)" still gets foreign keys and WAL).
func sqliteSettings(query string) (url.Values, error) {
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("%w (the settings after ? do not parse: %v)", ErrBadURL, err)
	}
	set := map[string]bool{}
	for _, p := range q["_pragma"] {
		name, _, _ := strings.Cut(p, "(")
		name, _, _ = strings.Cut(name, "=")
		set[strings.ToLower(strings.TrimSpace(name))] = true
	}
	for _, d := range sqliteDefaults {
		switch {
		case d.name != "" && !set[d.name]:
			q.Add(d.key, d.value)
		case d.name == "" && !q.Has(d.key):
			q.Set(d.key, d.value)
		}
	}
	return q, nil
}

// createPrivateFile creates the SQLite file 0600 in a 0700 directory before
// the driver does (it would use 0644): the store holds password hashes and
// encrypted secrets. SQLite gives its -wal and -shm files the same mode.
func createPrivateFile(path string) error {
	if path == "" || path == ":memory:" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create database directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	return f.Close()
}

func sqlitePath(source string) string {
	p := strings.TrimPrefix(source, "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// MigrationAppName is the application_name of the migrations' Postgres
// connections (unless the URL sets one): an operator sees them in
// pg_stat_activity, a test can stall them.
const MigrationAppName = "sipdesk-migrate"

// migrationIOTimeout bounds a silent migration statement.
const migrationIOTimeout = 30 * time.Minute

// Migrate applies every pending migration of the store's dialect and returns
// the resulting schema version.
func (d *DB) Migrate(ctx context.Context, log *slog.Logger) (int64, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.Dialect))
	if err != nil {
		return 0, err
	}
	gd := goose.DialectSQLite3
	if d.Dialect == Postgres {
		gd = goose.DialectPostgres
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	conn := d.DB.DB
	if d.Dialect == Postgres && d.dsn != "" {
		// A migration may rewrite a large table in silence for longer than
		// the I/O timeout that guards people's calls: it gets its own pool.
		// Its connections are closed when ctx ends (SIGTERM during start),
		// so a stuck Postgres cannot hold the migration for that long.
		conns := &connSet{}
		mdb, err := openPostgresTracked(d.dsn, Options{ConnectTimeout: d.opt.ConnectTimeout, IOTimeout: migrationIOTimeout}, conns, MigrationAppName)
		if err != nil {
			return 0, err
		}
		defer mdb.Close()
		stop := context.AfterFunc(ctx, conns.closeAll)
		defer stop()
		conn = mdb
	}
	p, err := goose.NewProvider(gd, conn, sub, opts...)
	if err != nil {
		return 0, fmt.Errorf("load migrations: %w", err)
	}
	if d.Dialect == Postgres {
		unlock, err := lockMigrations(ctx, conn)
		if err != nil {
			if ctx.Err() != nil {
				return 0, fmt.Errorf("apply migrations: abandoned while waiting for another replica's: %w", context.Cause(ctx))
			}
			return 0, fmt.Errorf("apply migrations: wait for another replica's: %w", err)
		}
		defer unlock()
	}
	if _, err := p.Up(ctx); err != nil {
		if ctx.Err() != nil {
			return 0, fmt.Errorf("apply migrations: abandoned: %w", context.Cause(ctx))
		}
		return 0, fmt.Errorf("apply migrations: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// migrationLockID is the Postgres advisory lock that replicas migrating
// one database take in turn (an arbitrary constant of sipdesk's).
const migrationLockID int64 = 0x5349504445534b // "SIPDESK"

// lockMigrations waits until no other replica migrates this Postgres
// database, and holds it so until unlock: two replicas starting at once
// with migrations pending would otherwise both apply them, and the second
// fail on the first's half-made schema ("column ... already exists"). The
// lock is the session's, on a connection kept for it, so it ends with the
// connection if this process dies. Waiting ends with ctx (SIGTERM at
// start), as the migration pool's connections are closed then.
func lockMigrations(ctx context.Context, pool *sql.DB) (unlock func(), err error) {
	c, err := pool.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := c.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockID); err != nil {
		c.Close()
		return nil, err
	}
	return func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := c.ExecContext(uctx, `SELECT pg_advisory_unlock($1)`, migrationLockID); err != nil {
			// Never back into a pool with the lock: closing the
			// connection ends the lock too.
			_ = c.Raw(func(any) error { return driver.ErrBadConn })
		}
		c.Close()
	}, nil
}

// Tx runs fn in a transaction: committed when fn returns nil, rolled back
// otherwise (and on panic), so an aborted operation leaves no half rows.
func (d *DB) Tx(ctx context.Context, fn func(tx Tx) error) (err error) {
	stx, err := d.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", countError(err))
	}
	tx := &Txn{Tx: stx}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", countError(err))
	}
	for _, fn := range tx.afterCommit {
		fn()
	}
	return nil
}

// Domain errors that store methods return in place of driver errors.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
	ErrReference = errors.New("refers to a missing record")
)

// WrapError maps "no rows" and constraint violations of either driver to the
// domain errors above, so callers never inspect driver error types. The
// violations are told by the drivers' error codes (SQLSTATE for Postgres,
// extended result codes for SQLite), never by message text.
func WrapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	switch constraintOf(err) {
	case constraintUnique:
		return fmt.Errorf("%w: %v", ErrDuplicate, err)
	case constraintForeignKey:
		return fmt.Errorf("%w: %v", ErrReference, err)
	}
	return err
}

type constraint int

const (
	constraintNone constraint = iota
	constraintUnique
	constraintForeignKey
)

// Postgres SQLSTATE codes (Appendix A of its manual).
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// constraintOf says which constraint a driver error violated, by code.
func constraintOf(err error) constraint {
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			return constraintUnique
		case pgForeignKeyViolation:
			return constraintForeignKey
		}
		return constraintNone
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		// The driver turns extended result codes on for every connection.
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return constraintUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return constraintForeignKey
		}
	}
	return constraintNone
}
