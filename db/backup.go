package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"
)

// ErrNotSQLite is returned by Backup and Restore for a Postgres store:
// Postgres has its own tools (pg_dump, pg_restore), see deploy/README.md.
var ErrNotSQLite = errors.New("backup and restore work on the embedded SQLite store; back up Postgres with pg_dump and restore it with pg_restore (see deploy/README.md)")

// SQLitePath is the database file of an SQLite DSN; ok is false for Postgres.
func SQLitePath(dsn string) (path string, ok bool) {
	dialect, _, source, err := parseDSN(dsn)
	if err != nil || dialect != SQLite {
		return "", false
	}
	return sqlitePath(source), true
}

// Backup writes a consistent copy of the SQLite store to the new file to
// (mode 0600) while the portal keeps serving: VACUUM INTO reads one
// snapshot in a read transaction, which in WAL mode does not block the
// writers. It never overwrites a file: the copy is made beside to and
// linked into place only when complete and checked, so a failed backup
// leaves nothing that looks like one.
func (d *DB) Backup(ctx context.Context, to string) error {
	if d.Dialect != SQLite {
		return ErrNotSQLite
	}
	if _, err := os.Lstat(to); err == nil {
		return fmt.Errorf("%s exists: a backup never overwrites a file; choose a new name", to)
	}
	tmp, err := emptyFileBeside(to, ".partial")
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	// VACUUM INTO accepts an existing empty file, so it keeps the 0600 mode.
	if _, err := d.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("copy the store: %w", countError(err))
	}
	if _, err := InspectBackup(ctx, tmp); err != nil {
		return fmt.Errorf("check the copy: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	// A hard link fails if to appeared meanwhile, where a rename would replace it.
	if err := os.Link(tmp, to); err != nil {
		return fmt.Errorf("put the backup in place: %w", err)
	}
	return syncFile(filepath.Dir(to))
}

// InspectBackup checks that the file at path is an intact sipdesk SQLite
// store whose schema this binary can run (its version or older: serve
// migrates it up), and returns its schema version.
func InspectBackup(ctx context.Context, path string) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("open backup: %w", err)
	}
	if !st.Mode().IsRegular() || st.Size() == 0 {
		return 0, fmt.Errorf("%s is not a sipdesk store (empty or not a file)", path)
	}
	x, err := sqlx.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return 0, fmt.Errorf("open backup: %w", err)
	}
	defer x.Close()
	var check string
	if err := x.GetContext(ctx, &check, `PRAGMA quick_check`); err != nil {
		return 0, fmt.Errorf("%s is not an SQLite database: %w", path, err)
	}
	if check != "ok" {
		return 0, fmt.Errorf("%s is damaged: %s", path, check)
	}
	store := &DB{DB: x, Dialect: SQLite}
	var tables int
	if err := x.GetContext(ctx, &tables, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('accounts', 'goose_db_version')`); err != nil {
		return 0, fmt.Errorf("read backup: %w", err)
	}
	if tables != 2 {
		return 0, fmt.Errorf("%s is an SQLite database but not a sipdesk store (no accounts or schema version)", path)
	}
	version, latest, err := store.SchemaStatus(ctx)
	if err != nil {
		return 0, err
	}
	if version > latest {
		return 0, fmt.Errorf("%s has schema version %d, newer than this binary's %d: restore it with the sipdesk that made it", path, version, latest)
	}
	return version, nil
}

// emptyFileBeside creates a new empty 0600 file next to path, named
// path+suffix+random, and returns its name.
func emptyFileBeside(path, suffix string) (string, error) {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := path + suffix + "-" + hex.EncodeToString(b)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("create %s: %w", name, err)
	}
	return name, f.Close()
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// stamp names a kept file by the time it was set aside.
func stamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
