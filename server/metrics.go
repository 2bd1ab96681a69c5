package server

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
)

// observed runs one authentication step and counts it in the metrics by
// method and outcome, with the time the server took to answer: the time a
// keyboard-interactive prompt waits for the person typing is left out, so
// the histogram shows the hashing pool and the store, not typing speed.
// A prompt the client never answered and the password-less flow logins
// (forgot, reset links) are not logins and are not counted. The same time
// is kept from the connection's idle watch (idleConn.authStep).
func (a *authenticator) observed(ctx context.Context, method string, c gossh.ConnMetadata, ch gossh.KeyboardInteractiveChallenge,
	step func(gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error)) (*gossh.Permissions, error) {
	start := time.Now()
	var waited time.Duration
	var unanswered bool
	if ch != nil {
		prompt := ch
		ch = func(name, instruction string, questions []string, echos []bool) ([]string, error) {
			t0 := time.Now()
			answers, err := prompt(name, instruction, questions, echos)
			waited += time.Since(t0)
			unanswered = unanswered || err != nil
			return answers, err
		}
	}
	// The step's own time is the server's, not the client's idleness.
	ic, _ := ctx.Value(idleKey{}).(*idleConn)
	perms, err := ic.authStep(ch, step)
	if !unanswered && !isFlowUser(c.User()) {
		a.svc.Metrics.Login(method, authOutcome(err), time.Since(start)-waited)
	}
	return perms, err
}

// authOutcome is the metrics outcome of an authentication step's answer:
// a partial success (the password was right, a code follows) is a success
// of that step; a refusal carries the portal's cause (causeError).
func authOutcome(err error) string {
	var partial *gossh.PartialSuccessError
	if errors.As(err, &partial) {
		n := partial.Next
		if n.PasswordCallback == nil && n.PublicKeyCallback == nil && n.KeyboardInteractiveCallback == nil && n.GSSAPIWithMICConfig == nil {
			return metrics.OutcomeFailure // endLogin: a refusal that ends the login with a message
		}
		return metrics.OutcomeSuccess
	}
	if err == nil {
		return metrics.OutcomeSuccess
	}
	if out := portal.LoginOutcome(err); out != metrics.OutcomeError || !errors.Is(err, errDenied) {
		return out
	}
	var cause *causeError
	if errors.As(err, &cause) {
		return metrics.OutcomeError // errDenied in front of an internal error
	}
	return metrics.OutcomeFailure // a plain refusal: wrong key, other region
}

// causeError is a refusal as the client sees it (errDenied or a banner)
// together with the portal's reason, which only the metrics read.
type causeError struct{ shown, cause error }

func (e *causeError) Error() string   { return e.shown.Error() }
func (e *causeError) Unwrap() []error { return []error{e.shown, e.cause} }

// withCause keeps cause behind the refusal the client sees.
func withCause(shown, cause error) error { return &causeError{shown: shown, cause: cause} }

// isFlowUser reports whether a user name opens a password-less flow.
func isFlowUser(name string) bool {
	name = strings.ToLower(name)
	return name == forgotUser || strings.HasPrefix(name, resetPrefix)
}

// sessionMetricKind is the metrics kind of a session with an account:
// the sftp subsystem, legacy scp, another command, or the TUI (a session
// without a terminal gets only an explanation, and counts as one too).
func sessionMetricKind(sess ssh.Session) string {
	switch cmd := sess.Command(); {
	case sess.Subsystem() == "sftp":
		return metrics.KindSFTP
	case len(cmd) > 0 && cmd[0] == "scp":
		return metrics.KindSCP
	case len(cmd) > 0:
		return metrics.KindCommand
	}
	return metrics.KindTUI
}

// flowMetricKind is the metrics kind of a password-less flow's session.
func flowMetricKind(f session.Flow) string {
	if f.Kind == "reset" {
		return metrics.KindReset
	}
	return metrics.KindForgot
}
