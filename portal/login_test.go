package portal_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// testService is a service over a real store with a controllable clock.
type testService struct {
	*portal.Service
	now time.Time
}

func newService(t *testing.T, d *db.DB, opts ...portal.Option) *testService {
	t.Helper()
	svc := portaltest.New(t, d, nil, opts...)
	ts := &testService{Service: svc, now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	svc.Now = func() time.Time { return ts.now }
	return ts
}

const alicePW = "Sunshine-2026"

func seedAlice(t *testing.T, s *testService) db.Account {
	t.Helper()
	ctx := context.Background()
	a, err := s.CreateAccount(ctx, s.DB, portal.NewAccountRequest{Email: "Alice@Example.ch", Region: "CH", Password: alicePW})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNumber(ctx, s.DB, a.ID, "+41 44 123 45 67", portal.ProductPBX, "", ""); err != nil {
		t.Fatal(err)
	}
	return a
}

func login(s *testService, user, pw string) (portal.PasswordOK, error) {
	return s.CheckPassword(context.Background(), portal.LoginRequest{UserName: user, Password: pw, Source: "192.0.2.1"})
}

func TestLoginUnknownUserAndWrongPasswordLookTheSame(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		_, errWrong := login(s, "alice@example.ch", "Wrong-password1")
		_, errUnknown := login(s, "nobody@example.ch", "Wrong-password1")
		if errWrong == nil || errUnknown == nil || errWrong.Error() != errUnknown.Error() {
			t.Fatalf("wrong password %v vs unknown user %v", errWrong, errUnknown)
		}
		ok, err := login(s, "  ALICE@example.ch ", alicePW)
		if err != nil || ok.Account.UserID != "alice@example.ch" || ok.NeedTOTP {
			t.Fatalf("right password: %+v %v", ok, err)
		}
	})
}

func TestLoginHints(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		a := seedAlice(t, s)
		var hint *portal.HintError
		if _, err := login(s, "12345", alicePW); !errors.As(err, &hint) || hint.Hint != portal.HintOldCustomerNumber {
			t.Fatalf("5-digit user: %v", err)
		}
		cred, err := s.Credentials(context.Background(), a.ID, "+41441234567")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := login(s, "alice@example.ch", cred.Password); !errors.As(err, &hint) || hint.Hint != portal.HintVoIPPassword {
			t.Fatalf("VoIP password as login password: %v", err)
		}
		// A stranger trying the same password on an unknown account learns nothing.
		if _, err := login(s, "nobody@example.ch", cred.Password); errors.As(err, &hint) {
			t.Fatalf("unknown account got a hint: %v", err)
		}
	})
}

func TestLockoutAndUnlockAfterTheWindow(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		for i := 0; i < s.Cfg.LockThreshold; i++ {
			if _, err := login(s, "alice@example.ch", "Wrong-password1"); !errors.Is(err, portal.ErrLoginFailed) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		var locked *portal.LockedError
		if _, err := login(s, "alice@example.ch", alicePW); !errors.As(err, &locked) {
			t.Fatalf("right password during the lock: %v", err)
		}
		// An unknown user name is throttled the same way: no enumeration.
		for i := 0; i < s.Cfg.LockThreshold; i++ {
			_, _ = login(s, "nobody@example.ch", "Wrong-password1")
		}
		if _, err := login(s, "nobody@example.ch", "x"); !errors.As(err, &locked) {
			t.Fatalf("unknown user not throttled alike: %v", err)
		}
		s.now = s.now.Add(s.Cfg.LockBase + time.Second)
		if _, err := login(s, "alice@example.ch", alicePW); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestDisabledAccountCannotLogIn(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		a := seedAlice(t, s)
		if err := db.SetDisabled(context.Background(), d, a.ID, true, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := login(s, "alice@example.ch", alicePW); !errors.Is(err, portal.ErrDisabled) {
			t.Fatalf("disabled account: %v", err)
		}
	})
}

func TestTOTPActivationReplayAndRecoveryCodes(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		a := seedAlice(t, s)
		setup, err := s.NewTOTPSetup(a.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ActivateTOTP(ctx, a, setup, "000000"); !errors.Is(err, portal.ErrCodeInvalid) {
			t.Fatalf("wrong activation code: %v", err)
		}
		code, _ := totp.GenerateCode(setup.Secret, s.now)
		codes, err := s.ActivateTOTP(ctx, a, setup, code[:3]+" "+code[3:])
		if err != nil || len(codes) != portal.RecoveryCodeCount {
			t.Fatalf("activate: %v %d codes", err, len(codes))
		}
		stored, _ := db.AccountByID(ctx, d, a.ID)
		if bytes.Contains(stored.TOTPSecret, []byte(setup.Secret)) {
			t.Fatal("TOTP secret stored in clear")
		}
		ok, err := login(s, "alice@example.ch", alicePW)
		if err != nil || !ok.NeedTOTP {
			t.Fatalf("password with 2FA on: %+v %v", ok, err)
		}
		// The code used for activation is spent.
		if _, err := s.SecondFactor(ctx, ok.Account, code, "192.0.2.1"); !errors.Is(err, portal.ErrCodeInvalid) {
			t.Fatalf("activation code replayed: %v", err)
		}
		s.now = s.now.Add(30 * time.Second)
		next, _ := totp.GenerateCode(setup.Secret, s.now)
		if _, err := s.SecondFactor(ctx, ok.Account, next, "192.0.2.1"); err != nil {
			t.Fatalf("fresh code: %v", err)
		}
		if _, err := s.SecondFactor(ctx, ok.Account, next, "192.0.2.1"); !errors.Is(err, portal.ErrCodeInvalid) {
			t.Fatalf("replayed code: %v", err)
		}
		// ±1 step of clock skew.
		s.now = s.now.Add(60 * time.Second)
		skewed, _ := totp.GenerateCode(setup.Secret, s.now.Add(-30*time.Second))
		if _, err := s.SecondFactor(ctx, ok.Account, skewed, "192.0.2.1"); err != nil {
			t.Fatalf("code one step old: %v", err)
		}
		used, err := s.SecondFactor(ctx, ok.Account, codes[0], "192.0.2.1")
		if err != nil || !used {
			t.Fatalf("recovery code: %v %v", used, err)
		}
		if left, err := s.RecoveryCodesLeft(ctx, a.ID); err != nil || left != portal.RecoveryCodeCount-1 {
			t.Fatalf("recovery codes left after using one: %d %v", left, err)
		}
		if _, err := s.SecondFactor(ctx, ok.Account, codes[0], "192.0.2.1"); !errors.Is(err, portal.ErrCodeInvalid) {
			t.Fatalf("recovery code reused: %v", err)
		}
	})
}

// testKey is the server key of every test service.
var testKey = bytes.Repeat([]byte{3}, 32)
