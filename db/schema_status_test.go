package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func TestSchemaStatusOfAMigratedStore(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		current, latest, err := d.SchemaStatus(context.Background())
		if err != nil || current != latest || latest < 2 {
			t.Fatalf("SchemaStatus = %d, %d, %v", current, latest, err)
		}
		if err := d.CheckSchemaCurrent(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSchemaStatusOfANewStoreCreatesNothing(t *testing.T) {
	t.Parallel()
	d, err := db.Open(context.Background(), "sqlite:"+t.TempDir()+"/empty.db")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	current, _, err := d.SchemaStatus(context.Background())
	if err != nil || current != 0 {
		t.Fatalf("SchemaStatus of an empty store = %d, %v", current, err)
	}
	if err := d.CheckSchemaCurrent(context.Background()); err == nil {
		t.Fatal("an unmigrated store counts as current")
	}
	var tables int
	if err := d.Get(&tables, `SELECT COUNT(*) FROM sqlite_master`); err != nil || tables != 0 {
		t.Fatalf("asking for the schema created %d tables (%v)", tables, err)
	}
}

// Serial: db.QueryErrors is a process-wide counter that parallel tests would move.
func TestQueryErrorsCountsFailuresOnly(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	before := db.QueryErrors()
	if _, err := db.AccountByUserID(ctx, d, "nobody@example.ch"); err == nil {
		t.Fatal("found an account that does not exist")
	}
	if db.QueryErrors() != before {
		t.Fatal("no rows counted as a store error")
	}
	d.Close()
	if _, err := db.ThrottleCounts(ctx, d, time.Now(), 100); err == nil {
		t.Fatal("a closed store answered")
	}
	if db.QueryErrors() != before+1 {
		t.Fatalf("a failed query was not counted: %d -> %d", before, db.QueryErrors())
	}
}
