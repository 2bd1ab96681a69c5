package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// ForgotModel is the forgot-password form (ssh forgot@host).
type ForgotModel struct {
	c    FlowCommon
	f    *form
	done bool
	busy bool
}

// NewForgot builds the form for the portal's region.
func NewForgot(c FlowCommon) *ForgotModel {
	m := &ForgotModel{c: c, f: newForm("send")}
	if c.Region == portal.RegionAT {
		m.f.add("User ID", newInput())
	}
	email := newInput()
	email.Placeholder = "name@example.com"
	m.f.add("Email address", email)
	return m
}

type forgotDoneMsg struct{}

// Init focuses the first field.
func (m *ForgotModel) Init() tea.Cmd { return m.f.start() }

// Update handles keys and the request's completion.
func (m *ForgotModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
	case forgotDoneMsg:
		m.busy, m.done = false, true
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" || msg.String() == "esc" || (m.done && msg.String() == "q") {
			return m, tea.Quit
		}
		if m.done || m.busy {
			return m, nil
		}
		submit, cmd := m.f.update(msg)
		if !submit {
			return m, cmd
		}
		m.busy = true
		c := m.c
		userID := ""
		if c.Region == portal.RegionAT {
			userID = m.f.value(0)
		}
		email := m.f.value(len(m.f.inputs) - 1)
		return m, func() tea.Msg {
			// The answer is the same whatever happened; failures are logged.
			if err := c.Svc.ForgotPassword(c.Ctx, c.Region, userID, email, c.Source); err != nil {
				c.Svc.Log.Error("forgot password", "err", err)
			}
			return forgotDoneMsg{}
		}
	}
	return m, nil
}

// ForgotAnswer is the one answer to every forgot-password request.
func ForgotAnswer(care string) string {
	return "If the data you entered matches an account, a link to set a new password is on its way to the " +
		"email address stored in the account. It arrives within a few minutes and works once.\n\n" +
		"If you do not know your user ID or the email address stored in your account, contact customer " +
		"care at " + care + " and give as much personal data as you can so that we can verify you."
}

// View draws the form or the answer.
func (m *ForgotModel) View() string {
	s, c := m.c.Styles, m.c.Common
	var b strings.Builder
	b.WriteString(s.Title.Render("Forgot your password?") + "\n")
	if m.done {
		b.WriteString(prose(c, ForgotAnswer(c.Svc.Cfg.CareEmail)) + "\n\n" + s.Muted.Render("q quit"))
		return flowFrame(c, b.String())
	}
	if m.c.Region == portal.RegionAT {
		b.WriteString(prose(c, "Enter your user ID and the email address stored in your account.") + "\n\n")
	} else {
		b.WriteString(prose(c, "Enter the email address you log in with.") + "\n\n")
	}
	b.WriteString(m.f.view())
	if m.busy {
		b.WriteString(s.Muted.Render("Sending...") + "\n")
	}
	b.WriteString("\n" + formHints(s, m.f))
	return flowFrame(c, b.String())
}
