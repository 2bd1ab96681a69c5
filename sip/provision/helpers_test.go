package provision_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// realmCH is the CH realm in these tests: sipsak puts the realm in the
// request URI and needs it to resolve, so it is an address here
// (sip.example.ch in production, set with --sip-realm).
const realmCH = "127.0.0.1"

// platform is sipdesk on a fresh Postgres with a real Kamailio on a fresh
// database of its own, as in production.
type platform struct {
	svc    *portal.Service
	kam    *kamailio.Store
	kamURL string
	reg    *kamtest.Registrar
	worker *provision.Worker
	actor  portal.CareActor
	alice  db.Account
}

func setup(t testing.TB) *platform {
	t.Helper()
	kamtest.Require(t, "kamailio", "sipsak")
	kamURL, kam := kamtest.Database(t)
	return setupOn(t, kamURL, kam)
}

// setupOn is setup with the registrar running against regURL and sipdesk
// reaching Kamailio's database through kam (each may be a role of its own).
func setupOn(t testing.TB, regURL string, kam *kamailio.Store) *platform {
	t.Helper()
	kamtest.Require(t, "kamailio", "sipsak")
	p := newStore(t, regURL, kam, "replica-1")
	p.reg = kamtest.Start(t, regURL, 1)
	// As serve does: the new registrar database is bound to this store.
	if _, err := p.worker.Attach(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p
}

// newStore is a sipdesk store of its own on a fresh Postgres database,
// with customer care's admin and alice, and a worker named replica for
// Kamailio's database kam (not attached).
func newStore(t testing.TB, kamURL string, kam *kamailio.Store, replica string) *platform {
	t.Helper()
	d := dbtest.Postgres(t)
	p := &platform{kam: kam, kamURL: kamURL, svc: newService(t, d)}
	p.worker = p.newWorker(replica)
	p.svc.SIP = &portal.SIPPlatform{Kamailio: kam, Provisioner: p.worker}
	ctx := context.Background()
	admin, err := p.svc.CreateAccount(ctx, d, portal.NewAccountRequest{UserID: "care", Email: "care@example.ch", Region: "CH", Role: portal.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	p.actor = portal.CareActor{Admin: admin, Remote: "192.0.2.9:2222", Session: "care-session"}
	if p.alice, err = p.svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH"}); err != nil {
		t.Fatal(err)
	}
	return p
}

// otherStore is a second sipdesk store against p's registrar and its
// database, as a replica started with another --database-url.
func (p *platform) otherStore(t testing.TB) *platform {
	t.Helper()
	q := newStore(t, p.kamURL, p.kam, "other-replica")
	q.reg = p.reg
	return q
}

func newService(t testing.TB, d *db.DB) *portal.Service {
	t.Helper()
	cfg := portal.DefaultConfig()
	cfg.SIPRealms = map[string]string{"CH": realmCH, "AT": "sip.example.at"}
	return portaltest.NewWithConfig(t, d, cfg, nil)
}

func (p *platform) newWorker(name string) *provision.Worker {
	return &provision.Worker{DB: p.svc.DB, Truth: p.svc, Registrar: p.kam, Name: name}
}

// drain applies every due event with w and returns how many it applied.
func drain(t testing.TB, w *provision.Worker) int {
	t.Helper()
	total := 0
	for {
		claimed, applied, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		total += applied
		if claimed == 0 {
			return total
		}
	}
}

func (p *platform) assign(t testing.TB, number string, product portal.Product) {
	t.Helper()
	if _, err := p.svc.AssignNumber(context.Background(), p.actor, "alice@example.ch", number, product, "", ""); err != nil {
		t.Fatal(err)
	}
}

func (p *platform) credentials(t testing.TB, number string) portal.Credentials {
	t.Helper()
	c, err := p.svc.Credentials(context.Background(), p.alice.ID, number)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// register is a REGISTER by the sipsak client: nil for 200.
func (p *platform) register(t testing.TB, username, password string) error {
	t.Helper()
	err := kamtest.Register(context.Background(), p.reg.Addr, realmCH, username, password)
	if err != nil && !errors.Is(err, kamtest.ErrUnauthorized) {
		t.Fatal(err)
	}
	return err
}

func (p *platform) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := p.kam.DB.GetContext(context.Background(), &n, query, args...); err != nil {
		t.Fatal(err)
	}
	return n
}
