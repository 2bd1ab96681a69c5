package db_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func TestResetTokens(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id := mkAccount(t, d, "alice@example.ch")
		if err := db.CreateResetToken(ctx, d, id, "hash-1", "reset", t0, t0.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateResetToken(ctx, d, id, "hash-2", "reset", t0.Add(time.Minute), t0.Add(31*time.Minute)); err != nil {
			t.Fatal(err)
		}
		old, _ := db.ResetTokenByHash(ctx, d, "hash-1")
		if old.UsedAt == nil {
			t.Fatal("a newer token did not void the older one")
		}
		tok, err := db.ResetTokenByHash(ctx, d, "hash-2")
		if err != nil || tok.AccountID != id || tok.UsedAt != nil {
			t.Fatalf("%+v %v", tok, err)
		}
		if ok, _ := db.UseResetToken(ctx, d, tok.ID, t0.Add(40*time.Minute)); ok {
			t.Fatal("expired token spent")
		}
		// Racing redemptions: exactly one wins.
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if ok, err := db.UseResetToken(ctx, d, tok.ID, t0.Add(2*time.Minute)); err == nil && ok {
					wins.Add(1)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("token spent %d times", wins.Load())
		}
		if n, _ := db.CountResetTokensSince(ctx, d, id, t0.Add(-time.Hour)); n != 2 {
			t.Fatalf("count %d", n)
		}
		if _, err := db.ResetTokenByHash(ctx, d, "nope"); !errors.Is(err, db.ErrNotFound) {
			t.Fatal(err)
		}
		if err := db.CreateResetToken(ctx, d, id, "hash-2", "reset", t0, t0); !errors.Is(err, db.ErrDuplicate) {
			t.Fatalf("duplicate hash: %v", err)
		}
	})
}

func TestAccountsForReset(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mkAccount(t, d, "alice@example.ch")
		if _, err := db.CreateAccount(ctx, d, db.NewAccount{UserID: "k-100", Email: "bob@example.at", Region: "AT", Role: "customer"}, t0); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.AccountsForReset(ctx, d, "CH", "", "alice@example.ch"); len(a) != 1 {
			t.Fatalf("CH by email: %d", len(a))
		}
		if a, _ := db.AccountsForReset(ctx, d, "AT", "", "alice@example.ch"); len(a) != 0 {
			t.Fatal("CH account matched at the AT portal")
		}
		if a, _ := db.AccountsForReset(ctx, d, "AT", "k-100", "bob@example.at"); len(a) != 1 {
			t.Fatal("AT by user ID and email")
		}
		if a, _ := db.AccountsForReset(ctx, d, "AT", "k-101", "bob@example.at"); len(a) != 0 {
			t.Fatal("AT matched with a wrong user ID")
		}
	})
}
