package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// An event given up on is a failure, not backlog: it keeps consumed_at
// NULL (only done events are consumed), so counting unconsumed rows would
// report it as waiting forever and make the oldest age grow without bound.
func TestProvisioningOutboxStatsSeparatesBacklogFromFailures(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i, e164 := range []string{"+41440000001", "+41440000002", "+41440000003", "+41440000004"} {
			if err := db.QueueProvisioning(ctx, d, 0, e164, "number-removed", t0.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		// The two oldest are claimed: one fails for good, one is applied.
		got, err := db.ClaimProvisioning(ctx, d, d.Dialect, "w1", t0.Add(time.Hour), 2, time.Minute)
		if err != nil || len(got) != 2 {
			t.Fatalf("claimed %d (%v), want 2", len(got), err)
		}
		if err := db.MarkProvisioningFailed(ctx, d, got[0].ID, "w1", "gave up"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkProvisioningDone(ctx, d, got[1].ID, "w1", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}

		now := t0.Add(10 * time.Minute)
		st, err := db.ProvisioningOutboxStats(ctx, d, now)
		if err != nil {
			t.Fatal(err)
		}
		// Waiting: the third and fourth event; the oldest of them was
		// queued at t0+2m.
		want := db.QueueStats{Waiting: 2, Oldest: 8 * time.Minute, Failed: 1}
		if st != want {
			t.Fatalf("stats %+v, want %+v", st, want)
		}
	})
}
