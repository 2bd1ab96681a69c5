package portal_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

var uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// A store gets its identity once, at the first call, and keeps it; two
// stores have two.
func TestStoreIdentityIsMadeOnceAndKept(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id, created, err := portal.StoreIdentity(ctx, d)
		if err != nil || !created || !uuidRe.MatchString(id) {
			t.Fatalf("first call: %q created %v, %v", id, created, err)
		}
		again, created, err := portal.StoreIdentity(ctx, d)
		if err != nil || created || again != id {
			t.Fatalf("second call: %q created %v, %v; want %q", again, created, err, id)
		}
		other, _, err := portal.StoreIdentity(ctx, dbtest.SQLite(t))
		if err != nil || other == id {
			t.Fatalf("another store: %q, %v", other, err)
		}
	})
}
