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

// accountMode is what the My account page is doing.
type accountMode int

const (
	modeOverview   accountMode = iota
	modePassword               // the Change password card's form
	modeSetup                  // 2FA setup: QR code and setup key
	modeSetupCode              // 2FA setup: typing the first code
	modeCodes                  // recovery codes, shown once
	modeDeactivate             // 2FA off: password and code
	modeRegenerate             // new recovery codes: code
)

// accountPage is My account: the Change password card and two-factor
// authentication (setup with QR code, deactivation, recovery codes).
type accountPage struct {
	common Common
	mode   accountMode
	busy   bool
	notice string // last success, shown on the overview
	err    string // last failure, shown in the active form

	pw    [3]textinput.Model // current, new, repeat
	focus int

	setup  portal.TOTPSetup
	matrix [][]bool
	large  bool
	code   textinput.Model

	codes []string // fresh recovery codes, shown once
	left  int      // unused recovery codes
}

func newAccountPage(c Common) *accountPage {
	p := &accountPage{common: c}
	for i, ph := range []string{"current password", "new password", "repeat new password"} {
		p.pw[i] = newSecretInput(ph)
	}
	p.code = newInput()
	p.code.Placeholder = "123 456"
	p.code.CharLimit = 16
	return p
}

// newInput is a text input for a remote session. Its ctrl+v binding is
// off: it would read the clipboard of the server, not the customer's (the
// customer's terminal pastes by typing, which still works).
func newInput() textinput.Model {
	in := textinput.New()
	in.KeyMap.Paste.SetEnabled(false)
	return in
}

func newSecretInput(placeholder string) textinput.Model {
	in := newInput()
	in.Placeholder = placeholder
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 128
	return in
}

func (p *accountPage) Title() string      { return "My account" }
func (p *accountPage) SetCommon(c Common) { p.common = c }
func (p *accountPage) Capturing() bool    { return p.mode != modeOverview }

// FullScreen gives the QR code the whole terminal.
func (p *accountPage) FullScreen() bool { return p.mode == modeSetup || p.mode == modeSetupCode }

func (p *accountPage) Init() tea.Cmd { return p.loadLeft() }

// Messages of the page's store calls.
type (
	recoveryLeftMsg  struct{ n int }
	passwordDoneMsg  struct{ err error }
	totpActivatedMsg struct {
		codes []string
		err   error
	}
	totpDeactivateMsg struct{ err error }
	codesRenewedMsg   struct {
		codes []string
		err   error
	}
	accountReloadMsg struct {
		acct db.Account
		err  error
	}
)

func (p *accountPage) loadLeft() tea.Cmd {
	c := p.common
	if !c.Account.TOTPEnabled {
		return nil
	}
	return func() tea.Msg {
		n, err := db.RecoveryCodesLeft(c.Ctx, c.Svc.DB, c.Account.ID)
		if err != nil {
			return recoveryLeftMsg{n: -1}
		}
		return recoveryLeftMsg{n: n}
	}
}

// reload fetches the account after a change and tells every page.
func (p *accountPage) reload() tea.Cmd {
	c := p.common
	return func() tea.Msg {
		a, err := c.Svc.Account(c.Ctx, c.Account.ID)
		return accountReloadMsg{acct: a, err: err}
	}
}

func (p *accountPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	switch msg := msg.(type) {
	case recoveryLeftMsg:
		p.left = msg.n
		return p, nil
	case accountReloadMsg:
		if msg.err != nil {
			return p, nil
		}
		acct := msg.acct
		return p, tea.Batch(func() tea.Msg { return AccountChangedMsg{Account: acct} }, p.loadLeftFor(acct))
	case passwordDoneMsg:
		p.busy = false
		if msg.err != nil {
			p.err = userError(msg.err)
			return p, nil
		}
		p.resetPasswordForm()
		p.mode, p.notice = modeOverview, "Your password was changed. Your other sessions were ended; a confirmation mail is on its way."
		return p, p.reload()
	case totpActivatedMsg:
		p.busy = false
		if msg.err != nil {
			p.err = userError(msg.err)
			p.code.SetValue("")
			return p, nil
		}
		p.codes, p.mode, p.err = msg.codes, modeCodes, ""
		p.notice = "Two-factor authentication is on. Every login now asks for a code from your app."
		return p, p.reload()
	case totpDeactivateMsg:
		p.busy = false
		if msg.err != nil {
			p.err = userError(msg.err)
			return p, nil
		}
		p.resetPasswordForm()
		p.mode, p.notice = modeOverview, "Two-factor authentication is off."
		return p, p.reload()
	case codesRenewedMsg:
		p.busy = false
		if msg.err != nil {
			p.err = userError(msg.err)
			return p, nil
		}
		p.codes, p.mode, p.err = msg.codes, modeCodes, ""
		p.notice = "New recovery codes made; the old ones no longer work."
		return p, p.loadLeft()
	case tea.KeyMsg:
		if p.busy {
			return p, nil
		}
		return p.handleKey(msg)
	}
	return p, nil
}

