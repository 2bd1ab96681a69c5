package portal

import (
	"bytes"
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// The login's CPU cost is argon2id at the production parameters; these
// benchmarks show what one hash costs and how many a pool of GOMAXPROCS
// workers completes per second (the ceiling of password logins per second).

func owaspHash(b *testing.B) string {
	b.Helper()
	h, err := hashWith(OWASPArgon2, "Sunshine-2026")
	if err != nil {
		b.Fatal(err)
	}
	return h
}

func BenchmarkArgon2idVerifyOWASP(b *testing.B) {
	ctx := context.Background()
	h := NewHasher(OWASPArgon2, 1, 1)
	enc := owaspHash(b)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _, err := h.Verify(ctx, enc, "Sunshine-2026"); !ok || err != nil {
			b.Fatalf("verify: %v %v", ok, err)
		}
	}
}

// BenchmarkArgon2idVerifyOWASPParallel runs verifications through one pool
// as concurrent logins do; ns/op is the pool's throughput per hash.
func BenchmarkArgon2idVerifyOWASPParallel(b *testing.B) {
	ctx := context.Background()
	pool := NewHasher(OWASPArgon2, runtime.GOMAXPROCS(0), 1<<20)
	enc := owaspHash(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if ok, _, err := pool.Verify(ctx, enc, "Sunshine-2026"); !ok || err != nil {
				b.Errorf("verify: %v %v", ok, err)
				return
			}
		}
	})
}

// BenchmarkTOTPMatch is the CPU part of a second factor: the worst case
// checks all three time steps (code of the next step).
func BenchmarkTOTPMatch(b *testing.B) {
	secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	now := time.Unix(1_800_000_000, 0)
	code, err := totp.GenerateCodeCustom(secret, now.Add(totpPeriod*time.Second), totpOpts)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if matchStep(secret, code, now) < 0 {
			b.Fatal("no match")
		}
	}
}

// BenchmarkSecondFactor is the whole TOTP check of a login on each store:
// throttle reads, decrypting the secret, the code match and the one-time
// claim of the time step. The clock moves one step per iteration, as a new
// code would.
func BenchmarkSecondFactor(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchSecondFactor(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchSecondFactor(b, dbtest.Postgres(b)) })
}

func benchSecondFactor(b *testing.B, d *db.DB) {
	ctx := context.Background()
	svc := benchService(b, d)
	clock := time.Unix(1_800_000_000, 0)
	svc.Now = func() time.Time { return clock }
	acct, err := svc.CreateAccount(ctx, d, NewAccountRequest{Email: "bench@example.ch", Region: RegionCH, Password: "Sunshine-2026"})
	if err != nil {
		b.Fatal(err)
	}
	setup, err := svc.NewTOTPSetup(acct.UserID)
	if err != nil {
		b.Fatal(err)
	}
	code, _ := totp.GenerateCodeCustom(setup.Secret, clock, totpOpts)
	if _, err := svc.ActivateTOTP(ctx, acct, setup, code); err != nil {
		b.Fatal(err)
	}
	if acct, err = svc.Account(ctx, acct.ID); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		clock = clock.Add(totpPeriod * time.Second)
		code, _ := totp.GenerateCodeCustom(setup.Secret, clock, totpOpts)
		if _, err := svc.SecondFactor(ctx, acct, code, "127.0.0.1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckPasswordStore is the store's share of a password check
// (throttle reads, account lookup) with a cheap hash, so the figure is not
// hidden behind argon2id; production adds one OWASP verify (above).
func BenchmarkCheckPasswordStore(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchCheckPassword(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchCheckPassword(b, dbtest.Postgres(b)) })
}

func benchCheckPassword(b *testing.B, d *db.DB) {
	ctx := context.Background()
	svc := benchService(b, d)
	acct, err := svc.CreateAccount(ctx, d, NewAccountRequest{Email: "bench@example.ch", Region: RegionCH, Password: "Sunshine-2026"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ok, err := svc.CheckPassword(ctx, LoginRequest{UserName: acct.UserID, Password: "Sunshine-2026", Source: "127.0.0.1"})
		if err != nil || ok.Account.ID != acct.ID {
			b.Fatal(err)
		}
		if err := svc.CompleteLogin(ctx, ok.Account, "127.0.0.1", "password"); err != nil {
			b.Fatal(err)
		}
	}
}

func benchService(b *testing.B, d *db.DB) *Service {
	b.Helper()
	box, err := NewSecretBox(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		b.Fatal(err)
	}
	svc, err := NewService(d, box, NewHasher(Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}, 2, 16), DefaultConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

// Every credentials and voip-password command and every TUI search
// keystroke parses or formats numbers with libphonenumber.
func BenchmarkParseNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseNumber("044 123 45 67", "CH"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormatNumberAT(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = FormatNumber("+436641234567")
	}
}

func BenchmarkNumberMatches(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = NumberMatches("+41445550199", "044 555")
	}
}
