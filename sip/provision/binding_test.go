package provision_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// registrarRows is the whole subscriber and location tables, to compare
// before and after.
func (p *platform) registrarRows(t *testing.T) string {
	t.Helper()
	var subs, locs []string
	if err := p.kam.DB.Select(&subs, `SELECT username || '@' || domain || ' ' || ha1 FROM subscriber ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	if err := p.kam.DB.Select(&locs, `SELECT username || ' ' || contact FROM location ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(subs, locs)
}

func (p *platform) storeID(t *testing.T) string {
	t.Helper()
	id, err := p.svc.StoreID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A store the registrar database is not bound to never writes there:
// not at its start, not an event, not a sync, not a direct write. It says
// why in one line naming both stores and the way to re-bind; a dry run
// still compares. Re-bound deliberately, naming the store it replaces, the
// new store provisions and the old one stops.
func TestAStoreNeverWritesToARegistrarBoundToAnother(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	p.assign(t, pbx, portal.ProductPBX)
	p.assign(t, "+41441230001", portal.ProductTrunk)
	drain(t, p.worker)
	c := p.credentials(t, pbx)
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatal(err)
	}
	before := p.registrarRows(t)

	// The other store has the same PBX number (another password) and
	// lacks the trunk: its sync would overwrite one row and delete one.
	q := p.otherStore(t)
	q.assign(t, pbx, portal.ProductPBX)
	a, b := p.storeID(t), q.storeID(t)
	_, err := q.worker.Attach(ctx)
	var other *kamailio.OtherStoreError
	if !errors.As(err, &other) || !kamailio.IsRefusal(err) || other.Bound.StoreID != a || other.Store != b {
		t.Fatalf("the other store's start: %v", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, a) || !strings.Contains(msg, b) ||
		!strings.Contains(msg, "Nothing was changed") || !strings.Contains(msg, "admin provisioning bind --replace "+a) {
		t.Fatalf("the refusal does not name both stores and the way to re-bind in one line: %s", msg)
	}
	t.Logf("refusal: %s", msg)
	if claimed, applied, err := q.worker.RunOnce(ctx); claimed != 0 || applied != 0 || !kamailio.IsRefusal(err) {
		t.Fatalf("the other store's worker: claimed %d, applied %d, %v", claimed, applied, err)
	}
	if evs, err := db.ProvisioningEvents(ctx, q.svc.DB, "queued", 10); err != nil || len(evs) != 1 || evs[0].Attempts != 0 {
		t.Fatalf("the other store's event must wait untouched: %+v %v", evs, err)
	}
	if _, err := q.svc.SyncProvisioning(ctx, q.actor, false); !errors.Is(err, portal.ErrCareRefused) || !strings.Contains(err.Error(), a) {
		t.Fatalf("the other store's sync: %v", err)
	}
	rep, err := q.svc.SyncProvisioning(ctx, q.actor, true)
	if err != nil || rep.StoreID != b || rep.BoundStoreID != a || len(rep.Extra) != 1 || len(rep.Stale) != 1 {
		t.Fatalf("the other store's dry run: %+v %v", rep, err)
	}
	want, _, err := q.svc.SIPSubscriber(ctx, pbx)
	if err != nil {
		t.Fatal(err)
	}
	sub := kamailio.NewSubscriber(want, realmCH, "x")
	if err := p.kam.Put(ctx, b, sub); !errors.As(err, &other) {
		t.Fatalf("a direct write for the other store: %v", err)
	}
	if _, _, err := p.kam.Remove(ctx, b, c.Username); !errors.As(err, &other) {
		t.Fatalf("a direct removal for the other store: %v", err)
	}
	if after := p.registrarRows(t); after != before {
		t.Fatalf("the registrar changed:\nbefore %s\nafter  %s", before, after)
	}
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatalf("the first store's device: %v", err)
	}
	before = p.registrarRows(t) // the REGISTER added a contact (a new source port)

	// Re-binding is deliberate: it names the store it replaces.
	if _, err := q.svc.BindRegistrar(ctx, q.actor, ""); !errors.Is(err, portal.ErrCareRefused) || !strings.Contains(err.Error(), "--replace "+a) {
		t.Fatalf("bind without --replace: %v", err)
	}
	if _, err := q.svc.BindRegistrar(ctx, q.actor, b); !errors.Is(err, portal.ErrCareRefused) {
		t.Fatalf("bind --replace naming another store: %v", err)
	}
	if after := p.registrarRows(t); after != before {
		t.Fatal("a refused bind changed the registrar")
	}
	bound, err := q.svc.BindRegistrar(ctx, q.actor, a)
	if err != nil || !bound.Changed || bound.Replaced != a || bound.StoreID != b {
		t.Fatalf("bind --replace: %+v %v", bound, err)
	}
	if claimed, _, err := p.worker.RunOnce(ctx); claimed != 0 || !kamailio.IsRefusal(err) {
		t.Fatalf("the first store after re-binding: claimed %d, %v", claimed, err)
	}
	if _, err := q.worker.Attach(ctx); err != nil {
		t.Fatal(err)
	}
	drain(t, q.worker)
	if rep, err := q.svc.SyncProvisioning(ctx, q.actor, true); err != nil || rep.InSync != 1 || len(rep.Extra)+len(rep.Missing)+len(rep.Stale) != 0 {
		t.Fatalf("the registrar after the new store's start: %+v %v", rep, err)
	}
	if err := p.register(t, c.Username, c.Password); !errors.Is(err, kamtest.ErrUnauthorized) {
		t.Fatalf("the first store's password after re-binding: %v, want 401", err)
	}
}

// A registrar database bound to no store (new, or from before binding)
// is bound by the first store to start only if its start-up sync deletes
// and overwrites nothing there; otherwise the store refuses and changes
// nothing until an admin binds it deliberately.
func TestAnUnboundRegistrarIsBoundOnlyWhenHarmless(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	p.assign(t, pbx, portal.ProductPBX)
	drain(t, p.worker)
	// As from before binding: rows, no binding.
	if _, err := p.kam.DB.Exec(`DELETE FROM sipdesk_provisioner`); err != nil {
		t.Fatal(err)
	}
	before := p.registrarRows(t)

	q := p.otherStore(t)
	_, err := q.worker.Attach(ctx)
	var unbound *provision.UnboundError
	if !errors.As(err, &unbound) || !kamailio.IsRefusal(err) || unbound.Extra != 1 ||
		!strings.Contains(err.Error(), "admin provisioning bind") {
		t.Fatalf("a store that would delete a row: %v", err)
	}
	if after := p.registrarRows(t); after != before {
		t.Fatalf("the refused start changed the registrar:\nbefore %s\nafter  %s", before, after)
	}
	if _, err := q.svc.SyncProvisioning(ctx, q.actor, false); !errors.Is(err, portal.ErrCareRefused) {
		t.Fatalf("a sync of the unbound database: %v", err)
	}
	// The first store matches the registrar: it binds it again by itself.
	if _, err := p.worker.Attach(ctx); err != nil {
		t.Fatal(err)
	}
	if b, err := p.kam.Binding(ctx); err != nil || b.StoreID != p.storeID(t) {
		t.Fatalf("binding %+v, %v", b, err)
	}
	if after := p.registrarRows(t); after != before {
		t.Fatal("the harmless binding changed the registrar")
	}

	// Unbound again: an admin binds the other store deliberately.
	if _, err := p.kam.DB.Exec(`DELETE FROM sipdesk_provisioner`); err != nil {
		t.Fatal(err)
	}
	if _, err := q.svc.BindRegistrar(ctx, q.actor, "x"); !errors.Is(err, portal.ErrCareInvalid) {
		t.Fatalf("bind --replace of an unbound database: %v", err)
	}
	if b, err := q.svc.BindRegistrar(ctx, q.actor, ""); err != nil || !b.Changed || b.Replaced != "" {
		t.Fatalf("bind: %+v %v", b, err)
	}
	if b, err := q.svc.BindRegistrar(ctx, q.actor, ""); err != nil || b.Changed {
		t.Fatalf("bind again: %+v %v", b, err)
	}
	if rep, err := q.worker.Attach(ctx); err != nil || len(rep.Extra) != 1 {
		t.Fatalf("the other store's start after binding: %+v %v", rep, err)
	}
	trail, err := db.AuditTrail(ctx, q.svc.DB, 0, time.Time{}, 10)
	if err != nil || len(trail) == 0 || trail[0].Action != "provisioning.bind" || trail[0].Actor != "care" ||
		!strings.Contains(trail[0].Detail, q.storeID(t)) {
		t.Fatalf("the binding is not audited under the admin's name: %+v %v", trail, err)
	}
}

// The start-up sync's repair of extra and stale rows is logged at WARN
// with its counts: someone edited the registrar, or events were lost.
func TestStartupSyncRepairsAreLoggedAtWarn(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	p.assign(t, pbx, portal.ProductPBX)
	drain(t, p.worker)
	if _, err := p.kam.DB.Exec(`UPDATE subscriber SET ha1 = md5('old')`); err != nil {
		t.Fatal(err)
	}
	stranger := kamailio.NewSubscriber("41449999999", realmCH, "pw")
	if err := p.kam.Put(ctx, p.storeID(t), stranger); err != nil {
		t.Fatal(err)
	}
	var buf syncBuffer
	p.worker.Log = slog.New(slog.NewTextHandler(&buf, nil))
	if _, err := p.worker.Attach(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `level=WARN msg="provisioning: start-up sync deleted or overwrote registrar rows" missing=0 extra=1 stale=1`) {
		t.Fatalf("the start-up sync's repair is not a WARN with counts:\n%s", buf.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
