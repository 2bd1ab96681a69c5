package main

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/sipdesk/sipdesk/config"
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
	if _, err := old.Exec(`DELETE FROM goose_db_version WHERE version_id >= 10`); err != nil {
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

// serveConfig is the configuration serve would read from args.
func serveConfig(t *testing.T, args ...string) config.Config {
	t.Helper()
	var cfg config.Config
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	cfg.Bind(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Resolve(fs, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The trial: CH's servers given, the AT portal listened on as well. AT
// keeps its default server (it had none before, and check said nothing),
// and check warns that it is the built-in example, naming the setting.
func TestCheckSIPServersOfEveryListenedPortal(t *testing.T) {
	t.Parallel()
	r := checkSIPServers(serveConfig(t, "--listen", "ch=127.0.0.1:0", "--listen", "at=127.0.0.1:0",
		"--sip-server", "ch=127.0.0.1:5071/udp", "--sip-server", "ch=127.0.0.1:5072/udp", "--sip-realm", "ch=sip.provider.ch"))
	if !r.warned || r.failed || r.detail != "at has the built-in example SIP server sip.example.at:5060 (UDP) (set --sip-server at=HOST:PORT/TRANSPORT); "+
		"at has the built-in example SIP domain sip.example.at (set --sip-realm at=DOMAIN); customers of a listened portal would be told to configure it" {
		t.Fatalf("AT on the examples: %+v", r)
	}
	var b strings.Builder
	r.print(&b)
	if !strings.HasPrefix(b.String(), "WARN sip servers: at has") {
		t.Fatalf("printed %q", b.String())
	}

	r = checkSIPServers(serveConfig(t, "--listen", "ch=127.0.0.1:0", "--listen", "at=127.0.0.1:0",
		"--sip-server", "ch=127.0.0.1:5071/udp", "--sip-server", "ch=127.0.0.1:5072/udp", "--sip-realm", "ch=sip.provider.ch",
		"--sip-server", "at=sip.provider.at:5061/tls", "--sip-realm", "at=sip.provider.at"))
	if r.warned || r.failed || r.detail != "ch 127.0.0.1:5071 (UDP), 127.0.0.1:5072 (UDP), domain sip.provider.ch; at sip.provider.at:5061 (TLS), domain sip.provider.at" {
		t.Fatalf("both configured: %+v", r)
	}

	// A region that is not listened on is not the operator's concern here.
	r = checkSIPServers(serveConfig(t, "--listen", "ch=127.0.0.1:0", "--sip-server", "ch=127.0.0.1:5071/udp", "--sip-realm", "ch=sip.provider.ch"))
	if r.warned || r.failed || r.detail != "ch 127.0.0.1:5071 (UDP), domain sip.provider.ch" {
		t.Fatalf("CH only: %+v", r)
	}
}
