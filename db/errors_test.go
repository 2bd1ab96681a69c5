package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// TestWrapErrorKnowsConstraintsByDriverCode: a unique and a foreign-key
// violation of each driver become ErrDuplicate and ErrReference.
func TestWrapErrorKnowsConstraintsByDriverCode(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{
			`CREATE TABLE wrap_parent (id INTEGER PRIMARY KEY, name TEXT UNIQUE)`,
			`CREATE TABLE wrap_child (parent INTEGER NOT NULL REFERENCES wrap_parent (id))`,
			`INSERT INTO wrap_parent (id, name) VALUES (1, 'a')`,
		} {
			if _, err := d.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			q    string
			want error
		}{
			{`INSERT INTO wrap_parent (id, name) VALUES (2, 'a')`, db.ErrDuplicate},
			{`INSERT INTO wrap_parent (id, name) VALUES (1, 'b')`, db.ErrDuplicate},
			{`INSERT INTO wrap_child (parent) VALUES (99)`, db.ErrReference},
		} {
			_, err := d.ExecContext(ctx, tc.q)
			if got := db.WrapError(err); !errors.Is(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.q, got, tc.want)
			}
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO wrap_child (parent) VALUES (NULL)`); err == nil {
			t.Fatal("NULL into a NOT NULL column was accepted")
		} else if got := db.WrapError(err); errors.Is(got, db.ErrDuplicate) || errors.Is(got, db.ErrReference) {
			t.Errorf("a NOT NULL violation became %v", got)
		}
	})
}
