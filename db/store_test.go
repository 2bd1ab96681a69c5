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

var t0 = time.Date(2026, 11, 27, 10, 0, 0, 123456000, time.UTC)

func mkAccount(t *testing.T, d *db.DB, userID string) int64 {
	t.Helper()
	id, err := db.CreateAccount(context.Background(), d, db.NewAccount{
		UserID: userID, Email: userID, Region: "CH", Role: "customer", PasswordHash: "$argon2id$x",
	}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAccounts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id := mkAccount(t, d, "alice@example.ch")
		a, err := db.AccountByUserID(ctx, d, "alice@example.ch")
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != id || a.Region != "CH" || a.TOTPEnabled || a.Disabled || !a.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
			t.Fatalf("loaded %+v", a)
		}
		if _, err := db.AccountByUserID(ctx, d, "nobody@example.ch"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("unknown user: %v, want ErrNotFound", err)
		}
		_, err = db.CreateAccount(ctx, d, db.NewAccount{UserID: "alice@example.ch", Email: "x@y.ch", Region: "CH", Role: "customer"}, t0)
		if !errors.Is(err, db.ErrDuplicate) {
			t.Fatalf("duplicate user ID: %v, want ErrDuplicate", err)
		}
		_, err = db.CreateAccount(ctx, d, db.NewAccount{UserID: "bob@example.ch", Email: "bob@example.ch", Region: "DE", Role: "customer"}, t0)
		if err == nil {
			t.Fatal("region outside CH/AT was stored")
		}
		if err := db.SetDisabled(ctx, d, id, true, t0); err != nil {
			t.Fatal(err)
		}
		epoch, disabled, err := db.SessionEpoch(ctx, d, id)
		if err != nil || !disabled || epoch != 0 {
			t.Fatalf("epoch %d disabled %v err %v", epoch, disabled, err)
		}
		if e, err := db.BumpSessionEpoch(ctx, d, id); err != nil || e != 1 {
			t.Fatalf("bump: %d %v", e, err)
		}
		n, err := db.CountAccounts(ctx, d)
		if err != nil || n != 1 {
			t.Fatalf("count %d %v", n, err)
		}
	})
}

func TestNumbersAreScopedToTheirAccount(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		alice, bob := mkAccount(t, d, "alice@example.ch"), mkAccount(t, d, "bob@example.ch")
		trunk, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: alice, E164: "+41441234500", Product: "trunk"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: alice, E164: "+41441234501", Product: "trunk-participant", TrunkID: trunk}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: bob, E164: "+43123456789", Product: "teams"}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: bob, E164: "+41441234500", Product: "pbx"}, t0); !errors.Is(err, db.ErrDuplicate) {
			t.Fatalf("same number twice: %v", err)
		}
		if _, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: bob, E164: "+4144", Product: "fax"}, t0); err == nil {
			t.Fatal("unknown product stored")
		}
		nums, err := db.NumbersOfAccount(ctx, d, alice)
		if err != nil {
			t.Fatal(err)
		}
		if len(nums) != 2 || nums[0].E164 != "+41441234500" || nums[1].TrunkE164.String != "+41441234500" {
			t.Fatalf("alice's numbers: %+v", nums)
		}
		if _, err := db.NumberOfAccount(ctx, d, bob, "+41441234500"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("bob reads alice's number: %v", err)
		}
		if n, err := db.NumberOfAccount(ctx, d, alice, "+41441234501"); err != nil || n.Product != "trunk-participant" {
			t.Fatalf("alice's own number: %+v %v", n, err)
		}
	})
}

func TestSIPCredentials(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		alice := mkAccount(t, d, "alice@example.ch")
		num, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: alice, E164: "+41441234567", Product: "pbx"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		c := db.SIPCredential{NumberID: num, SIPUsername: "41441234567", VoIPPasswordEnc: []byte{1, 2, 3, 0, 255}, ChangedAt: t0}
		if err := db.PutSIPCredential(ctx, d, c); err != nil {
			t.Fatal(err)
		}
		if err := db.SetVoIPPassword(ctx, d, num, []byte{9, 9}, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := db.SIPCredentialOf(ctx, d, num)
		if err != nil || string(got.VoIPPasswordEnc) != string([]byte{9, 9}) || got.SIPUsername != "41441234567" {
			t.Fatalf("%+v %v", got, err)
		}
		all, err := db.VoIPPasswordsOfAccount(ctx, d, alice)
		if err != nil || len(all) != 1 {
			t.Fatalf("%+v %v", all, err)
		}
		if err := db.RemoveNumber(ctx, d, num); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SIPCredentialOf(ctx, d, num); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("credentials outlived their number: %v", err)
		}
	})
}

