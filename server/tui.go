package server

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/tui"
)

// runTUI runs the portal's Bubble Tea program on the session until the user
// quits, the session closes, or the session is ended from elsewhere.
func (s *Server) runTUI(sess ssh.Session, acct db.Account, l Listener, live *liveSession) {
	pty, winCh, _ := sess.Pty()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()

	renderer := sessionRenderer(sess, pty.Term)
	app := tui.New(tui.Common{
		Ctx: ctx, Svc: s.svc, Account: acct, Styles: tui.NewStyles(renderer),
		Host: l.PublicHost, Port: l.PublicPort,
	})
	p := tea.NewProgram(app,
		tea.WithInput(sess), tea.WithOutput(sess),
		tea.WithAltScreen(),
		tea.WithContext(ctx),
		// A session is not the server's terminal: no signal handling.
		tea.WithoutSignalHandler(),
		// The renderer flushes at most FPS times a second, and only when
		// the view changed.
		tea.WithFPS(s.cfg.FPS),
	)
	live.setQuit(p.Quit)
	go func() {
		p.Send(tea.WindowSizeMsg{Width: pty.Window.Width, Height: pty.Window.Height})
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-winCh:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		s.log.Warn("tui ended with error", "account", acct.UserID, "err", shortErr(err))
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
