package platform_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// Issue 13.12: a provisioning event claimed by a run of this replica that
// was killed is retaken as soon as the replica starts again, not after
// the claim's lease (an hour here, far beyond the test's own bound).
func TestARestartedReplicaRetakesItsProvisioningClaimsAtOnce(t *testing.T) {
	d := dbtest.Postgres(t)
	kamURL, kam := kamtest.Database(t)
	box, err := portal.NewSecretBox(bytes.Repeat([]byte{4}, 32))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := portal.NewService(d, box, portal.NewHasher(portal.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}, 2, 16), portal.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	svc.Replica = "replica-a"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH"}); err != nil {
		t.Fatal(err)
	}
	admin, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{UserID: "care", Email: "care@example.ch", Region: "CH", Role: portal.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AssignNumber(ctx, portal.CareActor{Admin: admin}, "alice@example.ch", "+41441234568", portal.ProductTrunk, "", ""); err != nil {
		t.Fatal(err)
	}
	// The killed run took the event and never finished it.
	killed := db.ClaimantID("replica-a", time.Now().Add(-time.Minute), "provisioning")
	evs, err := db.ClaimProvisioning(ctx, d, d.Dialect, killed, time.Now(), 10, time.Hour)
	if err != nil || len(evs) != 1 {
		t.Fatalf("claim as the killed run: %v, %d events", err, len(evs))
	}

	wait, err := platform.Start(ctx, svc, platform.Options{KamailioDatabaseURL: kamURL},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); wait() }()
	deadline := time.Now().Add(30 * time.Second) // the test's bound; the lease is an hour
	for {
		done, err := db.ProvisioningEvents(ctx, d, "done", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(done) == 1 {
			if done[0].ClaimedBy == killed {
				t.Fatalf("done under the killed run's name %q", killed)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the killed run's claim was not retaken after 30 s")
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, bounded by the deadline
	}
	var n int
	if err := kam.DB.GetContext(ctx, &n, `SELECT count(*) FROM subscriber WHERE username = '41441234568'`); err != nil || n != 1 {
		t.Fatalf("subscriber rows %d, %v", n, err)
	}
}
