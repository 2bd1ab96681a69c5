package db_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// A mistyped scheme must be an error naming the accepted forms, never a
// new, empty SQLite file named after the URL (issue 13.1).
// Serial: it changes the process-wide working directory (t.Chdir).
func TestMistypedDatabaseURLIsRefused(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, dsn := range []string{
		"postgress://u@127.0.0.1/db", "mysql://u@127.0.0.1/db", "POSTGRES://u@127.0.0.1/db", "Postgresql://x/y", "sqlite:",
		"postgres:/h/db", "SQLITE:/x", "Sqlite:x.db", "mysql:x",
		// Quotes an env file keeps, spaces, a URL's slashes (trial of
		// issue 13: each started an empty portal on a new SQLite file).
		`"postgres://postgres@127.0.0.1/x"`, "'postgres://postgres@127.0.0.1/x'", " postgres://postgres@127.0.0.1/x",
		"postgres ://postgres@127.0.0.1/x", "postgresql//x", "data/sipdesk.db ",
	} {
		_, err := db.Open(context.Background(), dsn)
		if !errors.Is(err, db.ErrBadURL) {
			t.Errorf("%s: got %v, want the accepted forms", dsn, err)
			continue
		}
		for _, form := range []string{"postgres://", "postgresql://", "sqlite:PATH", "without ://"} {
			if !strings.Contains(err.Error(), form) {
				t.Errorf("%s: the error %q does not name %s", dsn, err, form)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("a refused URL created files: %v", entries)
	}
}

func TestSQLiteForms(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, dsn := range []string{
		"sqlite:" + filepath.Join(dir, "a.db"),
		filepath.Join(dir, "b.db"),
		"sqlite:" + filepath.Join(dir, "c.db") + "?_pragma=busy_timeout(5000)",
	} {
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		if d.Dialect != db.SQLite {
			t.Fatalf("%s: dialect %s", dsn, d.Dialect)
		}
		d.Close()
	}
	for _, f := range []string{"a.db", "b.db", "c.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
}

// waitFor runs fn and fails the test if it has not returned within limit:
// the limit is the test's own bound on a hang, far above the store timeout.
func waitFor(t *testing.T, what string, limit time.Duration, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("%s still waiting after %s: the store has no deadline", what, limit)
		return nil
	}
}

// A Postgres that accepts but never answers (issue 13.2): calls fail after
// the I/O timeout, a start is abandoned when its context ends (SIGTERM),
// and the store works again once Postgres answers.
func TestStoreThatStopsAnsweringFailsCalls(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewPostgresDatabase(t)
	proxy := dbtest.NewProxy(t, dbtest.PostgresHost(t))
	opt := db.Options{ConnectTimeout: time.Second, IOTimeout: time.Second}
	d, err := db.OpenWith(context.Background(), dbtest.ViaProxy(t, dsn, proxy.Addr()), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	var one int
	if err := d.GetContext(ctx, &one, "SELECT 1"); err != nil {
		t.Fatal(err)
	}

	proxy.Pause()
	err = waitFor(t, "a query on a paused store", 30*time.Second, func() error {
		return d.GetContext(ctx, &one, "SELECT 1")
	})
	if err == nil {
		t.Fatal("a query on a paused store succeeded")
	}
	err = waitFor(t, "a start on a paused store", 30*time.Second, func() error {
		sctx, cancel := context.WithCancel(ctx)
		cancel() // SIGTERM arrived
		_, err := db.OpenWith(sctx, dbtest.ViaProxy(t, dsn, proxy.Addr()), db.Options{ConnectTimeout: time.Hour, IOTimeout: time.Hour})
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a start cancelled by a signal: %v", err)
	}

	proxy.Resume()
	proxy.Cut()
	err = waitFor(t, "a query after the store came back", 30*time.Second, func() error {
		var err error
		for range 3 { // the pool may hand out a connection that was cut
			if err = d.GetContext(ctx, &one, "SELECT 1"); err == nil {
				return nil
			}
		}
		return err
	})
	if err != nil {
		t.Fatalf("the store did not recover: %v", err)
	}
}