func (p *accountPage) loadLeftFor(a db.Account) tea.Cmd {
	p.common.Account = a
	return p.loadLeft()
}

func (p *accountPage) handleKey(msg tea.KeyMsg) (Page, tea.Cmd) {
	k := msg.String()
	if k == "esc" && p.mode != modeOverview && p.mode != modeCodes {
		p.resetPasswordForm()
		p.code.SetValue("")
		p.mode, p.err = modeOverview, ""
		return p, nil
	}
	switch p.mode {
	case modeOverview:
		return p.overviewKey(k)
	case modePassword:
		return p.passwordKey(msg)
	case modeSetup:
		switch k {
		case "b":
			p.large = !p.large
		case "c":
			p.common.Out.Copy(p.setup.Secret)
			p.notice = "Setup key copied to your clipboard."
		case "enter":
			p.mode, p.err = modeSetupCode, ""
			p.code.SetValue("")
			return p, p.code.Focus()
		}
		return p, nil
	case modeSetupCode:
		if k == "enter" {
			p.busy = true
			c, setup, code := p.common, p.setup, p.code.Value()
			return p, func() tea.Msg {
				codes, err := c.Svc.ActivateTOTP(c.Ctx, c.Account, setup, code)
				return totpActivatedMsg{codes: codes, err: err}
			}
		}
		var cmd tea.Cmd
		p.code, cmd = p.code.Update(msg)
		return p, cmd
	case modeCodes:
		if k == "enter" {
			p.codes, p.mode = nil, modeOverview
		}
		return p, nil
	case modeDeactivate, modeRegenerate:
		return p.codeFormKey(msg)
	}
	return p, nil
}

func (p *accountPage) overviewKey(k string) (Page, tea.Cmd) {
	p.err = ""
	switch k {
	case "p":
		p.notice, p.mode, p.focus = "", modePassword, 0
		return p, p.pw[0].Focus()
	case "s":
		if p.common.Account.TOTPEnabled {
			return p, nil
		}
		setup, err := p.common.Svc.NewTOTPSetup(p.common.Account.UserID)
		if err == nil {
			p.matrix, err = qrMatrix(setup.URI)
		}
		if err != nil {
			p.notice = "Could not start the setup: " + err.Error()
			return p, nil
		}
		p.setup, p.mode, p.notice, p.large = setup, modeSetup, "", false
	case "d", "g":
		if !p.common.Account.TOTPEnabled {
			return p, nil
		}
		p.notice, p.focus = "", 0
		p.mode = modeRegenerate
		if k == "d" {
			p.mode = modeDeactivate
			p.code.Blur()
			return p, p.pw[0].Focus()
		}
		p.code.SetValue("")
		return p, p.code.Focus()
	}
	return p, nil
}

func (p *accountPage) passwordKey(msg tea.KeyMsg) (Page, tea.Cmd) {
	switch msg.String() {
	case "tab", "down":
		return p, p.focusPassword((p.focus + 1) % 3)
	case "shift+tab", "up":
		return p, p.focusPassword((p.focus + 2) % 3)
	case "enter":
		if p.focus < 2 {
			return p, p.focusPassword(p.focus + 1)
		}
		p.busy, p.err = true, ""
		c := p.common
		oldPW, newPW, repeat := p.pw[0].Value(), p.pw[1].Value(), p.pw[2].Value()
		return p, func() tea.Msg {
			return passwordDoneMsg{err: c.Svc.ChangePassword(c.Ctx, c.Account, oldPW, newPW, repeat, c.SessionID, c.Remote)}
		}
	}
	var cmd tea.Cmd
	p.pw[p.focus], cmd = p.pw[p.focus].Update(msg)
	return p, cmd
}

func (p *accountPage) focusPassword(i int) tea.Cmd {
	for j := range p.pw {
		p.pw[j].Blur()
	}
	p.focus = i
	return p.pw[i].Focus()
}

