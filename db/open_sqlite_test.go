package db_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
)

// pragma reads one setting of the connection the store hands out.
func pragma(t *testing.T, d *db.DB, name string) string {
	t.Helper()
	var v string
	if err := d.GetContext(context.Background(), &v, "PRAGMA "+name); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

// Issue 13.1: a SQLite path with settings after ? keeps the built-in
// ones it does not set itself (foreign keys, WAL, IMMEDIATE transactions);
// those it sets win.
func TestSQLitePathWithSettingsKeepsTheBuiltInOnes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, dsn := range []string{
		"sqlite:" + filepath.Join(dir, "a.db") + "?_pragma=busy_timeout(100)",
		filepath.Join(dir, "b.db") + "?_pragma=busy_timeout(100)",
		"sqlite:file:" + filepath.Join(dir, "c.db") + "?_pragma=busy_timeout(100)",
	} {
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		defer d.Close()
		if v := pragma(t, d, "foreign_keys"); v != "1" {
			t.Errorf("%s: foreign_keys %s", dsn, v)
		}
		if v := pragma(t, d, "journal_mode"); !strings.EqualFold(v, "wal") {
			t.Errorf("%s: journal_mode %s", dsn, v)
		}
		if v := pragma(t, d, "busy_timeout"); v != "100" {
			t.Errorf("%s: busy_timeout %s, want the URL's 100", dsn, v)
		}
		// IMMEDIATE: a transaction holds the write lock from its start,
		// so a write beside it is refused (after the 100 ms busy
		// timeout) even before the transaction has written.
		tx, err := d.BeginTxx(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(context.Background(), "CREATE TABLE beside (x INTEGER)"); err == nil {
			t.Errorf("%s: a write beside an open transaction went through: transactions are not IMMEDIATE", dsn)
		}
		_ = tx.Rollback()
	}
	for _, f := range []string{"a.db", "b.db", "c.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := os.Stat("file:"); !os.IsNotExist(err) {
		t.Errorf("sqlite:file:PATH made a directory named file: (%v)", err)
	}
}

// A setting the URL gives explicitly is kept as given.
func TestSQLitePathSettingOverridesTheBuiltIn(t *testing.T) {
	t.Parallel()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "d.db")+"?_pragma=foreign_keys(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if v := pragma(t, d, "foreign_keys"); v != "0" {
		t.Fatalf("foreign_keys %s, want the URL's 0", v)
	}
	if v := pragma(t, d, "journal_mode"); !strings.EqualFold(v, "wal") {
		t.Fatalf("journal_mode %s", v)
	}
}
