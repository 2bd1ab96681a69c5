package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// The store queries on the login path and behind the dashboard, on both
// dialects, over a store with benchAccounts accounts so that lookups go
// through the indexes as in production rather than scanning a tiny table.

const benchAccounts = 2000

type benchStore struct {
	d       *db.DB
	ids     []int64
	userIDs []string
}

func seedBenchStore(b *testing.B, d *db.DB) *benchStore {
	b.Helper()
	ctx := context.Background()
	now := time.Unix(1_800_000_000, 0)
	s := &benchStore{d: d}
	// One transaction: seeding thousands of rows one commit at a time would
	// dominate the benchmark's setup on Postgres.
	err := d.Tx(ctx, func(tx db.Tx) error {
		for i := range benchAccounts {
			uid := fmt.Sprintf("user%05d@example.ch", i)
			id, err := db.CreateAccount(ctx, tx, db.NewAccount{UserID: uid, Email: uid, Region: "CH", Role: "customer",
				PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5"}, now)
			if err != nil {
				return err
			}
			for j := range 3 {
				if _, err := db.AddNumber(ctx, tx, db.NewNumber{AccountID: id, E164: fmt.Sprintf("+4144%05d%02d", i, j),
					Product: "pbx", Label: "Office"}, now); err != nil {
					return err
				}
			}
			s.ids = append(s.ids, id)
			s.userIDs = append(s.userIDs, uid)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func eachStore(b *testing.B, fn func(b *testing.B, s *benchStore)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, seedBenchStore(b, dbtest.SQLite(b))) })
	b.Run("postgres", func(b *testing.B) { fn(b, seedBenchStore(b, dbtest.Postgres(b))) })
}

// BenchmarkLoginQueries: what one password login asks the store before and
// after the hash (CheckPassword, then CompleteLogin), and the TOTP claim.
func BenchmarkLoginQueries(b *testing.B) {
	eachStore(b, func(b *testing.B, s *benchStore) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0)
		b.Run("LoginFailures", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := db.LoginFailures(ctx, s.d, db.ScopeAccount, s.userIDs[i%len(s.userIDs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("AccountByUserID", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := db.AccountByUserID(ctx, s.d, s.userIDs[i%len(s.userIDs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("CompleteLoginTx", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				id, uid := s.ids[i%len(s.ids)], s.userIDs[i%len(s.userIDs)]
				err := s.d.Tx(ctx, func(tx db.Tx) error {
					if err := db.ClearLoginFailures(ctx, tx, db.ScopeAccount, uid); err != nil {
						return err
					}
					if err := db.ClearLoginFailures(ctx, tx, db.ScopeSource, "127.0.0.1"); err != nil {
						return err
					}
					if err := db.TouchLogin(ctx, tx, id, now); err != nil {
						return err
					}
					return db.Audit(ctx, tx, db.AuditEvent{At: now, ActorID: id, Actor: uid, AccountID: id, Action: "login", Detail: "password"})
				})
				if err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("RecordLoginFailure", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := db.RecordLoginFailure(ctx, s.d, db.ScopeAccount, fmt.Sprintf("nobody%d@example.ch", i%500), now,
					func(int) time.Duration { return 0 }); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("ClaimTOTPStep", func(b *testing.B) {
			b.ReportAllocs()
			step := int64(1)
			for b.Loop() {
				if _, err := db.ClaimTOTPStep(ctx, s.d, s.ids[0], step); err != nil {
					b.Fatal(err)
				}
				step++
			}
		})
	})
}

// BenchmarkDashboardQueries: what a session start and the dashboard read
// (the session's account, its numbers), and the epoch check every open
// session repeats.
func BenchmarkDashboardQueries(b *testing.B) {
	eachStore(b, func(b *testing.B, s *benchStore) {
		ctx := context.Background()
		b.Run("AccountByID", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := db.AccountByID(ctx, s.d, s.ids[i%len(s.ids)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("NumbersOfAccount", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				n, err := db.NumbersOfAccount(ctx, s.d, s.ids[i%len(s.ids)])
				if err != nil || len(n) != 3 {
					b.Fatalf("%d numbers, err %v", len(n), err)
				}
				i++
			}
		})
		b.Run("SessionEpoch", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, _, err := db.SessionEpoch(ctx, s.d, s.ids[i%len(s.ids)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	})
}

// BenchmarkSignInSources: what the "new sign-in" check reads on every
// login of an account with a history, a script's 2,000 logins from one
// address (a week of logins every five minutes): the audit query it
// replaced (AuditLoginSources, which grouped them all) against the
// login_sources rows (LoginSourcesKnown).
func BenchmarkSignInSources(b *testing.B) {
	eachStore(b, func(b *testing.B, s *benchStore) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0)
		id, uid := s.ids[0], s.userIDs[0]
		err := s.d.Tx(ctx, func(tx db.Tx) error {
			for i := range 2000 {
				if err := db.Audit(ctx, tx, db.AuditEvent{At: now.Add(time.Duration(i) * 5 * time.Minute), ActorID: id, Actor: uid,
					AccountID: id, Action: "login", Detail: "publickey SHA256:script", RemoteAddr: "192.0.2.10"}); err != nil {
					return err
				}
			}
			if err := db.RememberLoginSource(ctx, tx, id, db.SourceNetwork, "192.0.2.0/24", now); err != nil {
				return err
			}
			return db.RememberLoginSource(ctx, tx, id, db.SourceKey, "SHA256:script", now)
		})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("AuditLoginSources", func(b *testing.B) {
			for b.Loop() {
				if _, err := db.AuditLoginSources(ctx, s.d, id, 500); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("LoginSourcesKnown", func(b *testing.B) {
			for b.Loop() {
				if k, err := db.LoginSourcesKnown(ctx, s.d, id, "192.0.2.0/24", "SHA256:script"); err != nil || !k.Network || !k.Key {
					b.Fatal(k, err)
				}
			}
		})
	})
}
