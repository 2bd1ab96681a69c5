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
)

func openStore(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return d
}

func addAccount(t *testing.T, d *db.DB, user string) {
	t.Helper()
	if _, err := db.CreateAccount(context.Background(), d, db.NewAccount{UserID: user, Email: user, Region: "CH", Role: "customer"}, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func userIDs(t *testing.T, d *db.DB) string {
	t.Helper()
	var ids []string
	if err := d.Select(&ids, `SELECT user_id FROM accounts ORDER BY user_id`); err != nil {
		t.Fatal(err)
	}
	return strings.Join(ids, ",")
}

// The operator's story: back up while the portal runs, a customer is added
// after the backup, restore: the store is as it was at the backup, and the
// replaced store is kept, not deleted.
func TestBackupWhileRunningThenRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	storePath, backup := filepath.Join(dir, "data", "sipdesk.db"), filepath.Join(dir, "backup.db")
	live := openStore(t, storePath)
	addAccount(t, live, "alice@example.ch")

	if err := live.Backup(ctx, backup); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if st, err := os.Stat(backup); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, mode %v; want 0600", err, st.Mode())
	}
	if err := live.Backup(ctx, backup); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Fatalf("a second backup to the same file: %v", err)
	}
	addAccount(t, live, "bob@example.ch")

	if _, err := db.Restore(ctx, "sqlite:"+storePath, backup, true, time.Now()); !errors.Is(err, db.ErrStoreInUse) {
		t.Fatalf("restore under a running portal: %v; want ErrStoreInUse", err)
	}
	live.Close()
	if _, err := db.Restore(ctx, "sqlite:"+storePath, backup, false, time.Now()); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a store without --force: %v", err)
	}
	res, err := db.Restore(ctx, "sqlite:"+storePath, backup, true, time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if res.Kept != storePath+".before-restore-20261201T230000Z" || res.Schema < 1 {
		t.Fatalf("restore result %+v", res)
	}
	restored := openStore(t, storePath)
	defer restored.Close()
	if got := userIDs(t, restored); got != "alice@example.ch" {
		t.Fatalf("restored accounts %q; want only alice", got)
	}
	kept := openStore(t, res.Kept)
	defer kept.Close()
	if got := userIDs(t, kept); got != "alice@example.ch,bob@example.ch" {
		t.Fatalf("the replaced store holds %q; want alice and bob", got)
	}
	if err := restored.CheckSchemaCurrent(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreRefusesWhatIsNotASipdeskStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	target := "sqlite:" + filepath.Join(dir, "new", "sipdesk.db")

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database, but long enough to look like one to a careless check\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Restore(ctx, target, text, false, time.Now()); err == nil || !strings.Contains(err.Error(), "not an SQLite database") {
		t.Fatalf("text file: %v", err)
	}
	if _, err := db.Restore(ctx, target, filepath.Join(dir, "missing.db"), false, time.Now()); err == nil {
		t.Fatal("a missing backup was restored")
	}

	other := filepath.Join(dir, "other.db")
	o, err := db.Open(ctx, "sqlite:"+other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	o.Close()
	if _, err := db.Restore(ctx, target, other, false, time.Now()); err == nil || !strings.Contains(err.Error(), "not a sipdesk store") {
		t.Fatalf("another application's database: %v", err)
	}

	newer := filepath.Join(dir, "newer.db")
	n := openStore(t, newer)
	latest, _ := db.LatestSchema(db.SQLite)
	if _, err := n.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, latest+1); err != nil {
		t.Fatal(err)
	}
	n.Close()
	if _, err := db.Restore(ctx, target, newer, false, time.Now()); err == nil || !strings.Contains(err.Error(), "newer than this binary") {
		t.Fatalf("a store of a newer sipdesk: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new", "sipdesk.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused restore left a store behind: %v", err)
	}
}

func TestBackupRefusesPostgres(t *testing.T) {
	t.Parallel()
	pg := &db.DB{Dialect: db.Postgres}
	if err := pg.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db")); !errors.Is(err, db.ErrNotSQLite) {
		t.Fatalf("backup of Postgres: %v", err)
	}
	if _, err := db.Restore(context.Background(), "postgres://localhost/sipdesk", "x.db", true, time.Now()); !errors.Is(err, db.ErrNotSQLite) {
		t.Fatalf("restore to Postgres: %v", err)
	}
}
