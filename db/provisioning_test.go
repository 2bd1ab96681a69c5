package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func TestProvisioningClaimTakesAtMostNAndOnlyTheHolderMarks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i := range 7 {
			if err := db.QueueProvisioning(ctx, d, 0, fmt.Sprintf("+4144000000%d", i), "number-removed", t0); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.ClaimProvisioning(ctx, d, d.Dialect, "w1", t0.Add(time.Second), 3, time.Minute)
		if err != nil || len(got) != 3 {
			t.Fatalf("claimed %d rows (%v), want 3: the claim must respect its limit", len(got), err)
		}
		if got[0].Attempts != 1 || got[0].E164 != "+41440000000" || got[0].Status != "queued" {
			t.Fatalf("%+v", got[0])
		}
		if err := db.MarkProvisioningDone(ctx, d, got[0].ID, "w2", t0); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("another worker marked a claimed event done: %v", err)
		}
		if err := db.MarkProvisioningDone(ctx, d, got[0].ID, "w1", t0); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkProvisioningRetry(ctx, d, got[1].ID, "w1", t0.Add(time.Hour), "registrar down"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkProvisioningFailed(ctx, d, got[2].ID, "w1", "gave up"); err != nil {
			t.Fatal(err)
		}
		rest, err := db.ClaimProvisioning(ctx, d, d.Dialect, "w2", t0.Add(2*time.Second), 10, time.Minute)
		if err != nil || len(rest) != 4 {
			t.Fatalf("second claim: %d rows, %v; want the 4 untouched", len(rest), err)
		}
		failed, err := db.ProvisioningEvents(ctx, d, "failed", 10)
		if err != nil || len(failed) != 1 || failed[0].LastError != "gave up" {
			t.Fatalf("failed: %+v %v", failed, err)
		}
		if n, err := db.ResolveFailedProvisioning(ctx, d, t0); err != nil || n != 1 {
			t.Fatalf("resolve: %d %v", n, err)
		}
		all, err := db.ProvisioningEvents(ctx, d, "", 10)
		if err != nil || len(all) != 7 {
			t.Fatalf("all: %d %v", len(all), err)
		}
	})
}
