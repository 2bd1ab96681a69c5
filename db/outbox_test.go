package db_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func TestMailOutboxClaimedOnceByConcurrentWorkers(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id := mkAccount(t, d, "alice@example.ch")
		const rows = 30
		for i := range rows {
			if _, err := db.QueueMail(ctx, d, id, db.OutboxMail{Kind: "password_reset", To: "alice@example.ch",
				Subject: "s", BodyEnc: []byte{1}, MessageID: fmt.Sprintf("m%d@x", i)}, t0); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					got, err := db.ClaimMail(ctx, d, d.Dialect, fmt.Sprintf("w%d", w), t0.Add(time.Second), 3, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						seen[m.ID]++
						if m.Attempts != 1 {
							t.Errorf("attempts %d", m.Attempts)
						}
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != rows {
			t.Fatalf("%d of %d rows claimed", len(seen), rows)
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("row %d claimed %d times", id, n)
			}
		}
		// Within the lease nothing is due again; after it, the rows come back.
		if got, _ := db.ClaimMail(ctx, d, d.Dialect, "w9", t0.Add(30*time.Second), 50, time.Minute); len(got) != 0 {
			t.Fatalf("%d rows claimed inside the lease", len(got))
		}
		var first int64
		for id := range seen {
			first = id
			break
		}
		if err := db.MarkMailSent(ctx, d, first, t0); err != nil {
			t.Fatal(err)
		}
		got, _ := db.ClaimMail(ctx, d, d.Dialect, "w9", t0.Add(2*time.Minute), 50, time.Minute)
		if len(got) != rows-1 {
			t.Fatalf("after the lease: %d rows, want %d (the sent one stays sent)", len(got), rows-1)
		}
		if err := db.MarkMailRetry(ctx, d, got[0].ID, t0.Add(time.Hour), "451 try later"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkMailFailed(ctx, d, got[1].ID, "550 no such user"); err != nil {
			t.Fatal(err)
		}
		failed, err := db.MailsByStatus(ctx, d, "failed", 10)
		if err != nil || len(failed) != 1 || failed[0].LastError != "550 no such user" {
			t.Fatalf("%+v %v", failed, err)
		}
	})
}

// A replica killed while sending retakes its leased mails as soon as it
// restarts; another replica waits for the lease, and a mail waiting for
// its retry stays until it is due (issue 13.12).
func TestARestartedReplicaRetakesItsLeasedMails(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id := mkAccount(t, d, "alice@example.ch")
		for i := range 2 {
			if _, err := db.QueueMail(ctx, d, id, db.OutboxMail{Kind: "password_reset", To: "alice@example.ch",
				Subject: "s", BodyEnc: []byte{1}, MessageID: fmt.Sprintf("k%d@x", i)}, t0); err != nil {
				t.Fatal(err)
			}
		}
		now := t0.Add(time.Second)
		killed := db.ClaimantID("replica-a", t0.Add(-time.Hour), "mail")
		got, err := db.ClaimMail(ctx, d, d.Dialect, killed, now, 2, 10*time.Minute)
		if err != nil || len(got) != 2 {
			t.Fatalf("claim: %d %v", len(got), err)
		}
		// One of them failed and waits for its retry; the other was in flight.
		if err := db.MarkMailRetry(ctx, d, got[0].ID, now.Add(time.Hour), "try later"); err != nil {
			t.Fatal(err)
		}
		if other, err := db.ClaimMail(ctx, d, d.Dialect, db.ClaimantID("replica-b", now, "mail"), now, 2, time.Minute); err != nil || len(other) != 0 {
			t.Fatalf("another replica took a leased mail: %d %v", len(other), err)
		}
		again, err := db.ClaimMail(ctx, d, d.Dialect, db.ClaimantID("replica-a", now, "mail"), now, 2, time.Minute)
		if err != nil || len(again) != 1 || again[0].ID != got[1].ID {
			t.Fatalf("the restarted replica retook %d mails (want only the one in flight): %v", len(again), err)
		}
	})
}
