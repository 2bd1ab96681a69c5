package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// A cached statement serves one query at a time: running the same query
// again while the first one's rows are still open (on one transaction,
// so on one connection) must give both their full results. Were the
// cached statement reused regardless, the second run would reset it and
// the first would lose its remaining rows.
func TestSQLiteSameQueryWhileItsRowsAreOpen(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	const q = `SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3) WHERE value >= ? ORDER BY value`
	for round := 0; round < 3; round++ { // the first round prepares, the later ones reuse
		err := d.Tx(ctx, func(tx db.Tx) error {
			outer, err := tx.QueryxContext(ctx, q, 1)
			if err != nil {
				return err
			}
			defer outer.Close()
			var got []int
			for outer.Next() {
				var v int
				if err := outer.Scan(&v); err != nil {
					return err
				}
				got = append(got, v)
				var inner []int
				if err := tx.SelectContext(ctx, &inner, q, 2); err != nil {
					return err
				}
				if len(inner) != 2 || inner[0] != 2 || inner[1] != 3 {
					t.Errorf("round %d: the query run while its rows were open gave %v, want [2 3]", round, inner)
				}
			}
			if err := outer.Err(); err != nil {
				return err
			}
			if len(got) != 3 || got[0] != 1 || got[2] != 3 {
				t.Errorf("round %d: the open rows gave %v, want [1 2 3]", round, got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// An error of a cached statement is the driver's, and the statement
// serves the next query: a failed insert leaves no busy statement behind.
func TestSQLiteCachedStatementAfterAnError(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := d.ExecContext(ctx, `CREATE TABLE t (k INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	const ins = `INSERT INTO t (k) VALUES (?)`
	if _, err := d.ExecContext(ctx, ins, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, ins, 1); !errors.Is(db.WrapError(err), db.ErrDuplicate) {
		t.Fatalf("duplicate insert: %v, want %v", err, db.ErrDuplicate)
	}
	if _, err := d.ExecContext(ctx, ins, 2); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.GetContext(ctx, &n, `SELECT COUNT(*) FROM t`); err != nil || n != 2 {
		t.Fatalf("rows: %d, %v; want 2", n, err)
	}
}
