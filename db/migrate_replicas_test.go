package db_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// replicas opens n stores on the Postgres database dsn, as n replicas
// started with the same --database-url.
func replicas(t *testing.T, dsn string, n int) []*db.DB {
	t.Helper()
	var out []*db.DB
	for range n {
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		out = append(out, d)
	}
	return out
}

// migrateAll starts Migrate on every replica at once; wait returns their
// versions and errors.
func migrateAll(ctx context.Context, rs []*db.DB) (wait func() ([]int64, []error)) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	versions, errs := make([]int64, len(rs)), make([]error, len(rs))
	for i, d := range rs {
		wg.Go(func() {
			<-start
			versions[i], errs[i] = d.Migrate(ctx, nil)
		})
	}
	close(start)
	return func() ([]int64, []error) { wg.Wait(); return versions, errs }
}

// migratedOnce checks that both replicas came up at the latest version and
// that every migration was recorded once.
func migratedOnce(t *testing.T, d *db.DB, versions []int64, errs []error) {
	t.Helper()
	latest, err := db.LatestSchema(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	for i := range versions {
		if errs[i] != nil || versions[i] != latest {
			t.Errorf("replica %d: version %d, %v; want %d", i+1, versions[i], errs[i], latest)
		}
	}
	var applied, distinct int64
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*), COUNT(DISTINCT version_id)
		FROM goose_db_version WHERE version_id > 0`).Scan(&applied, &distinct); err != nil {
		t.Fatal(err)
	}
	if applied != latest || distinct != latest {
		t.Errorf("%d migrations recorded (%d distinct), want each of %d once", applied, distinct, latest)
	}
}

// migrationsWaiting is how many migration connections of d's database
// wait for a lock (a table's or the replicas' advisory lock).
func migrationsWaiting(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.GetContext(context.Background(), &n, `SELECT COUNT(*) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'`, db.MigrationAppName); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitMigrationsWaiting(t *testing.T, d *db.DB, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for migrationsWaiting(t, d) < n {
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, %d migration connections wait for a lock, want %d", migrationsWaiting(t, d), n)
		}
		time.Sleep(10 * time.Millisecond) // polling pg_stat_activity for the condition
	}
}

// Two replicas start at once against one new Postgres database: both
// migrate (serve does on start), one after the other, and both come up.
func TestTwoReplicasMigrateANewDatabaseAtOnce(t *testing.T) {
	t.Parallel()
	rs := replicas(t, dbtest.NewPostgresDatabase(t), 2)
	versions, errs := migrateAll(context.Background(), rs)()
	migratedOnce(t, rs[0], versions, errs)
}

// Two replicas of a new release start at once with a migration pending.
// The migration's table is held locked until both replicas have reached
// a lock, so both would apply it at the same moment: without a lock
// between the replicas the second failed on the first's change ("column
// ... already exists"). Now the second waits for the first's migrations,
// then finds nothing to do.
func TestTwoReplicasApplyAPendingMigrationOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := dbtest.NewPostgresDatabase(t)
	rs := replicas(t, dsn, 2)
	if _, err := rs[0].Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// 00011 changes login_failures; it and any later ones are pending.
	if err := db.MigrateDownTo(ctx, rs[0], 10); err != nil {
		t.Fatal(err)
	}
	holder := replicas(t, dsn, 1)[0]
	tx, err := holder.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `LOCK TABLE login_failures IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	wait := migrateAll(ctx, rs)
	// One waits for the table, the other for the first replica (or, as it
	// was, for the table too).
	waitMigrationsWaiting(t, holder, 2)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	versions, errs := wait()
	migratedOnce(t, rs[0], versions, errs)
}

// A replica waiting for another's migrations stops waiting when its start
// is abandoned (SIGTERM), and says why.
func TestWaitingForAnotherReplicasMigrationsEndsWithTheContext(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewPostgresDatabase(t)
	rs := replicas(t, dsn, 2)
	// The first replica is migrating: it holds the lock.
	conn, err := rs[0].Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_lock($1)`, db.MigrationLockID); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan error, 1)
	go func() { _, err := rs[1].Migrate(ctx, nil); done <- err }()
	waitMigrationsWaiting(t, rs[0], 1)
	sigterm := errors.New("SIGTERM")
	cancel(sigterm)
	select {
	case err := <-done:
		if !errors.Is(err, sigterm) || !strings.Contains(err.Error(), "abandoned") {
			t.Fatalf("migrate after SIGTERM while waiting: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("migrate still waiting for the other replica 30 s after SIGTERM")
	}
}
