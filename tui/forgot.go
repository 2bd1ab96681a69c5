package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// ForgotModel is the forgot-password form (ssh forgot@host).
type ForgotModel struct {
	c    FlowCommon
	f    *form
	done bool
	busy bool
	bad  bool // the address typed is not one
}

// NewForgot builds the form for the portal's region.
func NewForgot(c FlowCommon) *ForgotModel {
	m := &ForgotModel{c: c, f: newForm("send")}
	if c.Region == portal.RegionAT {
		m.f.add(c.T("forgot.field_user_id"), newInput(c.Styles, ""))
	}
	m.f.add(c.T("forgot.field_email"), newInput(c.Styles, m.emailExample()))
	return m
}

// emailExample is how the email field's placeholder and its refusal write
// an address: at the example domain of the portal's region, so the two
// agree.
func (m *ForgotModel) emailExample() string {
	domain := "example.ch"
	if m.c.Region == portal.RegionAT {
		domain = "example.at"
	}
	return m.c.T("forgot.email_example", domain)
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
		if key.Matches(msg, flowKeys.Leave) || (m.done && key.Matches(msg, flowKeys.Close)) {
			return m, tea.Quit
		}
		if m.done || m.busy {
			return m, nil
		}
		submit, cmd := m.f.update(msg)
		if !submit {
			return m, cmd
		}
		c := m.c
		userID := ""
		if c.Region == portal.RegionAT {
			userID = m.f.value(0)
		}
		email := m.f.value(len(m.f.inputs) - 1)
		// Only the form of the address is checked here: every well-formed
		// one still gets the same answer, so nobody learns which exist.
		if !portal.LooksLikeEmail(email) {
			m.bad = true
			return m, nil
		}
		m.busy, m.bad = true, false
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

// ForgotAnswer is the one answer to every well-formed forgot-password
// request, in the voice's language.
func ForgotAnswer(v portal.Voice, care string) string {
	return v.T("forgot.answer") + "\n\n" + v.T("forgot.unknown_data", care)
}

// View draws the form or the answer.
func (m *ForgotModel) View() string {
	s, c := m.c.Styles, m.c.Common
	var b strings.Builder
	b.WriteString(s.Title.Render(c.T("forgot.title")) + "\n")
	if m.done {
		b.WriteString(prose(c, ForgotAnswer(c.V(), c.Svc.Cfg.CareEmailFor(m.c.Region))) + "\n\n" + s.Muted.Render("q "+c.T("key.quit")))
		return flowFrame(c, b.String())
	}
	if m.c.Region == portal.RegionAT {
		b.WriteString(prose(c, c.T("forgot.intro_at")) + "\n\n")
	} else {
		b.WriteString(prose(c, c.T("forgot.intro_ch")) + "\n\n")
	}
	b.WriteString(m.f.view())
	if m.bad {
		b.WriteString(s.Error.Width(flowWidth(c)).Render(c.T("forgot.bad_email", m.emailExample())) + "\n")
	}
	if m.busy {
		b.WriteString(s.Muted.Render(c.T("state.sending")) + "\n")
	}
	b.WriteString("\n" + formHints(c, m.f))
	return flowFrame(c, b.String())
}
