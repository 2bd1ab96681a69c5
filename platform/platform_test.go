package platform_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/moh"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// A replica started with both settings provisions a number that existed
// before (start-up sync) and one added while it runs (woken worker),
// exports every account's music classes, and reports both workers running
// for readiness while they run.
func TestStartProvisionsAndExports(t *testing.T) {
	d := dbtest.Postgres(t)
	kamURL, kam := kamtest.Database(t)
	ready := metrics.NewReady()
	svc := portaltest.New(t, d, nil, portal.WithWorkerRunning(ready.WorkerStarted))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	alice, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddNumber(ctx, d, alice.ID, "+41441234567", portal.ProductPBX, "", ""); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "moh")
	opts := platform.Options{KamailioDatabaseURL: kamURL, MusicDir: dir}
	ready.ExpectWorkers(platform.Workers(opts)...)
	if _, ok := ready.Evaluate(ctx); ok {
		t.Fatal("ready before the platform's workers run")
	}
	wait, err := platform.Start(ctx, svc, opts, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			cancel()
			wait()
		}
	}()
	admin, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{UserID: "care", Email: "care@example.ch", Region: "CH", Role: portal.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AssignNumber(ctx, portal.CareActor{Admin: admin}, "alice@example.ch", "+41441234568", portal.ProductTrunk, "", ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := kam.DB.GetContext(ctx, &n, `SELECT count(*) FROM subscriber WHERE domain = 'sip.example.ch'
			AND username IN ('41441234567', '41441234568')`); err != nil {
			t.Fatal(err)
		}
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 2 subscriber rows after 10 s", n)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, bounded by the deadline
	}
	for _, k := range portal.MusicKinds {
		if _, err := os.Stat(filepath.Join(dir, portal.MusicClassName(alice.ID, k), "music.sln16")); err != nil {
			t.Fatalf("class %s not exported: %v", k, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, moh.ConfName)); err != nil {
		t.Fatal(err)
	}
	// Both run from the moment Start returned: readiness says so, and no
	// longer once they stopped.
	if res, ok := ready.Evaluate(ctx); !ok || len(res) != 2 {
		t.Fatalf("readiness while the workers run: %v %+v", ok, res)
	}
	cancel()
	wait()
	stopped = true
	res, ok := ready.Evaluate(context.Background())
	if ok || len(res) != 2 {
		t.Fatalf("readiness after the workers stopped: %v %+v", ok, res)
	}
	for _, r := range res {
		if r.Err == nil {
			t.Errorf("%s still counted as running", r.Name)
		}
	}
}

// --kamailio-time-zone reaches the registrar's store: the live
// registrations' expiries are read in Kamailio's zone.
func TestStartReadsRegistrationsInTheRegistrarsZone(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	kamURL, _ := kamtest.Database(t)
	svc := portaltest.New(t, d, nil)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	wait, err := platform.Start(ctx, svc, platform.Options{KamailioDatabaseURL: kamURL, KamailioZone: tokyo}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	defer wait()
	defer cancel()
	if svc.SIP == nil || svc.SIP.Kamailio.Zone != tokyo {
		t.Fatalf("the registrar's store reads expiries in %v", svc.SIP)
	}
}
