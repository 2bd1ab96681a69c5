package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
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
	welcome bool // the account's first password
}

// NewReset builds the form for a valid token's account; with 2FA on it
// also asks for a code.
func NewReset(c FlowCommon, token string, acct db.Account) *ResetModel {
	// An account that never had a password came through its welcome link:
	// it sets its first password, it does not change one.
	m := &ResetModel{c: c, token: token, acct: acct, f: newForm("save"), welcome: acct.PasswordHash.String == ""}
	m.f.add(c.T("reset.field_new"), newSecretInput(c.Styles, c.T("form.ph_new")))
	m.f.add(c.T("reset.field_repeat"), newSecretInput(c.Styles, c.T("form.ph_repeat")))
	if acct.TOTPEnabled {
		m.f.add(c.T("reset.field_code"), newInput(c.Styles, c.T("reset.code_placeholder")))
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
			m.err = userError(m.c.Common, msg.err)
			if len(m.f.inputs) == 3 {
				m.f.clear(2)
			}
		}
	case tea.KeyMsg:
		if key.Matches(msg, flowKeys.Leave) || ((m.done || m.invalid) && key.Matches(msg, flowKeys.Close)) {
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
	title, done := c.T("reset.title"), c.T("reset.done")
	if m.welcome {
		title, done = c.T("reset.title_welcome"), c.T("reset.done_welcome")
	}
	b.WriteString(s.Title.Render(title) + "\n")
	switch {
	case m.done:
		b.WriteString(s.OK.Render(done) + "\n\n")
		b.WriteString(c.T("reset.login_with") + "\n")
		b.WriteString(copyCommand(c, commandWidth(c), c.Width,
			fmt.Sprintf("ssh -p %d %s@%s", c.Port, m.acct.UserID, c.Host),
			fmt.Sprintf("ssh -p%s%d -l%s%s %s", optionJoin, c.Port, optionJoin, m.acct.UserID, c.Host)) + "\n\n")
		b.WriteString(s.Muted.Render("q " + c.T("key.quit")))
		return flowFrame(c, b.String())
	case m.invalid:
		b.WriteString(InvalidLinkText(c.V(), c.Host, c.Port) + "\n\n" + s.Muted.Render("q "+c.T("key.quit")))
		return flowFrame(c, b.String())
	}
	// The user ID on a line of its own: prose would wrap it at a hyphen.
	b.WriteString(strings.TrimSpace(strings.TrimSuffix(c.T("reset.for_account", ""), ".")) + "\n  " + ansi.Truncate(m.acct.UserID, flowWidth(c)-2, "…") + "\n\n")
	b.WriteString(m.f.view())
	b.WriteString("\n" + prose(c, passwordChecklist(c, m.f.value(0), m.f.value(1))))
	if m.err != "" {
		b.WriteString("\n" + s.Error.Width(flowWidth(c)).Render(m.err) + "\n")
	}
	if m.busy {
		b.WriteString(s.Muted.Render(c.T("state.saving")) + "\n")
	}
	b.WriteString("\n" + formHints(c, m.f))
	return flowFrame(c, b.String())
}
