package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/admincli"
	"github.com/sipdesk/sipdesk/server/cli"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/session"
)

// chain is the session middleware, outermost first: recover from panics,
// establish the verified identity, register the session, log it, and open
// what the session asked for (TUI, command or admin command).
func (s *Server) chain(l config.Listener) ssh.Handler {
	return s.recoverMW(l, s.identityMW(l, s.open))
}

// sftp is the "sftp" subsystem (OpenSSH's sftp, and its scp since version
// 9): the same recovery and identity checks as every session, then the
// music tree; it never opens the door, a subsystem session has no command.
func (s *Server) sftp(l config.Listener) ssh.SubsystemHandler {
	return ssh.SubsystemHandler(s.recoverMW(l, s.identityMW(l, s.music.ServeSFTP)))
}

// sessionHandler is a handler of a session whose identity was verified.
type sessionHandler func(env *session.Env)

// recoverMW turns a panic in one session into the end of that session only,
// told in the session's language.
func (s *Server) recoverMW(l config.Listener, next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic in session", "remote", sess.RemoteAddr().String(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				_, _ = fmt.Fprintln(sess.Stderr(), "sipdesk: "+s.panicNotice(sess, l))
				// An internal error, not a usage error: the command was fine.
				_ = sess.Exit(cmdkit.ExitError)
				_ = sess.Close()
			}
		}()
		next(sess)
	}
}

// panicNotice is the end of a session that panicked, in the language the
// session speaks: the account's setting, else the client's LANG, else the
// region's (sessionVoice). The panic may have come before the account was
// known, so it is looked up again here; a session without a verified
// account (a form before login) gets the bilingual pre-login text.
func (s *Server) panicNotice(sess ssh.Session, l config.Listener) string {
	if id, err := session.IdentityOf(sess.Context()); err == nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(sess.Context()), s.storeTimeout())
		acct, err := s.svc.Account(ctx, id.AccountID)
		cancel()
		if err == nil {
			return s.sessionVoice(sess, acct, l).T("session.internal_error")
		}
	}
	return sessionBilingual(sess, l, "session.internal_error")
}

// identityMW admits only sessions whose connection carries a verified
// identity, whose user name is the one that authenticated, and whose account
// still exists and is enabled.
func (s *Server) identityMW(l config.Listener, next sessionHandler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		if flow, ok := session.FlowOf(sess.Context()); ok {
			if sess.User() != flow.LoginName {
				s.deny(sess, l, "user name changed during authentication", nil)
				return
			}
			defer s.svc.Metrics.SessionOpened(flowMetricKind(flow), l.Region)()
			s.runFlow(sess, flow, l)
			// One form per connection: once it is done, so is the connection,
			// after its client had a moment to close it itself.
			if gc, ok := sess.Context().Value(graceKey{}).(*graceConn); ok {
				gc.formDone(formLinger)
			}
			return
		}
		id, err := session.IdentityOf(sess.Context())
		if err != nil {
			s.deny(sess, l, "not authenticated", err)
			return
		}
		// A client may try one user name, then authenticate as another. The
		// session belongs to the name that authenticated; sess.User() is the
		// first one tried. If they differ, close rather than guess.
		if sess.User() != id.LoginName {
			s.deny(sess, l, "user name changed during authentication", nil)
			return
		}
		ctx, cancel := context.WithTimeout(sess.Context(), s.storeTimeout())
		acct, err := s.svc.Account(ctx, id.AccountID)
		cancel()
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			s.unavailableSession(sess, l, err)
			return
		}
		if err != nil || acct.Disabled {
			if err == nil {
				err = errors.New("account disabled")
			}
			s.deny(sess, l, "account unavailable", err)
			return
		}
		conn := s.sessions.conn(sess.Context().SessionID())
		if conn == nil {
			s.deny(sess, l, "connection not registered", nil)
			return
		}
		if acct.SessionEpoch > conn.currentEpoch() {
			conn.end(portal.SessionsEndedReason)
			return
		}
		live, ok := conn.addSession(sess)
		if !ok {
			s.deny(sess, l, "connection ended", nil)
			return
		}
		defer conn.removeSession(live)
		voice := s.sessionVoice(sess, acct, l)
		live.setVoice(voice)
		conn.setVoice(voice)
		defer track(sess, live)()
		liveID, endLive, err := s.startLive(sess, id, live)
		if err != nil {
			// The key of this connection is gone: the whole connection ends,
			// and the person is told why.
			s.log.Info("session refused", "remote", sess.RemoteAddr().String(), "reason", "key removed")
			conn.end(portal.CustomerKeyRemovedReason)
			return
		}
		defer endLive()
		defer s.svc.Metrics.SessionOpened(sessionMetricKind(sess), l.Region)()
		kind := "tui"
		if len(sess.Command()) > 0 {
			kind = "command"
		} else if sess.Subsystem() != "" {
			kind = sess.Subsystem()
		}
		s.log.Info("session start", "remote", sess.RemoteAddr().String(), "account", acct.UserID, "region", l.Region, "kind", kind)
		next(&session.Env{Svc: s.svc, Log: s.log, Sess: s.touching(sess, liveID), Account: acct, Identity: id, Listener: l, SetQuit: live.setQuit, LiveID: liveID})
		s.log.Info("session end", "remote", sess.RemoteAddr().String(), "account", acct.UserID, "kind", kind,
			"duration", time.Since(start).Round(time.Millisecond).String())
	}
}

