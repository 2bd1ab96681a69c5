package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// ResetModel sets a new password through a reset or set-password link
// (ssh reset+TOKEN@host).
type ResetModel struct {
	c       FlowCommon
	token   string
	acct    db.Account
	f       *form
	err     string
	done    bool
	invalid bool
	busy    bool
}

// NewReset builds the form for a valid token's account; with 2FA on it
// also asks for a code.
func NewReset(c FlowCommon, token string, acct db.Account) *ResetModel {
	m := &ResetModel{c: c, token: token, acct: acct, f: newForm("save")}
	m.f.add("New password", newSecretInput("new password"))
	m.f.add("Repeat", newSecretInput("repeat new password"))
	if acct.TOTPEnabled {
		code := newInput()
		code.Placeholder = "code from your app, or a recovery code"
		m.f.add("2FA code", code)
	}
	return m
}

type resetDoneMsg struct{ err error }

// Init focuses the first field.
func (m *ResetModel) Init() tea.Cmd { return m.f.start() }

// Update handles keys and the reset's completion.
func (m *ResetModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
	case resetDoneMsg:
		m.busy = false
		switch {
		case msg.err == nil:
			m.done = true
		case errors.Is(msg.err, portal.ErrTokenInvalid):
			m.invalid = true
		default:
			m.err = userError(msg.err)
			if len(m.f.inputs) == 3 {
				m.f.clear(2)
			}
		}
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" || msg.String() == "esc" || ((m.done || m.invalid) && msg.String() == "q") {
			return m, tea.Quit
		}
		if m.done || m.invalid || m.busy {
			return m, nil
		}
		submit, cmd := m.f.update(msg)
		if !submit {
			return m, cmd
		}
		m.busy, m.err = true, ""
		c, token := m.c, m.token
		pw, repeat, code := m.f.value(0), m.f.value(1), ""
		if len(m.f.inputs) == 3 {
			code = m.f.value(2)
		}
		return m, func() tea.Msg {
			return resetDoneMsg{err: c.Svc.CompleteReset(c.Ctx, token, pw, repeat, code, c.Source)}
		}
	}
	return m, nil
}

// View draws the form or the outcome.
func (m *ResetModel) View() string {
	s, c := m.c.Styles, m.c.Common
	var b strings.Builder
	b.WriteString(s.Title.Render("Set a new password") + "\n")
	switch {
	case m.done:
		b.WriteString(s.OK.Render("Your password was changed.") + "\n\n")
		b.WriteString("Log in with it:\n")
		b.WriteString(copyLine(fmt.Sprintf("ssh -p %d %s@%s", c.Port, m.acct.UserID, c.Host), flowWidth(c)) + "\n\n")
		b.WriteString(s.Muted.Render("q quit"))
		return flowFrame(c, b.String())
	case m.invalid:
		b.WriteString(InvalidLinkText(c.Host, c.Port) + "\n\n" + s.Muted.Render("q quit"))
		return flowFrame(c, b.String())
	}
	// The user ID on a line of its own: prose would wrap it at a hyphen.
	b.WriteString("For the account\n  " + ansi.Truncate(m.acct.UserID, flowWidth(c)-2, "…") + "\n\n")
	b.WriteString(m.f.view())
	b.WriteString("\n" + prose(c, passwordChecklist(s, m.f.value(0), m.f.value(1))))
	if m.err != "" {
		b.WriteString("\n" + s.Error.Width(flowWidth(c)).Render(m.err) + "\n")
	}
	if m.busy {
		b.WriteString(s.Muted.Render("Saving...") + "\n")
	}
	b.WriteString("\n" + formHints(s, m.f))
	return flowFrame(c, b.String())
}