func TestTransactionRollbackLeavesNoHalfRows(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx db.Tx) error {
			id, err := db.CreateAccount(ctx, tx, db.NewAccount{UserID: "half@example.ch", Email: "half@example.ch", Region: "CH", Role: "customer"}, t0)
			if err != nil {
				return err
			}
			if _, err := db.AddNumber(ctx, tx, db.NewNumber{AccountID: id, E164: "+41440000000", Product: "pbx"}, t0); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("tx error %v", err)
		}
		if n, _ := db.CountAccounts(ctx, d); n != 0 {
			t.Fatalf("%d accounts after rollback", n)
		}
		if _, err := db.NumberByE164(ctx, d, "+41440000000"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("number after rollback: %v", err)
		}
	})
}

func TestTOTPStepIsClaimedOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id := mkAccount(t, d, "alice@example.ch")
		if err := db.EnableTOTP(ctx, d, id, []byte("enc"), 100, []string{"h1", "h2"}, t0); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.ClaimTOTPStep(ctx, d, id, 100); ok {
			t.Fatal("the activation step was accepted again")
		}
		// Many logins race with the same code: exactly one wins.
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if ok, err := db.ClaimTOTPStep(ctx, d, id, 101); err == nil && ok {
					wins.Add(1)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d logins accepted the same code", wins.Load())
		}
		if ok, _ := db.UseRecoveryCode(ctx, d, id, "h1", t0); !ok {
			t.Fatal("recovery code refused")
		}
		if ok, _ := db.UseRecoveryCode(ctx, d, id, "h1", t0); ok {
			t.Fatal("recovery code accepted twice")
		}
		if n, _ := db.RecoveryCodesLeft(ctx, d, id); n != 1 {
			t.Fatalf("%d codes left, want 1", n)
		}
		if err := db.DisableTOTP(ctx, d, id, t0); err != nil {
			t.Fatal(err)
		}
		a, _ := db.AccountByID(ctx, d, id)
		if a.TOTPEnabled || a.TOTPSecret != nil {
			t.Fatalf("2FA still on: %+v", a)
		}
		if n, _ := db.RecoveryCodesLeft(ctx, d, id); n != 0 {
			t.Fatalf("%d recovery codes survived the reset", n)
		}
	})
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lock := func(n int) time.Duration {
			if n >= 3 {
				return time.Minute
			}
			return 0
		}
		for i := 1; i <= 3; i++ {
			st, err := db.RecordLoginFailure(ctx, d, db.ScopeAccount, "alice@example.ch", t0, lock)
			if err != nil || st.Consecutive != i {
				t.Fatalf("failure %d: %+v %v", i, st, err)
			}
		}
		st, err := db.LoginFailures(ctx, d, db.ScopeAccount, "alice@example.ch")
		if err != nil || st.Consecutive != 3 || !st.LockedUntil.Valid || !st.LockedUntil.Time.Equal(db.UTC(t0.Add(time.Minute))) {
			t.Fatalf("state %+v %v", st, err)
		}
		if st, _ := db.LoginFailures(ctx, d, db.ScopeSource, "127.0.0.1"); st.Consecutive != 0 {
			t.Fatal("scopes are not separate")
		}
		if err := db.ClearLoginFailures(ctx, d, db.ScopeAccount, "alice@example.ch"); err != nil {
			t.Fatal(err)
		}
		if st, _ := db.LoginFailures(ctx, d, db.ScopeAccount, "alice@example.ch"); st.Consecutive != 0 {
			t.Fatal("not cleared")
		}
	})
}

func TestAuditEvents(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id := mkAccount(t, d, "alice@example.ch")
		for i, action := range []string{"login", "password.change"} {
			if err := db.Audit(ctx, d, db.AuditEvent{At: t0.Add(time.Duration(i) * time.Minute), ActorID: id, Actor: "alice@example.ch", AccountID: id, Action: action}); err != nil {
				t.Fatal(err)
			}
		}
		evs, err := db.AuditEvents(ctx, d, id, t0.Add(-time.Hour), 10)
		if err != nil || len(evs) != 2 || evs[0].Action != "password.change" {
			t.Fatalf("%+v %v", evs, err)
		}
		evs, _ = db.AuditEvents(ctx, d, id, t0.Add(30*time.Second), 10)
		if len(evs) != 1 {
			t.Fatalf("since filter: %d events", len(evs))
		}
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		v, err := d.Migrate(context.Background(), nil)
		if err != nil || v < 1 {
			t.Fatalf("second migrate: %d %v", v, err)
		}
	})
}

func TestSessionEpochsInOneQuery(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b := mkAccount(t, d, "alice@example.ch"), mkAccount(t, d, "bob@example.ch")
		if _, err := db.BumpSessionEpoch(ctx, d, a); err != nil {
			t.Fatal(err)
		}
		if err := db.SetDisabled(ctx, d, b, true, t0); err != nil {
			t.Fatal(err)
		}
		st, err := db.SessionEpochs(ctx, d, []int64{a, b, 999})
		if err != nil || len(st) != 2 || st[a].Epoch != 1 || st[a].Disabled || !st[b].Disabled {
			t.Fatalf("%+v %v", st, err)
		}
	})
}
