package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// FlowCommon is what the two programs that run without a login need: the
// forgot-password form and the reset-link form.
type FlowCommon struct {
	Common
	Region string // the portal's region: CH asks only the email, AT also the user ID
	Source string // remote address, for throttling
}

// form is a column of labelled inputs with focus handling.
type form struct {
	labels []string
	inputs []textinput.Model
	focus  int
}

func (f *form) add(label string, in textinput.Model) {
	f.labels = append(f.labels, label)
	f.inputs = append(f.inputs, in)
}

func (f *form) focusOn(i int) tea.Cmd {
	for j := range f.inputs {
		f.inputs[j].Blur()
	}
	f.focus = i
	return f.inputs[i].Focus()
}

// key moves focus on tab/shift+tab and types into the focused input; it
// reports enter on the last field as submit.
func (f *form) key(msg tea.KeyMsg) (submit bool, cmd tea.Cmd) {
	switch msg.String() {
	case "tab", "down":
		return false, f.focusOn((f.focus + 1) % len(f.inputs))
	case "shift+tab", "up":
		return false, f.focusOn((f.focus + len(f.inputs) - 1) % len(f.inputs))
	case "enter":
		if f.focus < len(f.inputs)-1 {
			return false, f.focusOn(f.focus + 1)
		}
		return true, nil
	}
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	return false, cmd
}

func (f *form) view(labelWidth int) string {
	var b strings.Builder
	for i, l := range f.labels {
		fmt.Fprintf(&b, "%-*s %s\n", labelWidth, l, f.inputs[i].View())
	}
	return b.String()
}

// flowFrame centres a flow's text in the terminal under the brand.
func flowFrame(c Common, body string) string {
	s := c.Styles
	text := s.Brand.Render(c.Svc.Cfg.Brand) + "\n\n" + body
	if c.Width == 0 {
		return text
	}
	box := lipgloss.NewStyle().Width(min(c.Width-4, 76)).Render(text)
	return lipgloss.Place(c.Width, c.Height, lipgloss.Center, lipgloss.Center, box)
}

// ForgotModel is the forgot-password form (ssh forgot@host).
type ForgotModel struct {
	c    FlowCommon
	f    form
	done bool
	busy bool
}

// NewForgot builds the form for the portal's region.
func NewForgot(c FlowCommon) *ForgotModel {
	m := &ForgotModel{c: c}
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
func (m *ForgotModel) Init() tea.Cmd { return m.f.focusOn(0) }

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
		submit, cmd := m.f.key(msg)
		if !submit {
			return m, cmd
		}
		m.busy = true
		c := m.c
		userID := ""
		if c.Region == portal.RegionAT {
			userID = m.f.inputs[0].Value()
		}
		email := m.f.inputs[len(m.f.inputs)-1].Value()
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
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Forgot your password?") + "\n")
	if m.done {
		b.WriteString(ForgotAnswer(m.c.Svc.Cfg.CareEmail) + "\n\n" + s.Muted.Render("q quit"))
		return flowFrame(m.c.Common, b.String())
	}
	if m.c.Region == portal.RegionAT {
		b.WriteString("Enter your user ID and the email address stored in your account.\n\n")
	} else {
		b.WriteString("Enter the email address you log in with.\n\n")
	}
	b.WriteString(m.f.view(14))
	if m.busy {
		b.WriteString(s.Muted.Render("Sending...") + "\n")
	}
	b.WriteString("\n" + s.Muted.Render("tab next field • enter send • esc cancel"))
	return flowFrame(m.c.Common, b.String())
}

// ResetModel sets a new password through a reset or set-password link
// (ssh reset+TOKEN@host).
type ResetModel struct {
	c       FlowCommon
	token   string
	acct    db.Account
	f       form
	err     string
	done    bool
	invalid bool
	busy    bool
}

// NewReset builds the form for a valid token's account; with 2FA on it
// also asks for a code.
func NewReset(c FlowCommon, token string, acct db.Account) *ResetModel {
	m := &ResetModel{c: c, token: token, acct: acct}
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
func (m *ResetModel) Init() tea.Cmd { return m.f.focusOn(0) }

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
				m.f.inputs[2].SetValue("")
			}
		}
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" || msg.String() == "esc" || ((m.done || m.invalid) && msg.String() == "q") {
			return m, tea.Quit
		}
		if m.done || m.invalid || m.busy {
			return m, nil
		}
		submit, cmd := m.f.key(msg)
		if !submit {
			return m, cmd
		}
		m.busy, m.err = true, ""
		c, token := m.c, m.token
		pw, repeat, code := m.f.inputs[0].Value(), m.f.inputs[1].Value(), ""
		if len(m.f.inputs) == 3 {
			code = m.f.inputs[2].Value()
		}
		return m, func() tea.Msg {
			return resetDoneMsg{err: c.Svc.CompleteReset(c.Ctx, token, pw, repeat, code, c.Source)}
		}
	}
	return m, nil
}

// View draws the form or the outcome.
func (m *ResetModel) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Set a new password") + "\n")
	switch {
	case m.done:
		b.WriteString(s.OK.Render("Your password was changed.") + "\n\n")
		fmt.Fprintf(&b, "Log in with it:  ssh -p %d %s@%s\n\n", m.c.Port, m.acct.UserID, m.c.Host)
		b.WriteString(s.Muted.Render("q quit"))
		return flowFrame(m.c.Common, b.String())
	case m.invalid:
		b.WriteString(InvalidLinkText(m.c.Host, m.c.Port) + "\n\n" + s.Muted.Render("q quit"))
		return flowFrame(m.c.Common, b.String())
	}
	fmt.Fprintf(&b, "For the account %s.\n\n", m.acct.UserID)
	b.WriteString(m.f.view(13))
	b.WriteString("\n" + passwordChecklist(s, m.f.inputs[0].Value(), m.f.inputs[1].Value()))
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(m.err) + "\n")
	}
	if m.busy {
		b.WriteString(s.Muted.Render("Saving...") + "\n")
	}
	b.WriteString("\n" + s.Muted.Render("tab next field • enter save • esc cancel"))
	return flowFrame(m.c.Common, b.String())
}

// InvalidLinkText is the one message for an unknown, expired or used link.
func InvalidLinkText(host string, port int) string {
	return fmt.Sprintf("This link is not valid: it has expired or was already used.\nAsk for a new one:  ssh -p %d forgot@%s", port, host)
}
