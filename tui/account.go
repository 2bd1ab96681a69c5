package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

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
	modeLanguage               // choosing the language
	modeZone                   // choosing the time zone
	modeSecurity               // the Security page: keys, sessions, timeline
)

// accountPage is My account: the Change password card and two-factor
// authentication (setup with QR code, deactivation, recovery codes).
type accountPage struct {
	common Common
	mode   accountMode
	busy   bool
	notice string // last success, shown on the overview
	err    string // last failure, shown in the active form

	// One form per task; each starts empty when it opens.
	pwForm, offForm, regenForm, setupForm *form

	setup  portal.TOTPSetup
	matrix [][]bool
	large  bool

	settings db.AccountSettings // language and time zone, "" = automatic
	choice   int                // the row of the open chooser

	codes  []string // fresh recovery codes, shown once
	left   int      // unused recovery codes
	scroll scrollBox

	// security is My account → Security, shown in place of the overview
	// while the mode is modeSecurity; made on first use (sec), since its
	// forms were a fifth of a session's start and most sessions never
	// open it.
	security *securityPage
}

// sec is the Security page, made the first time it is needed.
func (p *accountPage) sec() *securityPage {
	if p.security == nil {
		p.security = newSecurityPage(p.common)
	}
	return p.security
}

func newAccountPage(c Common) *accountPage {
	p := &accountPage{common: c}
	p.pwForm = newForm("save").
		add(c.T("account.field_current"), newSecretInput(c.Styles, c.T("form.ph_current"))).
		add(c.T("account.field_new"), newSecretInput(c.Styles, c.T("form.ph_new"))).
		add(c.T("account.field_repeat"), newSecretInput(c.Styles, c.T("form.ph_repeat")))
	p.offForm = newForm("turn 2FA off").add(c.T("account.field_password"), newSecretInput(c.Styles, c.T("form.ph_login_password"))).add(c.T("account.field_code"), newCodeInput(c.Styles))
	p.regenForm = newForm("make new codes").add(c.T("account.field_code"), newCodeInput(c.Styles))
	p.setupForm = newForm("activate").add(c.T("account.field_code"), newCodeInput(c.Styles))
	return p
}

func newCodeInput(s Styles) textinput.Model {
	in := newInput(s, "123 456")
	in.CharLimit = 16
	return in
}

func (p *accountPage) Title() string { return p.common.T("page.account") }
func (p *accountPage) SetCommon(c Common) {
	p.common = c
	if p.security != nil {
		p.security.SetCommon(c)
	}
}

// Capturing is true in a form or chooser; on the Security page only in its
// forms, so the portal's keys (q, tab, digits) work beside its list.
func (p *accountPage) Capturing() bool {
	if p.mode == modeSecurity {
		return p.sec().Capturing()
	}
	return p.mode != modeOverview
}

// FullScreen gives the QR code the whole terminal.
func (p *accountPage) FullScreen() bool { return p.mode == modeSetup || p.mode == modeSetupCode }

func (p *accountPage) Init() tea.Cmd {
	if p.mode == modeSecurity {
		return tea.Batch(p.loadLeft(), p.loadSettings(), p.sec().Init())
	}
	return tea.Batch(p.loadLeft(), p.loadSettings())
}

// activeForm is the form the mode shows, or nil.
func (p *accountPage) activeForm() *form {
	switch p.mode {
	case modePassword:
		return p.pwForm
	case modeDeactivate:
		return p.offForm
	case modeRegenerate:
		return p.regenForm
	case modeSetupCode:
		return p.setupForm
	}
	return nil
}

