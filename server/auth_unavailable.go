package server

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// unavailableBanner is what a person sees when a login fails for the
// server's reasons (the store is down, stuck or full): not their password,
// so they should neither retry it nor ask for a reset.
const unavailableBanner = "sipdesk: the portal has a problem, try again in a few minutes.\n"

// unavailable refuses a login that could not be evaluated: the detail goes
// to the log as an error (operators must see a dead store), the person
// gets the banner instead of a bare "Permission denied". portal does not
// count such an attempt toward the account's lockout.
func (a *authenticator) unavailable(err error) error {
	a.log.Error("login failed for the server's reasons", "err", err)
	return &gossh.BannerError{Err: errDenied, Message: unavailableBanner}
}

// adminKeyRefusal maps AdminForKey's error: a key that is not an admin's
// is a plain refusal, anything else is the store's failure.
func (a *authenticator) adminKeyRefusal(err error) error {
	if errors.Is(err, portal.ErrNotAdminKey) {
		return errDenied
	}
	return a.unavailable(err)
}

// unavailableSession ends a session that the store could not open after
// the login (its account could not be read): the person is told it is
// the server's problem, not asked to log in again.
func (s *Server) unavailableSession(sess ssh.Session, err error) {
	ref := s.svc.Internal(err, "open a session")
	_, _ = fmt.Fprintf(sess.Stderr(), "sipdesk: %s\n", ref.Error())
	_ = sess.Exit(cmdkit.ExitEnded)
	_ = sess.Close()
}
