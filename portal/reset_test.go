package portal_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

var tokenRe = regexp.MustCompile(`reset\+([a-z2-7]+)@`)

// lastToken decrypts the newest queued reset mail and returns its token.
func lastToken(t *testing.T, s *testService) string {
	t.Helper()
	got, err := s.MailOutbox().Claim(context.Background(), "test", s.now.Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(got) - 1; i >= 0; i-- {
		if m := tokenRe.FindStringSubmatch(got[i].Body); m != nil {
			return m[1]
		}
	}
	t.Fatal("no reset mail queued")
	return ""
}

func countMails(t *testing.T, d *db.DB) int {
	var n int
	if err := d.Get(&n, "SELECT COUNT(*) FROM mail_outbox"); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestForgotPasswordAndReset(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		s.Cfg.Portals = map[string]portal.PortalAddr{"CH": {Host: "login.example.ch", Port: 2222}}
		seedAlice(t, s)
		if err := s.ForgotPassword(ctx, "CH", "", "nobody@example.ch", "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		if countMails(t, d) != 0 {
			t.Fatal("mail for an unknown address")
		}
		if err := s.ForgotPassword(ctx, "AT", "alice@example.ch", "alice@example.ch", "192.0.2.7"); err != nil || countMails(t, d) != 0 {
			t.Fatal("a CH account matched at the AT portal")
		}
		if err := s.ForgotPassword(ctx, "CH", "", " Alice@Example.ch ", "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		token := lastToken(t, s)
		if _, err := s.ResetAccount(ctx, token); err != nil {
			t.Fatalf("fresh token: %v", err)
		}
		var pe *portal.PolicyError
		if err := s.CompleteReset(ctx, token, "weak", "weak", "", "192.0.2.7"); !errors.As(err, &pe) {
			t.Fatalf("weak password: %v", err)
		}
		if err := s.CompleteReset(ctx, token, "Fresh-start-2026", "Fresh-start-2026", "", "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteReset(ctx, token, "Again-start-2026", "Again-start-2026", "", "192.0.2.7"); !errors.Is(err, portal.ErrTokenInvalid) {
			t.Fatalf("second use: %v", err)
		}
		if _, err := login(s, "alice@example.ch", "Fresh-start-2026"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		if _, err := s.ResetAccount(ctx, "notatoken"); !errors.Is(err, portal.ErrTokenInvalid) {
			t.Fatal("unknown token accepted")
		}
	})
}

func TestResetLinksExpireAndAreCapped(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		seedAlice(t, s)
		for range 6 {
			if err := s.ForgotPassword(ctx, "CH", "", "alice@example.ch", ""); err != nil {
				t.Fatal(err)
			}
		}
		if n := countMails(t, d); n != portal.MaxResetMailsPerHour {
			t.Fatalf("%d reset mails in an hour, want %d", n, portal.MaxResetMailsPerHour)
		}
		token := lastToken(t, s)
		s.now = s.now.Add(s.Cfg.ResetValidity + time.Second)
		if _, err := s.ResetAccount(ctx, token); !errors.Is(err, portal.ErrTokenInvalid) {
			t.Fatal("expired token accepted")
		}
	})
}

func TestResetNeverBypassesTheSecondFactor(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		a := seedAlice(t, s)
		setup, _ := s.NewTOTPSetup(a.UserID)
		code, _ := totp.GenerateCode(setup.Secret, s.now)
		if _, err := s.ActivateTOTP(ctx, a, setup, code); err != nil {
			t.Fatal(err)
		}
		if err := s.ForgotPassword(ctx, "CH", "", "alice@example.ch", ""); err != nil {
			t.Fatal(err)
		}
		token := lastToken(t, s)
		if err := s.CompleteReset(ctx, token, "Fresh-start-2026", "Fresh-start-2026", "", ""); !errors.Is(err, portal.ErrCodeInvalid) {
			t.Fatalf("reset without a code: %v", err)
		}
		next, _ := totp.GenerateCode(setup.Secret, s.now.Add(30*time.Second))
		if err := s.CompleteReset(ctx, token, "Fresh-start-2026", "Fresh-start-2026", next, ""); err != nil {
			t.Fatalf("reset with a code: %v", err)
		}
	})
}
