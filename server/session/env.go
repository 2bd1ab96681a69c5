package session

import (
	"context"
	"log/slog"
	"net"

	"github.com/charmbracelet/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// Env is one session's environment: everything a command, a transfer or
// the TUI door needs, built once by the server's session middleware after
// the identity checks. It is a plain struct passed by pointer, not a
// context used as a service locator: a handler's signature says what it
// may use.
type Env struct {
	Svc      *portal.Service
	Log      *slog.Logger
	Sess     ssh.Session
	Account  db.Account // the verified, enabled account of the session
	Identity Identity   // how the connection authenticated
	Listener config.Listener
	// SetQuit registers how the session's full-screen program ends when
	// the session is ended from elsewhere (a password change, a disabled
	// account). Nil for sessions that cannot be ended that way.
	SetQuit func(quit func())
	// LiveID is the session's row in the store's live sessions ("" if it
	// could not be recorded): "this session" in the Sessions list.
	LiveID string
	// EndConnection is set by a command whose success ends the session's
	// SSH connection (it removed the key the connection logged in with):
	// the server closes the connection once the command's exit status is
	// sent, so a multiplexing client keeps no connection of a removed key.
	EndConnection bool
}

// Ctx is the session's context: cancelled when the session closes.
func (e *Env) Ctx() context.Context { return e.Sess.Context() }

// Remote is the client's IP address, as audited and shown.
func (e *Env) Remote() string { return SourceIP(e.Sess.RemoteAddr()) }

// SourceIP is the IP address of a connection's remote end.
func SourceIP(addr net.Addr) string {
	if ta, ok := addr.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// ShortErr shortens an error for a log line.
func ShortErr(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return msg
}

// Voice is how the portal speaks to this session's customer: the account's
// language setting, else the client's LANG, else the region's default, and
// local time (portal.Service.VoiceOf). A store error falls back to the
// client's locale and the region, so a session is never refused for it.
func (e *Env) Voice() portal.Voice {
	v, err := e.Svc.VoiceOf(e.Ctx(), e.Account, e.Sess.Environ())
	if err != nil {
		e.Log.Warn("load language settings", "account", e.Account.UserID, "err", ShortErr(err))
		return portal.FlowVoice(e.Account.Region, e.Sess.Environ())
	}
	return v
}
