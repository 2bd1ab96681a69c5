package server

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// unavailableBanner is what a person sees when a login fails for the
// server's reasons (the store is down, stuck or full): not their password,
// so they should neither retry it nor ask for a reset. Before the login
// the account is unknown: the region's language with the English line.
func unavailableBanner(region string) string {
	return "sipdesk: " + i18n.Bilingual(i18n.PreLogin(region), "error.unavailable") + "\n"
}

// unavailable refuses a login that could not be evaluated: the detail goes
// to the log as an error (operators must see a dead store), the person
// gets the banner instead of a bare "Permission denied". portal does not
// count such an attempt toward the account's lockout.
func (a *authenticator) unavailable(err error) error {
	a.log.Error("login failed for the server's reasons", "err", err)
	return &gossh.BannerError{Err: errDenied, Message: unavailableBanner(a.listener.Region)}
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
// the server's problem, not asked to log in again. The account's setting
// is unreadable too: the client's language, else the region's, with the
// English line.
func (s *Server) unavailableSession(sess ssh.Session, l config.Listener, err error) {
	ref := s.svc.Internal(err, "open a session")
	_, _ = fmt.Fprintf(sess.Stderr(), "sipdesk: %s\n", sessionBilingual(sess, l, "error.internal", ref.Ref))
	_ = sess.Exit(cmdkit.ExitEnded)
	_ = sess.Close()
}

// sessionBilingual is key's text for a session whose account's setting is
// not known: in the client's language (LANG), else the region's, followed
// by the English line unless that is English already.
func sessionBilingual(sess ssh.Session, l config.Listener, key string, args ...any) string {
	return i18n.Bilingual(portal.FlowVoice(l.Region, sess.Environ()).Locale(), key, args...)
}
