// Package door is what a session with a terminal gets: the portal's Bubble
// Tea program or an account-less form, drawn by a screen renderer that
// paints only what changed (see screen.go for why it replaces Bubble Tea's).
package door

import (
	"context"
	"log/slog"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
	"github.com/sipdesk/sipdesk/tui"
	"github.com/sipdesk/sipdesk/tui/care"
)

// Door opens what a session with a terminal gets: the portal's Bubble Tea
// program, or an account-less form (forgot password, reset link).
type Door struct {
	svc *portal.Service
	log *slog.Logger
	fps int // the screen's frame-rate cap
	// StoreTimeout bounds each store call of a TUI page (--store-timeout).
	StoreTimeout time.Duration
}

// New makes the door of a replica.
func New(svc *portal.Service, log *slog.Logger, fps int) *Door {
	return &Door{svc: svc, log: log, fps: fps}
}

// RunTUI runs the portal's Bubble Tea program on the session until the user
// quits, the session closes, or the session is ended from elsewhere. An
// admin session (session.IsAdmin: the admin role and a registered key)
// gets the customer-care terminal instead.
func (s *Door) RunTUI(env *session.Env) {
	sess, acct, l := env.Sess, env.Account, env.Listener
	pty, _, _ := sess.Pty()
	out := tui.NewOutput(sess)
	if session.IsAdmin(env.Identity, acct) {
		s.runProgram(sess, out, env.SetQuit, acct.UserID, func(ctx context.Context) tea.Model {
			return care.New(care.Common{Ctx: ctx, Svc: s.svc, Styles: tui.NewStyles(sessionRenderer(sess, pty.Term)),
				// The same actor as `admin ...`, so the audit names the
				// admin and the address exactly as the command does.
				Actor: portal.CareActor{Admin: acct, Remote: sess.RemoteAddr().String(), Session: sess.Context().SessionID()}})
		})
		return
	}
	voice := env.Voice()
	s.runProgram(sess, out, env.SetQuit, acct.UserID, func(ctx context.Context) tea.Model {
		return tui.New(tui.Common{
			Ctx: ctx, Svc: s.svc, Account: acct, Styles: tui.NewStyles(sessionRenderer(sess, pty.Term)),
			Host: l.PublicHost, Port: l.PublicPort, SessionID: sess.Context().SessionID(), Out: out,
			Remote: session.SourceIP(sess.RemoteAddr()), LiveID: env.LiveID, StoreTimeout: s.StoreTimeout,
			Voice: voice, Environ: sess.Environ(),
		})
	})
}

// runProgram runs a Bubble Tea program on a session with a PTY: the TUI, or
// the forgot-password and reset forms. setQuit may be nil.
func (s *Door) runProgram(sess ssh.Session, out *tui.Output, setQuit func(func()), who string, model func(ctx context.Context) tea.Model) {
	pty, winCh, _ := sess.Pty()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	// Bubble Tea's standard renderer redraws on a ticker for as long as the
	// program runs, which is most of an idle server's CPU; the screen
	// draws only after a message changed the view (see screen.go).
	scr := newScreen(out, s.fps)
	defer scr.close()
	// The size of the pty request is the model's before it starts, so that
	// Bubble Tea's first View, at start, is already the first frame: as a
	// message it would reach the model only after a goroutine switch and a
	// trip through the program's event loop, each a wait when the server
	// is busy.
	// A command the size gives runs with Init's, inside the program.
	sm := &screenModel{inner: model(ctx), screen: scr}
	sized := pty.Window.Width > 0 && pty.Window.Height > 0
	if sized {
		_, sm.initCmd = sm.Update(tea.WindowSizeMsg{Width: pty.Window.Width, Height: pty.Window.Height})
	}
	p := tea.NewProgram(sm,
		tea.WithInput(sess), tea.WithOutput(out),
		tea.WithoutRenderer(),
		tea.WithContext(ctx),
		// A session is not the server's terminal: no signal handling.
		tea.WithoutSignalHandler(),
	)
	if setQuit != nil {
		setQuit(p.Quit)
	}
	go func() {
		last := pty.Window
		if !sized { // a pty without a size: the model learns it as before
			p.Send(tea.WindowSizeMsg{Width: last.Width, Height: last.Height})
		}
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-winCh:
				if !ok {
					return
				}
				// The channel first repeats the size of the pty request,
				// sent above already.
				if w.Width == last.Width && w.Height == last.Height {
					continue
				}
				last = w
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		s.log.Warn("tui ended with error", "account", who, "err", session.ShortErr(err))
	}
}

// sessionRenderer makes a lipgloss renderer for the client's terminal, from
// the TERM and COLORTERM the client sent. It does not query the terminal's
// background colour: that round trip would delay the first frame.
func sessionRenderer(sess ssh.Session, term string) *lipgloss.Renderer {
	env := append([]string{"TERM=" + term}, sess.Environ()...)
	r := lipgloss.NewRenderer(sess, termenv.WithEnvironment(sshEnv(env)), termenv.WithUnsafe(), termenv.WithColorCache(true))
	if term == "" || term == "dumb" {
		r.SetColorProfile(termenv.Ascii)
	}
	r.SetHasDarkBackground(true)
	return r
}

type sshEnv []string

func (e sshEnv) Environ() []string { return e }

func (e sshEnv) Getenv(k string) string {
	for _, v := range e {
		if strings.HasPrefix(v, k+"=") {
			return v[len(k)+1:]
		}
	}
	return ""
}
