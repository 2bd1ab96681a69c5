package db_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// TestSchemasOfBothDialectsMatch: every migration exists twice, once per
// dialect; this catches a table or column added to one and forgotten in
// the other. Types differ between the dialects by design and are not
// compared.
func TestSchemasOfBothDialectsMatch(t *testing.T) {
	t.Parallel()
	lite := schema(t, dbtest.SQLite(t))
	pg := schema(t, dbtest.Postgres(t))
	if len(lite) == 0 {
		t.Fatal("the SQLite schema has no tables")
	}
	for table, cols := range lite {
		if other, ok := pg[table]; !ok {
			t.Errorf("table %s is in SQLite only", table)
		} else if !slices.Equal(cols, other) {
			t.Errorf("table %s differs:\n  sqlite:   %s\n  postgres: %s", table, strings.Join(cols, " "), strings.Join(other, " "))
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s is in Postgres only", table)
		}
	}
}

// schema is every table of the store (goose's own table left out) with its
// column names, sorted.
func schema(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	var rows []struct {
		Table  string `db:"tbl"`
		Column string `db:"col"`
	}
	var q string
	switch d.Dialect {
	case db.SQLite:
		q = `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m, pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	case db.Postgres:
		q = `SELECT table_name AS tbl, column_name AS col FROM information_schema.columns
			WHERE table_schema = current_schema()`
	default:
		t.Fatalf("unknown dialect %q", d.Dialect)
	}
	if err := d.SelectContext(ctx, &rows, q); err != nil {
		t.Fatal(fmt.Errorf("read the %s schema: %w", d.Dialect, err))
	}
	out := map[string][]string{}
	for _, r := range rows {
		if r.Table != "goose_db_version" {
			out[r.Table] = append(out[r.Table], r.Column)
		}
	}
	for _, cols := range out {
		slices.Sort(cols)
	}
	return out
}
