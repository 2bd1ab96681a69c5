package portal_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// Parallel uploads to one slot while two replicas' workers convert: the
// newest accepted upload is the one that plays, every round, and lost
// races are never counted as conversion failures (issue 13.8).
func TestParallelUploadsToOneSlotTheNewestWins(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		var workers sync.WaitGroup
		var replicas []*portal.MusicWorker
		for _, id := range []string{"replica-a", "replica-b"} {
			w := portal.NewMusicWorker(s.Service, portal.MusicWorkerOptions{Workers: 2, Poll: 5 * time.Millisecond, Stale: time.Hour, ID: id})
			replicas = append(replicas, w)
			workers.Add(1)
			go func() { defer workers.Done(); w.Run(ctx) }()
		}
		defer func() { cancel(); workers.Wait() }()
		data := wavOfSize(9000)
		for round := range 6 {
			ids := make([]int64, 8)
			var wg sync.WaitGroup
			for i := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					f, err := uploadBytes(s, acct, portal.MusicHold, fmt.Sprintf("r%d-%d.wav", round, i), data)
					if err != nil {
						t.Errorf("upload: %v", err)
						return
					}
					ids[i] = f.ID
					replicas[i%2].Wake()
				}()
			}
			wg.Wait()
			newest := int64(0)
			for _, id := range ids {
				newest = max(newest, id)
			}
			waitUntilSettled(t, d, acct)
			var active int64
			if err := d.Get(&active, d.Rebind(`SELECT id FROM music_files WHERE account_id = ? AND kind = 'hold' AND status = 'active'`), acct.ID); err != nil {
				t.Fatalf("round %d: no active music: %v", round, err)
			}
			if active != newest {
				t.Fatalf("round %d: upload %d plays, the newest accepted is %d", round, active, newest)
			}
			var failed int
			if err := d.Get(&failed, `SELECT COUNT(*) FROM music_files WHERE status = 'failed'`); err != nil || failed != 0 {
				t.Fatalf("round %d: %d uploads failed (%v)", round, failed, err)
			}
		}
	})
}

// waitUntilSettled waits for the workers to finish every upload of acct,
// up to a bound the test sets.
func waitUntilSettled(t *testing.T, d *db.DB, acct db.Account) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := d.Get(&n, d.Rebind(`SELECT COUNT(*) FROM music_files WHERE account_id = ? AND status IN ('pending', 'processing')`), acct.ID); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d uploads still waiting after 60s", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A replica killed mid-conversion (SIGKILL) and restarted retakes its own
// claim at once, not after the stale timeout; another live replica still
// waits for the timeout (issue 13.12).
func TestARestartedReplicaRetakesItsOwnClaimsAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		ctx := context.Background()
		if _, err := uploadBytes(s, acct, portal.MusicHold, "hold.wav", wavOfSize(9000)); err != nil {
			t.Fatal(err)
		}
		killed := db.ClaimantID("replica-a", s.now.Add(-time.Hour), "0")
		if _, err := db.ClaimMusic(ctx, d, killed, s.now, s.now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		stale := portal.DefaultMusicWorkerOptions().Stale
		other := db.ClaimantID("replica-b", s.now, "0")
		if did, err := s.ActivateNextMusic(ctx, other, stale); did || err != nil {
			t.Fatalf("another replica took a fresh claim: %v %v", did, err)
		}
		restarted := db.ClaimantID("replica-a", s.now, "1")
		if did, err := s.ActivateNextMusic(ctx, restarted, stale); !did || err != nil {
			t.Fatalf("the restarted replica did not retake its claim: %v %v", did, err)
		}
		if sl := slot(t, s, acct, portal.MusicHold); sl.Playing.Name != "hold.wav" || sl.Pending != nil {
			t.Fatalf("after the retake: %+v", sl)
		}
	})
}
