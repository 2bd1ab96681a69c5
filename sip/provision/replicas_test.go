package provision_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/provision"
)

func TestTwoReplicasApplyEveryEventExactlyOnce(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	const numbers = 12
	for i := range numbers {
		p.assign(t, fmt.Sprintf("+4144123%04d", i), portal.ProductPBX)
		if _, err := p.svc.RegenerateVoIPPassword(ctx, p.alice, fmt.Sprintf("+4144123%04d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	events := 2 * numbers
	// Two replicas: each its own worker (and connection pools), one
	// sipdesk database, one Kamailio database.
	workers := []*provision.Worker{p.newWorker("replica-1"), p.newWorker("replica-2")}
	for _, w := range workers {
		w.Batch = 2
	}
	applied := make([]int, len(workers))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for {
				claimed, n, err := w.RunOnce(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				applied[i] += n
				if claimed > 0 {
					continue
				}
				// Nothing claimed may mean the other replica holds the
				// rest (SKIP LOCKED): stop only when nothing is queued.
				queued, err := db.ProvisioningEvents(ctx, p.svc.DB, "queued", 1)
				if err != nil || len(queued) == 0 {
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	if applied[0]+applied[1] != events {
		t.Fatalf("applied %v, want %d in all", applied, events)
	}
	evs, err := db.ProvisioningEvents(ctx, p.svc.DB, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]int{}
	for _, ev := range evs {
		// One claim each: a second claim would have counted an attempt.
		if ev.Status != "done" || ev.Attempts != 1 || !ev.ConsumedAt.Valid {
			t.Errorf("event %d: status %s, %d attempts", ev.ID, ev.Status, ev.Attempts)
		}
		by[ev.ClaimedBy]++
	}
	if len(evs) != events || by["replica-1"]+by["replica-2"] != events {
		t.Fatalf("%d events, claimed by %v", len(evs), by)
	}
	t.Logf("events per replica: %v (applied %v)", by, applied)
	rep, err := p.worker.Reconcile(ctx, true)
	if err != nil || len(rep.Missing)+len(rep.Extra)+len(rep.Stale) != 0 || rep.InSync != numbers {
		t.Fatalf("after both replicas: %+v %v", rep, err)
	}
}

func TestUnreachableRegistrarIsRetriedWithBackoffThenFails(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	p.assign(t, pbx, portal.ProductPBX)
	// A registrar database that refuses connections.
	down, err := kamailio.Open(ctx, p.kamURL)
	if err != nil {
		t.Fatal(err)
	}
	down.Close()
	clock := time.Now()
	m := metrics.New("test")
	w := &provision.Worker{DB: p.svc.DB, Truth: p.svc, Registrar: down, Name: "replica-1", MaxAttempts: 3,
		Backoff: func(n int) time.Duration { return time.Duration(n) * time.Minute }, Now: func() time.Time { return clock },
		Observer: m}
	for attempt := 1; attempt <= 2; attempt++ {
		if claimed, applied, err := w.RunOnce(ctx); err != nil || claimed != 1 || applied != 0 {
			t.Fatalf("attempt %d: claimed %d, applied %d, %v", attempt, claimed, applied, err)
		}
		ev := onlyEvent(t, p)
		if ev.Status != "queued" || ev.Attempts != attempt || ev.LastError == "" ||
			!ev.NextAttemptAt.Equal(db.UTC(clock.Add(time.Duration(attempt)*time.Minute))) {
			t.Fatalf("after attempt %d: %+v", attempt, ev)
		}
		if claimed, _, _ := w.RunOnce(ctx); claimed != 0 {
			t.Fatal("claimed again before the back-off ended")
		}
		clock = clock.Add(time.Duration(attempt) * time.Minute)
	}
	if _, _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if ev := onlyEvent(t, p); ev.Status != "failed" || ev.Attempts != 3 {
		t.Fatalf("after the last attempt: %+v", ev)
	}
	for outcome, want := range map[string]float64{"sent": 0, "retry": 2, "failed": 1} {
		if got := deliveries(t, m, outcome); got != want {
			t.Errorf("sipdesk_outbox_deliveries_total{outbox=\"provisioning\",outcome=%q} = %v, want %v", outcome, got, want)
		}
	}
	failed, err := p.svc.ProvisioningEvents(ctx, p.actor, true, 10)
	if err != nil || len(failed) != 1 || failed[0].Number != pbx || failed[0].LastError == "" {
		t.Fatalf("admin provisioning list --failed: %+v %v", failed, err)
	}
	// The registrar is back: a sync repairs what the event was about and
	// resolves the failed event.
	rep, err := p.svc.SyncProvisioning(ctx, p.actor, false)
	if err != nil || len(rep.Missing) != 1 || !rep.Fixed || rep.FailedResolved != 1 {
		t.Fatalf("sync: %+v %v", rep, err)
	}
	c := p.credentials(t, pbx)
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatal(err)
	}
	if failed, _ := p.svc.ProvisioningEvents(ctx, p.actor, true, 10); len(failed) != 0 {
		t.Fatalf("failed events after the sync: %+v", failed)
	}
}

// deliveries reads this replica's provisioning attempts with outcome from
// the metrics registry, as a scrape would.
func deliveries(t *testing.T, m *metrics.Metrics, outcome string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "sipdesk_outbox_deliveries_total" {
			continue
		}
		for _, s := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range s.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["outbox"] == "provisioning" && labels["outcome"] == outcome {
				return s.GetCounter().GetValue()
			}
		}
	}
	return 0
}

func onlyEvent(t *testing.T, p *platform) db.ProvisioningEvent {
	t.Helper()
	evs, err := db.ProvisioningEvents(context.Background(), p.svc.DB, "", 10)
	if err != nil || len(evs) != 1 {
		t.Fatalf("%d events, %v", len(evs), err)
	}
	return evs[0]
}

func TestSyncReportsAndRepairsMissingExtraAndStaleRows(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	for _, n := range []string{"+41441230001", "+41441230002", "+41441230003"} {
		p.assign(t, n, portal.ProductPBX)
	}
	drain(t, p.worker)
	// Hand edits: one row lost, one with an old password, one stranger
	// (with a registration), one row of a known user in a wrong realm.
	exec := func(q string, args ...any) {
		if _, err := p.kam.DB.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`DELETE FROM subscriber WHERE username = '41441230001'`)
	exec(`UPDATE subscriber SET ha1 = md5('old') WHERE username = '41441230002'`)
	stranger := kamailio.NewSubscriber("41449999999", realmCH, "pw")
	exec(`INSERT INTO subscriber (username, domain, ha1, ha1b) VALUES ($1, $2, $3, $4)`, stranger.Username, stranger.Domain, stranger.HA1, stranger.HA1B)
	exec(`INSERT INTO location (ruid, username, contact) VALUES ('r1', '41449999999', 'sip:41449999999@192.0.2.7:5060')`)
	exec(`INSERT INTO subscriber (username, domain, ha1, ha1b) VALUES ('41441230003', 'sip.example.at', 'x', 'y')`)

	rep, err := p.svc.SyncProvisioning(ctx, p.actor, true)
	want := "missing [41441230001@127.0.0.1] extra [41441230003@sip.example.at 41449999999@127.0.0.1] stale [41441230002@127.0.0.1] fixed false"
	if got := fmt.Sprintf("missing %v extra %v stale %v fixed %v", rep.Missing, rep.Extra, rep.Stale, rep.Fixed); err != nil || got != want {
		t.Fatalf("dry run: %s (%v)\nwant        %s", got, err, want)
	}
	if n := p.count(t, `SELECT count(*) FROM subscriber`); n != 4 {
		t.Fatalf("the dry run changed the table: %d rows", n)
	}
	if rep, err = p.svc.SyncProvisioning(ctx, p.actor, false); err != nil || !rep.Fixed {
		t.Fatalf("sync: %+v %v", rep, err)
	}
	if rep, err = p.svc.SyncProvisioning(ctx, p.actor, true); err != nil || rep.InSync != 3 || len(rep.Missing)+len(rep.Extra)+len(rep.Stale) != 0 {
		t.Fatalf("after the sync: %+v %v", rep, err)
	}
	if n := p.count(t, `SELECT count(*) FROM location WHERE username = '41449999999'`); n != 0 {
		t.Fatal("the stranger's registration survived the sync")
	}
	for _, n := range []string{"+41441230001", "+41441230002", "+41441230003"} {
		c := p.credentials(t, n)
		if err := p.register(t, c.Username, c.Password); err != nil {
			t.Fatalf("%s after the sync: %v", n, err)
		}
	}
}

// A report's lists are JSON arrays even when empty: `admin provisioning
// sync --json` gives scripts "missing": [], never null.
func TestSyncReportListsAreNeverNull(t *testing.T) {
	t.Parallel()
	p := setup(t)
	rep, err := p.svc.SyncProvisioning(context.Background(), p.actor, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range []string{"missing", "extra", "stale"} {
		if !strings.Contains(string(b), `"`+list+`":[]`) {
			t.Errorf("%s is not an empty list: %s", list, b)
		}
	}
}