func (s *Server) deny(sess ssh.Session, l config.Listener, reason string, err error) {
	s.log.Warn("session refused", "remote", sess.RemoteAddr().String(), "reason", reason, "err", session.ShortErr(err))
	_, _ = fmt.Fprintln(sess.Stderr(), "sipdesk: "+sessionBilingual(sess, l, "session.denied"))
	_ = sess.Exit(cmdkit.ExitError)
	_ = sess.Close()
}

// sessionHook, when set by a test, runs before a session's door opens.
var sessionHook func(sess ssh.Session)

// open decides what a session gets: a command runs the command, a terminal
// without a command gets the TUI, and neither gets a one-line explanation.
func (s *Server) open(env *session.Env) {
	sess, acct, l := env.Sess, env.Account, env.Listener
	if sessionHook != nil {
		sessionHook(sess)
	}
	_, _, isPty := sess.Pty()
	switch {
	case len(sess.Command()) > 0 && sess.Command()[0] == "admin":
		_ = sess.Exit(admincli.Run(env))
	case len(sess.Command()) > 0:
		_ = sess.Exit(cli.Run(env, s.music))
		if env.EndConnection {
			_ = sess.Close()
			closeConnection(sess)
		}
	case isPty:
		s.door.RunTUI(env)
		exitTUI(sess)
	default:
		tui := fmt.Sprintf("ssh -t -p %d %s@%s", l.PublicPort, acct.UserID, l.PublicHost)
		help := fmt.Sprintf("ssh -p %d %s@%s help", l.PublicPort, acct.UserID, l.PublicHost)
		_, _ = fmt.Fprintln(sess.Stderr(), env.Voice().T("session.needs_terminal", tui, help))
		_ = sess.Exit(cmdkit.ExitError)
	}
}

// sessionVoice is the language a session is told its end in: the
// account's setting, else the client's LANG, else the region's. A store
// that cannot say falls back to the latter two; the session still opens.
func (s *Server) sessionVoice(sess ssh.Session, acct db.Account, l config.Listener) portal.Voice {
	ctx, cancel := context.WithTimeout(sess.Context(), s.storeTimeout())
	defer cancel()
	v, err := s.svc.VoiceOf(ctx, acct, sess.Environ())
	if err != nil {
		return portal.FlowVoice(l.Region, sess.Environ())
	}
	return v
}
