package main

import (
	"context"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

func TestCheckRegistrar(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if r := checkRegistrar(ctx, "", nil); r.failed || !strings.Contains(r.detail, "not provisioned") {
		t.Fatalf("without a registrar: %+v", r)
	}
	store := dbtest.SQLite(t)
	id, _, err := portal.StoreIdentity(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	url, kam := kamtest.Database(t)
	if r := checkRegistrar(ctx, url, store); r.failed || !strings.HasPrefix(r.detail, "Kamailio's database answers: 0 subscribers, 0 registrations; bound to no sipdesk store yet") {
		t.Fatalf("a fresh Kamailio database: %+v", r)
	}
	if _, err := kam.Bind(ctx, id, "test"); err != nil {
		t.Fatal(err)
	}
	if r := checkRegistrar(ctx, url, store); r.failed || !strings.HasSuffix(r.detail, "; provisioned by this store ("+id+")") {
		t.Fatalf("bound to this store: %+v", r)
	}
	// Another store, and one that has no identity yet, are not the bound one.
	other := dbtest.SQLite(t)
	if r := checkRegistrar(ctx, url, other); !r.failed || !strings.Contains(r.detail, "provisioned by sipdesk store "+id) ||
		!strings.Contains(r.detail, "admin provisioning bind --replace "+id) {
		t.Fatalf("bound to another store: %+v", r)
	}
	if r := checkRegistrar(ctx, url, nil); !r.failed || !strings.Contains(r.detail, "which has no identity yet") {
		t.Fatalf("no store yet: %+v", r)
	}
	// A store from before the identity (serve migrates it first): it has
	// none, which is not the bound one, and check says so rather than
	// failing to read the table.
	old := dbtest.SQLite(t)
	if _, err := old.Exec(`DROP TABLE store_identity`); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`DELETE FROM goose_db_version WHERE version_id = 10`); err != nil {
		t.Fatal(err)
	}
	if r := checkRegistrar(ctx, url, old); !r.failed || !strings.Contains(r.detail, "which has no identity yet") {
		t.Fatalf("a store from before the identity: %+v", r)
	}
	// Kamailio's schema without sipdesk's table; a database without
	// Kamailio's schema; a URL that does not parse (its password stays out
	// of the output).
	bare := dbtest.NewPostgresDatabase(t)
	if r := checkRegistrar(ctx, bare, store); !r.failed || !strings.Contains(r.detail, "subscriber table") {
		t.Fatalf("no schema: %+v", r)
	}
	if _, err := kam.DB.Exec(`DROP TABLE sipdesk_provisioner`); err != nil {
		t.Fatal(err)
	}
	if r := checkRegistrar(ctx, url, store); !r.failed || !strings.Contains(r.detail, "deploy/kamailio/sipdesk-provisioner.sql") {
		t.Fatalf("no sipdesk_provisioner table: %+v", r)
	}
	if r := checkRegistrar(ctx, "postgres://kamailio:s3cret@127.0.0.1:1/k%zz", store); !r.failed || strings.Contains(r.detail, "s3cret") {
		t.Fatalf("a bad URL: %+v", r)
	}
}
