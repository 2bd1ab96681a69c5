package db_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func upload(t *testing.T, d *db.DB, accountID int64, kind, name string, at time.Time) int64 {
	t.Helper()
	id, err := db.InsertMusicFile(context.Background(), d, db.NewMusicFile{
		AccountID: accountID, Kind: kind, Name: name, Format: "mp3", ContentType: "audio/mpeg",
		Original: []byte("ID3 " + name), Via: "sftp", LicenceShownAt: at, UploadedAt: at,
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func rendition(tag string) db.MusicRenditions {
	return db.MusicRenditions{WAV8k: []byte("wav8k " + tag), WAV16k: []byte("wav16k"), ULaw: []byte("u"), ALaw: []byte("a"), DurationMS: 1000, Peaks: "0.5"}
}

// activate claims the oldest upload as worker and activates it.
func activate(t *testing.T, d *db.DB, worker string, now time.Time) db.MusicJob {
	t.Helper()
	ctx := context.Background()
	job, err := db.ClaimMusic(ctx, d, worker, now, now.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Tx(ctx, func(tx db.Tx) error {
		_, err := db.ActivateMusic(ctx, tx, job, worker, rendition(job.OriginalName), now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return job
}

func activeName(t *testing.T, d *db.DB, accountID int64, kind string) string {
	t.Helper()
	wav, m, err := db.ActiveRendition(context.Background(), d, accountID, kind)
	if errors.Is(err, db.ErrNotFound) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	if string(wav) != "wav8k "+m.OriginalName {
		t.Fatalf("active %s has the rendition %q", m.OriginalName, wav)
	}
	return m.OriginalName
}

func TestConcurrentWorkersClaimEachUploadOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const uploads, workers = 40, 8
		want := map[int64]bool{}
		for i := range uploads {
			acct := mkAccount(t, d, fmt.Sprintf("u%d@example.ch", i))
			want[upload(t, d, acct, "hold", "a.mp3", t0.Add(time.Duration(i)*time.Millisecond))] = true
		}
		var mu sync.Mutex
		got := map[int64]string{}
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprint("worker-", w)
				for misses := 0; misses < 3; {
					job, err := db.ClaimMusic(ctx, d, name, t0, t0.Add(-time.Minute))
					if errors.Is(err, db.ErrNotFound) {
						misses++ // SQLite: another writer may hold the lock briefly
						continue
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					if prev, dup := got[job.ID]; dup {
						t.Errorf("upload %d claimed by %s and %s", job.ID, prev, name)
					}
					got[job.ID] = name
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(got) != uploads {
			t.Fatalf("claimed %d of %d uploads", len(got), uploads)
		}
		for id := range want {
			if got[id] == "" {
				t.Errorf("upload %d never claimed", id)
			}
		}
		if _, err := db.ClaimMusic(ctx, d, "late", t0, t0.Add(-time.Minute)); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("a claimed upload was claimed again before it went stale: %v", err)
		}
	})
}

func TestActivationSwapsTheActiveFileAtomically(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		acct := mkAccount(t, d, "alice@example.ch")
		upload(t, d, acct, "hold", "first.mp3", t0)
		activate(t, d, "w1", t0)
		if got := activeName(t, d, acct, "hold"); got != "first.mp3" {
			t.Fatalf("active %q", got)
		}

		// The second upload is claimed; until its activation commits the
		// first one plays.
		upload(t, d, acct, "hold", "second.mp3", t0.Add(time.Second))
		job, err := db.ClaimMusic(ctx, d, "w1", t0, t0.Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if got := activeName(t, d, acct, "hold"); got != "first.mp3" {
			t.Fatalf("during conversion the active file is %q", got)
		}
		// A failure after the swap inside the transaction undoes it.
		boom := errors.New("crash before commit")
		err = d.Tx(ctx, func(tx db.Tx) error {
			if _, err := db.ActivateMusic(ctx, tx, job, "w1", rendition(job.OriginalName), t0); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if got := activeName(t, d, acct, "hold"); got != "first.mp3" {
			t.Fatalf("after a rolled-back activation the active file is %q", got)
		}
		if err := d.Tx(ctx, func(tx db.Tx) error {
			_, err := db.ActivateMusic(ctx, tx, job, "w1", rendition(job.OriginalName), t0)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if got := activeName(t, d, acct, "hold"); got != "second.mp3" {
			t.Fatalf("active %q, want second.mp3", got)
		}
		live, err := db.LiveMusic(ctx, d, acct)
		if err != nil || len(live) != 1 || live[0].OriginalName != "second.mp3" || live[0].WAV8kBytes == 0 {
			t.Fatalf("live music %+v %v", live, err)
		}
	})
}

func TestALostClaimCannotActivate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		acct := mkAccount(t, d, "alice@example.ch")
		upload(t, d, acct, "queue", "old.mp3", t0)
		activate(t, d, "w1", t0)

		upload(t, d, acct, "queue", "slow.mp3", t0.Add(time.Second))
		slow, err := db.ClaimMusic(ctx, d, "dying-replica", t0, t0.Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		// Not stale yet: nobody else may take it.
		if _, err := db.ClaimMusic(ctx, d, "w2", t0.Add(30*time.Second), t0.Add(-30*time.Second)); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("fresh claim taken over: %v", err)
		}
		// Stale: another worker takes it over, and the first can no longer
		// activate it (its transaction rolls back, old.mp3 keeps playing).
		later := t0.Add(10 * time.Minute)
		taken, err := db.ClaimMusic(ctx, d, "w2", later, later.Add(-5*time.Minute))
		if err != nil || taken.ID != slow.ID || taken.Attempts != 2 {
			t.Fatalf("stale takeover: %+v %v", taken, err)
		}
		err = d.Tx(ctx, func(tx db.Tx) error {
			_, err := db.ActivateMusic(ctx, tx, slow, "dying-replica", rendition("slow.mp3"), later)
			return err
		})
		if !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("activation by the lost claim: %v, want ErrNotFound", err)
		}
		if got := activeName(t, d, acct, "queue"); got != "old.mp3" {
			t.Fatalf("active %q after the lost claim", got)
		}
		// A newer upload supersedes the one being converted.
		if _, err := db.SupersedeMusic(ctx, d, acct, "queue", "replaced"); err != nil {
			t.Fatal(err)
		}
		err = d.Tx(ctx, func(tx db.Tx) error {
			_, err := db.ActivateMusic(ctx, tx, taken, "w2", rendition("slow.mp3"), later)
			return err
		})
		if !errors.Is(err, db.ErrNotFound) || activeName(t, d, acct, "queue") != "old.mp3" {
			t.Fatalf("superseded upload activated: %v", err)
		}
	})
}

func TestAnAbortedUploadLeavesNoRow(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		acct := mkAccount(t, d, "alice@example.ch")
		boom := errors.New("client gone")
		err := d.Tx(ctx, func(tx db.Tx) error {
			if _, err := db.InsertMusicFile(ctx, tx, db.NewMusicFile{AccountID: acct, Kind: "hold", Format: "mp3",
				ContentType: "audio/mpeg", Original: []byte("x"), LicenceShownAt: t0, UploadedAt: t0}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if live, err := db.LiveMusic(ctx, d, acct); err != nil || len(live) != 0 {
			t.Fatalf("rows after an aborted upload: %+v %v", live, err)
		}
		if _, err := db.ClaimMusic(ctx, d, "w", t0, t0); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("aborted upload is claimable: %v", err)
		}
	})
}

func TestRefusalsAreKeptNewestFirstAndPruned(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		acct := mkAccount(t, d, "alice@example.ch")
		for i := range 15 {
			if err := db.InsertMusicRefusal(ctx, d, db.MusicRefusal{AccountID: acct, Kind: "hold",
				Name: fmt.Sprintf("f%d.wma", i), Reason: "wma", Via: "scp", RefusedAt: t0}); err != nil {
				t.Fatal(err)
			}
		}
		r, err := db.LastMusicRefusal(ctx, d, acct, "hold")
		if err != nil || r.Name != "f14.wma" {
			t.Fatalf("last refusal %+v %v", r, err)
		}
		var n int
		if err := d.GetContext(ctx, &n, d.Rebind(`SELECT COUNT(*) FROM music_refusals WHERE account_id = ?`), acct); err != nil || n != 10 {
			t.Fatalf("%d refusals kept (%v), want 10", n, err)
		}
		if _, err := db.LastMusicRefusal(ctx, d, acct, "queue"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("queue refusal: %v", err)
		}
	})
}