// codeFormKey handles deactivation (password, then code) and recovery code
// renewal (code only).
func (p *accountPage) codeFormKey(msg tea.KeyMsg) (Page, tea.Cmd) {
	deactivate := p.mode == modeDeactivate
	switch msg.String() {
	case "tab", "shift+tab":
		if deactivate {
			if p.focus == 0 {
				p.focus = 1
				p.pw[0].Blur()
				return p, p.code.Focus()
			}
			p.focus = 0
			p.code.Blur()
			return p, p.pw[0].Focus()
		}
	case "enter":
		if deactivate && p.focus == 0 {
			p.focus = 1
			p.pw[0].Blur()
			return p, p.code.Focus()
		}
		p.busy, p.err = true, ""
		c, code, pw := p.common, p.code.Value(), p.pw[0].Value()
		p.code.SetValue("")
		if deactivate {
			return p, func() tea.Msg { return totpDeactivateMsg{err: c.Svc.DeactivateTOTP(c.Ctx, c.Account, pw, code)} }
		}
		return p, func() tea.Msg {
			codes, err := c.Svc.RegenerateRecoveryCodesWithCode(c.Ctx, c.Account, code)
			return codesRenewedMsg{codes: codes, err: err}
		}
	}
	var cmd tea.Cmd
	if deactivate && p.focus == 0 {
		p.pw[0], cmd = p.pw[0].Update(msg)
	} else {
		p.code, cmd = p.code.Update(msg)
	}
	return p, cmd
}

func (p *accountPage) resetPasswordForm() {
	for i := range p.pw {
		p.pw[i].SetValue("")
		p.pw[i].Blur()
	}
	p.focus = 0
}

// userError is the message a customer sees: the domain's own words, or a
// generic line for anything unexpected (details stay in the server log).
func userError(err error) string {
	var pe *portal.PolicyError
	var locked *portal.LockedError
	switch {
	case errors.As(err, &pe):
		return "The new password does not meet the requirements: it needs " + strings.Join(pe.Unmet, "; ") + "."
	case errors.As(err, &locked):
		return locked.Error()
	case errors.Is(err, portal.ErrWrongOldPassword), errors.Is(err, portal.ErrRepeatMismatch),
		errors.Is(err, portal.ErrSameAsOld), errors.Is(err, portal.ErrSameAsVoIP),
		errors.Is(err, portal.ErrCodeInvalid), errors.Is(err, portal.ErrBusy):
		msg := err.Error()
		return strings.ToUpper(msg[:1]) + msg[1:] + "."
	}
	return "Something went wrong; please try again. If it persists, contact customer care."
}

func (p *accountPage) View() string {
	switch p.mode {
	case modeSetup, modeSetupCode:
		return p.setupView()
	case modeCodes:
		return p.codesView()
	}
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("My account"))
	b.WriteString("\n")
	if p.notice != "" {
		b.WriteString(s.OK.Render(p.notice) + "\n\n")
	}
	// A form shows only its own card, so it fits 80x24.
	switch p.mode {
	case modePassword:
		b.WriteString(s.Card.Width(max(p.common.Width-3, 20)).Render(p.passwordCard()))
		return b.String()
	case modeDeactivate, modeRegenerate:
		b.WriteString(s.Card.Width(max(p.common.Width-3, 20)).Render(p.twoFACard()))
		return b.String()
	}
	// Cards side by side when each gets at least 44 columns, else stacked
	// at full width (an 80-column terminal).
	const minCard = 44
	if w := (p.common.Width - 3) / 2; w >= minCard {
		left := s.Card.Width(w - 2).Render(p.passwordCard())
		right := s.Card.Width(w - 2).Render(p.twoFACard())
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, left, " ", right))
	} else {
		w := max(p.common.Width-3, 20)
		b.WriteString(s.Card.Width(w).Render(p.passwordCard()) + "\n" + s.Card.Width(w).Render(p.twoFACard()))
	}
	return b.String()
}

func (p *accountPage) passwordCard() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Key.Render("Change password") + "\n")
	if p.mode != modePassword {
		b.WriteString("Your login password (not a VoIP password).\n\n")
		b.WriteString(s.Key.Render("p") + " change password")
		return b.String()
	}
	for i, label := range []string{"Current", "New", "Repeat"} {
		fmt.Fprintf(&b, "%-8s %s\n", label, p.pw[i].View())
	}
	b.WriteString("\n")
	b.WriteString(passwordChecklist(s, p.pw[1].Value(), p.pw[2].Value()))
	if p.err != "" {
		b.WriteString(s.Error.Render(p.err) + "\n")
	}
	if p.busy {
		b.WriteString(s.Muted.Render("Saving...") + "\n")
	}
	b.WriteString(s.Muted.Render("tab next field • enter save • esc cancel"))
	return b.String()
}

