package server

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"github.com/pquerna/otp/totp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/portal"
)

// What the client is shown hides the cause; the metrics still see it,
// and x/crypto still finds the banner behind it.
func TestAuthOutcomeSeesTheCauseBehindTheRefusal(t *testing.T) {
	t.Parallel()
	a := &authenticator{log: slog.New(slog.DiscardHandler)}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"accepted", nil, metrics.OutcomeSuccess},
		{"password right, code next", &gossh.PartialSuccessError{Next: gossh.ServerAuthCallbacks{
			KeyboardInteractiveCallback: func(gossh.ConnMetadata, gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
				return nil, errDenied
			},
		}}, metrics.OutcomeSuccess},
		{"login ended with a message", &gossh.PartialSuccessError{}, metrics.OutcomeFailure},
		{"wrong password", a.refusal(nil, portal.ErrLoginFailed), metrics.OutcomeFailure},
		{"wrong code", a.refusal(nil, portal.ErrCodeInvalid), metrics.OutcomeFailure},
		{"old customer number", a.refusal(nil, &portal.HintError{Err: portal.ErrLoginFailed, Hint: portal.HintOldCustomerNumber}), metrics.OutcomeFailure},
		{"locked", a.refusal(nil, &portal.LockedError{}), metrics.OutcomeLocked},
		{"hashing pool full", a.refusal(nil, portal.ErrBusy), metrics.OutcomeBusy},
		{"disabled", a.refusal(nil, portal.ErrDisabled), metrics.OutcomeDisabled},
		{"store down", a.refusal(nil, errors.New("connection refused")), metrics.OutcomeError},
		{"key of no admin", errDenied, metrics.OutcomeFailure},
		{"other region", &gossh.BannerError{Err: errDenied, Message: "CH portal"}, metrics.OutcomeFailure},
	} {
		if got := authOutcome(tc.err); got != tc.want {
			t.Errorf("%s: outcome %s, want %s", tc.name, got, tc.want)
		}
	}
	var banner *gossh.BannerError
	if err := a.refusal(nil, portal.ErrDisabled); !errors.As(err, &banner) || !errors.Is(err, errDenied) || err.Error() != errDenied.Error() {
		t.Errorf("the client must see the banner and only %q: %v", errDenied, err)
	}
}

// series is the value of the metric name with exactly labels in m's
// registry, 0 when it has none yet.
func series(t *testing.T, m *metrics.Metrics, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	next:
		for _, s := range f.GetMetric() {
			if len(s.GetLabel()) != len(labels) {
				continue
			}
			for _, l := range s.GetLabel() {
				if labels[l.GetName()] != l.GetValue() {
					continue next
				}
			}
			switch {
			case s.GetCounter() != nil:
				return s.GetCounter().GetValue()
			case s.GetGauge() != nil:
				return s.GetGauge().GetValue()
			case s.GetHistogram() != nil:
				return float64(s.GetHistogram().GetSampleCount())
			}
		}
	}
	return 0
}

func logins(t *testing.T, m *metrics.Metrics, method, outcome string) float64 {
	return series(t, m, "sipdesk_logins_total", map[string]string{"method": method, "outcome": outcome})
}

func sessionsTotal(t *testing.T, m *metrics.Metrics, kind string) float64 {
	return series(t, m, "sipdesk_sessions_total", map[string]string{"kind": kind, "region": "ch"})
}

// Every way in is counted by its method and outcome, and every session by
// its kind; the password-less forgot flow is a session, not a login.
func TestLoginsAndSessionsAreCountedByMethodAndKind(t *testing.T) {
	t.Parallel()
	m := metrics.New("test")
	d := dbtest.SQLite(t)
	p := startInstrumentedPortal(t, d, nil, nil, m)
	ctx := context.Background()
	p.customer(t, "alice@example.ch")
	bob := p.customer(t, "bob@example.ch")

	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, _, code := run(t, c, "whoami"); code != 0 {
		t.Fatalf("whoami: exit %d", code)
	}
	sc, err := sftp.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.ReadDir("music"); err != nil {
		t.Fatal(err)
	}
	sc.Close()
	if c, err := p.dial("alice@example.ch", gossh.Password("Wrong-password-1")); err == nil {
		c.Close()
		t.Fatal("a wrong password logged in")
	}

	setup, err := p.svc.NewTOTPSetup(bob.UserID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	code, _ := totp.GenerateCode(setup.Secret, now)
	if _, err := p.svc.ActivateTOTP(ctx, bob, setup, code); err != nil {
		t.Fatal(err)
	}
	next, _ := totp.GenerateCode(setup.Secret, now.Add(30*time.Second))
	cb, err := p.dial(bob.UserID, gossh.Password(testPassword), kbd("", func() string { return next }))
	if err != nil {
		t.Fatalf("password and code: %v", err)
	}
	cb.Close()

	signer := newSigner(t)
	if _, _, err := p.svc.EnsureInitialAdmin(ctx, "admin", "care@example.ch", []string{authorizedLine(signer, "care@desk")}); err != nil {
		t.Fatal(err)
	}
	ca, err := p.dial("admin", gossh.PublicKeys(signer))
	if err != nil {
		t.Fatal(err)
	}
	ca.Close()

	cf, err := p.dial("forgot", gossh.Password("anything"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, code := run(t, cf, "whoami"); code != 1 {
		t.Errorf("a command in the forgot flow: exit %d", code)
	}
	cf.Close()

	for _, tc := range []struct {
		method, outcome string
		want            float64
	}{
		{metrics.MethodPassword, metrics.OutcomeSuccess, 2}, // alice, bob's first step
		{metrics.MethodPassword, metrics.OutcomeFailure, 1},
		{metrics.MethodTOTP, metrics.OutcomeSuccess, 1},
		{metrics.MethodPublicKey, metrics.OutcomeSuccess, 1},
		{metrics.MethodKeyboard, metrics.OutcomeSuccess, 0},
	} {
		if got := logins(t, m, tc.method, tc.outcome); got != tc.want {
			t.Errorf("logins %s %s = %v, want %v", tc.method, tc.outcome, got, tc.want)
		}
	}
	if got := series(t, m, "sipdesk_auth_duration_seconds", map[string]string{"method": metrics.MethodPassword}); got != 3 {
		t.Errorf("password answers timed: %v, want 3", got)
	}
	for kind, want := range map[string]float64{metrics.KindCommand: 1, metrics.KindSFTP: 1, metrics.KindForgot: 1, metrics.KindTUI: 0} {
		if got := sessionsTotal(t, m, kind); got != want {
			t.Errorf("%s sessions: %v, want %v", kind, got, want)
		}
	}
	waitUntil := time.Now().Add(20 * time.Second)
	for series(t, m, "sipdesk_sessions_open", map[string]string{"kind": metrics.KindSFTP, "region": "ch"}) != 0 {
		if time.Now().After(waitUntil) {
			t.Fatal("the closed sftp session is still counted as open")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