func (p *accountPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	switch msg := msg.(type) {
	case securityLoadedMsg, securityDoneMsg:
		_, cmd := p.sec().Update(msg)
		return p, cmd
	case recoveryLeftMsg:
		p.left = msg.n
	case settingsMsg:
		p.settings = msg.set
	case choiceErrMsg:
		p.busy, p.err = false, userError(p.common, msg.err)
	case accountReloadMsg:
		if msg.err != nil {
			return p, nil
		}
		acct := msg.acct
		p.common.Account = acct
		return p, tea.Batch(func() tea.Msg { return AccountChangedMsg{Account: acct} }, p.loadLeft())
	case passwordDoneMsg:
		return p, p.done(msg.err, nil, p.common.T("account.password_changed"), p.reload())
	case totpActivatedMsg:
		return p, p.done(msg.err, msg.codes, p.common.T("account.2fa_turned_on"), p.reload())
	case totpDeactivateMsg:
		return p, p.done(msg.err, nil, p.common.T("account.2fa_turned_off"), p.reload())
	case codesRenewedMsg:
		return p, p.done(msg.err, msg.codes, p.common.T("account.new_codes_made"), p.loadLeft())
	case tea.KeyMsg:
		if p.busy {
			return p, nil
		}
		return p, p.handleKey(msg)
	}
	return p, nil
}

// done ends a portal call: a failure stays in the form with the one-time
// code emptied (it cannot be used twice); success closes the form, shows
// fresh recovery codes if there are any, and runs then.
func (p *accountPage) done(err error, codes []string, notice string, then tea.Cmd) tea.Cmd {
	p.busy = false
	if err != nil {
		p.err = userError(p.common, err)
		if f := p.activeForm(); f != nil && f != p.pwForm {
			f.clear(len(f.inputs) - 1)
		}
		return nil
	}
	p.closeForms()
	p.mode, p.notice, p.err = modeOverview, notice, ""
	if codes != nil {
		p.mode, p.codes = modeCodes, codes
	}
	return then
}

// closeForms empties and blurs every form, so the next one opens empty.
func (p *accountPage) closeForms() {
	for _, f := range []*form{p.pwForm, p.offForm, p.regenForm, p.setupForm} {
		f.stop()
	}
}

func (p *accountPage) handleKey(msg tea.KeyMsg) tea.Cmd {
	if p.mode == modeSecurity {
		if key.Matches(msg, securityKeys.Back) && !p.sec().Capturing() {
			p.mode = modeOverview
			return nil
		}
		_, cmd := p.sec().Update(msg)
		return cmd
	}
	if key.Matches(msg, accountKeys.Cancel) && p.mode != modeOverview && p.mode != modeCodes {
		p.closeForms()
		p.mode, p.err = modeOverview, ""
		return nil
	}
	switch p.mode {
	case modeOverview:
		if p.scroll.update(msg) {
			return nil
		}
		return p.overviewKey(msg)
	case modeSetup:
		return p.setupKey(msg)
	case modeLanguage, modeZone:
		return p.choiceKey(msg)
	case modeCodes:
		if key.Matches(msg, accountKeys.Saved) {
			p.codes, p.mode = nil, modeOverview
		}
		return nil
	}
	// In a form only pgup/pgdn scroll: home and end move in the input.
	if msg.Type == tea.KeyPgUp || msg.Type == tea.KeyPgDown {
		p.scroll.update(msg)
		return nil
	}
	f := p.activeForm()
	submit, cmd := f.update(msg)
	if !submit {
		return cmd
	}
	p.busy, p.err = true, ""
	return p.submit()
}

func (p *accountPage) overviewKey(msg tea.KeyMsg) tea.Cmd {
	p.err = ""
	on := p.common.Account.TOTPEnabled
	switch {
	case key.Matches(msg, accountKeys.Password):
		p.notice, p.mode = "", modePassword
		return p.pwForm.start()
	case key.Matches(msg, accountKeys.Setup) && !on:
		return p.startSetup()
	case key.Matches(msg, accountKeys.Deactivate) && on:
		p.notice, p.mode = "", modeDeactivate
		return p.offForm.start()
	case key.Matches(msg, accountKeys.Regenerate) && on:
		p.notice, p.mode = "", modeRegenerate
		return p.regenForm.start()
	case key.Matches(msg, accountKeys.Security):
		p.notice, p.mode = "", modeSecurity
		sec := p.sec()
		sec.notice, sec.err = "", ""
		return sec.Init()
	case key.Matches(msg, languageKeys.Language):
		p.startChoice(modeLanguage)
	case key.Matches(msg, languageKeys.Zone):
		p.startChoice(modeZone)
	}
	return nil
}