func (p *accountPage) twoFACard() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Key.Render("Two-factor authentication") + "\n")
	if !p.common.Account.TOTPEnabled {
		b.WriteString("Off. With 2FA on, every login also asks for a code from an authenticator app (Google " +
			"Authenticator, Microsoft Authenticator, Authy). Codes are never sent by email.\n\n")
		b.WriteString(s.Key.Render("s") + " set up 2FA")
		return b.String()
	}
	b.WriteString(s.OK.Render("On") + "\n")
	if p.left >= 0 {
		fmt.Fprintf(&b, "%d of %d recovery codes left.\n", p.left, portal.RecoveryCodeCount)
	}
	switch p.mode {
	case modeDeactivate:
		b.WriteString("\nTo turn 2FA off, confirm with your password and a current code.\n")
		fmt.Fprintf(&b, "Password %s\nCode     %s\n", p.pw[0].View(), p.code.View())
	case modeRegenerate:
		b.WriteString("\nNew recovery codes replace the old ones. Confirm with a current code.\n")
		fmt.Fprintf(&b, "Code %s\n", p.code.View())
	default:
		b.WriteString("\n" + s.Key.Render("d") + " deactivate 2FA  " + s.Key.Render("g") + " new recovery codes")
		return b.String()
	}
	if p.err != "" {
		b.WriteString(s.Error.Render(p.err) + "\n")
	}
	b.WriteString(s.Muted.Render("enter confirm • esc cancel"))
	return b.String()
}

// setupView shows the QR code and the setup key. It takes the whole screen;
// if even that is too small it says how large the window must be and still
// offers the setup key.
func (p *accountPage) setupView() string {
	s := p.common.Styles
	sw, sh := p.common.ScreenWidth, p.common.ScreenHeight
	qw, qh := qrSize(p.matrix, p.large)
	// The side text stays within 33 columns: beside the 45-column QR code
	// it fits an 80-column terminal.
	var side strings.Builder
	side.WriteString(s.Title.Render("Set up 2FA") + "\n")
	side.WriteString("1. Scan the QR code with your\n   authenticator app, or type\n   this setup key into it:\n\n")
	groups := strings.Fields(p.setup.GroupedKey())
	for i := 0; i < len(groups); i += 4 {
		side.WriteString("   " + s.Key.Render(strings.Join(groups[i:min(i+4, len(groups))], " ")) + "\n")
	}
	side.WriteString("\n")
	if p.mode == modeSetupCode {
		side.WriteString("2. Type the 6-digit code the\n   app shows and press enter:\n\n   " + p.code.View() + "\n\n")
		side.WriteString("   " + s.Key.Render("[ ACTIVATE 2FA ]") + "\n")
		if p.err != "" {
			side.WriteString("\n" + s.Error.Render(p.err) + "\n")
		}
		if p.busy {
			side.WriteString(s.Muted.Render("Checking...") + "\n")
		}
		side.WriteString("\n" + s.Muted.Render("esc cancel"))
	} else {
		side.WriteString("2. Press enter to type the code\n   the app shows.\n\n")
		side.WriteString(s.Muted.Render("b larger/smaller QR code\nc copy the key • esc cancel"))
		if p.notice != "" {
			side.WriteString("\n" + s.OK.Render(p.notice))
		}
	}
	sideText := side.String()
	sideW := lipgloss.Width(sideText)
	switch {
	case qw+2+sideW <= sw && qh <= sh:
		return lipgloss.JoinHorizontal(lipgloss.Top, qrView(p.matrix, p.large), "  ", sideText)
	case qw <= sw && qh+lipgloss.Height(sideText)+1 <= sh:
		return qrView(p.matrix, p.large) + "\n" + sideText
	}
	return fmt.Sprintf("Enlarge the window to at least %dx%d to show the QR code (now %dx%d),\nor enter the setup key by hand.\n\n",
		qw+2+sideW, qh, sw, sh) + sideText
}

func qrView(m [][]bool, large bool) string {
	if large {
		return qrFullBlocks(m)
	}
	return qrHalfBlocks(m)
}

func (p *accountPage) codesView() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Your recovery codes") + "\n")
	if p.notice != "" {
		b.WriteString(s.OK.Render(p.notice) + "\n\n")
	}
	b.WriteString("Each code logs you in once instead of an app code, if you lose your phone.\n")
	b.WriteString("Save them now somewhere safe: they are shown only this once.\n\n")
	for i, c := range p.codes {
		fmt.Fprintf(&b, "  %2d. %s\n", i+1, s.Key.Render(c))
	}
	b.WriteString("\n" + s.Muted.Render("enter: I saved them"))
	return b.String()
}
