package server

import (
	"errors"
	"log/slog"
	"testing"

	gossh "golang.org/x/crypto/ssh"

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
		{"password right, code next", &gossh.PartialSuccessError{}, metrics.OutcomeSuccess},
		{"wrong password", a.refusal(portal.ErrLoginFailed), metrics.OutcomeFailure},
		{"wrong code", a.refusal(portal.ErrCodeInvalid), metrics.OutcomeFailure},
		{"old customer number", a.refusal(&portal.HintError{Err: portal.ErrLoginFailed, Hint: portal.HintOldCustomerNumber}), metrics.OutcomeFailure},
		{"locked", a.refusal(&portal.LockedError{}), metrics.OutcomeLocked},
		{"hashing pool full", a.refusal(portal.ErrBusy), metrics.OutcomeBusy},
		{"disabled", a.refusal(portal.ErrDisabled), metrics.OutcomeDisabled},
		{"store down", a.refusal(errors.New("connection refused")), metrics.OutcomeError},
		{"key of no admin", errDenied, metrics.OutcomeFailure},
		{"other region", &gossh.BannerError{Err: errDenied, Message: "CH portal"}, metrics.OutcomeFailure},
	} {
		if got := authOutcome(tc.err); got != tc.want {
			t.Errorf("%s: outcome %s, want %s", tc.name, got, tc.want)
		}
	}
	var banner *gossh.BannerError
	if err := a.refusal(portal.ErrDisabled); !errors.As(err, &banner) || !errors.Is(err, errDenied) || err.Error() != errDenied.Error() {
		t.Errorf("the client must see the banner and only %q: %v", errDenied, err)
	}
}
