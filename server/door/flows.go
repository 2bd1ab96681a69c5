package door

import (
	"context"
	"fmt"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/session"
	"github.com/sipdesk/sipdesk/tui"
)

// RunFlow serves a session without an account: the forgot-password form or
// a reset link's form. Both need a terminal; commands are refused.
//
// setQuit registers how the form's program ends when the server ends the
// session (a restart, the idle timeout); setVoice tells the caller the
// language the form speaks, for that ending's notice. The caller sends
// the exit status once the form has ended: 0, or the server's reason.
func (s *Door) RunFlow(sess ssh.Session, flow session.Flow, l config.Listener, setQuit func(func()), setVoice func(portal.Voice)) {
	pty, _, isPty := sess.Pty()
	start := time.Now()
	s.log.Info("session start", "remote", sess.RemoteAddr().String(), "flow", flow.Kind, "region", l.Region)
	defer func() {
		s.log.Info("session end", "remote", sess.RemoteAddr().String(), "flow", flow.Kind,
			"duration", time.Since(start).Round(time.Millisecond).String())
	}()
	voice := portal.FlowVoice(l.Region, sess.Environ())
	if !isPty || len(sess.Command()) > 0 {
		_, _ = fmt.Fprintln(sess.Stderr(), "sipdesk: "+voice.T("login.needs_terminal", strconv.Itoa(l.PublicPort), redactFlowUser(flow), l.PublicHost))
		_ = sess.Exit(cmdkit.ExitError)
		return
	}
	out := tui.NewOutput(sess)
	fc := func(ctx context.Context) tui.FlowCommon {
		return tui.FlowCommon{
			Common: tui.Common{Ctx: ctx, Svc: s.svc, Styles: tui.NewStyles(sessionRenderer(sess, pty.Term)),
				Host: l.PublicHost, Port: l.PublicPort, Out: out, Voice: voice},
			Region: l.Region, Source: session.SourceIP(sess.RemoteAddr()),
		}
	}
	switch flow.Kind {
	case "forgot":
		s.runProgram(sess, out, setQuit, "forgot", func(ctx context.Context) tea.Model { return tui.NewForgot(fc(ctx)) })
	case "reset":
		acct, err := s.svc.ResetAccount(sess.Context(), flow.Token)
		if err != nil {
			_, _ = fmt.Fprintln(sess.Stderr(), tui.InvalidLinkText(voice, l.PublicHost, l.PublicPort))
			_ = sess.Exit(cmdkit.ExitError)
			return
		}
		// The token names the account: its language setting comes first,
		// then the client's LANG, then the account's region (not only the
		// portal's the link was opened at).
		if v, err := s.svc.VoiceOf(sess.Context(), acct, sess.Environ()); err == nil {
			voice = v
			setVoice(v)
		}
		s.runProgram(sess, out, setQuit, "reset", func(ctx context.Context) tea.Model {
			return tui.NewReset(fc(ctx), flow.Token, acct)
		})
	}
}

// redactFlowUser keeps reset tokens out of messages that might be logged.
func redactFlowUser(f session.Flow) string {
	if f.Kind == "reset" {
		return "reset+TOKEN"
	}
	return f.Kind
}
