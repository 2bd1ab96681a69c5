package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// securityMode is what the Security page is doing.
type securityMode int

const (
	secOverview securityMode = iota
	secAdd                   // the add-a-key form
	secRemove                // the remove-a-key form
)

// securityPage shows the account's SSH keys, its open sessions on every
// replica (this one marked) and the security timeline, and adds and
// removes keys and ends the other sessions. It opens from My account (k):
// a sixth tab would not fit 60 columns in German or Italian.
type securityPage struct {
	common  Common
	mode    securityMode
	busy    bool
	notice  string
	err     string
	keys    []portal.CustomerKey
	live    []portal.LiveSession
	events  []portal.SecurityEvent
	addForm *form
	rmForm  *form
	scroll  scrollBox
	// confirming asks before ending the other sessions: it cannot be
	// undone and logs out every other terminal and script at once.
	confirming bool
}

type securityKeyMap struct{ Add, Remove, EndOthers, Reload, Cancel, Back, Yes, No key.Binding }

// securityKeys are the Security page's keys, declared once in English; the
// footer shows them in the session's language (keyTexts).
var securityKeys = securityKeyMap{
	Add:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add key")),
	Remove:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "remove key")),
	EndOthers: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "end all other sessions")),
	Reload:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Yes:       key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "end all other sessions")), // and the language's key: yesKey
	No:        key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep")),
}

// securityLoadedMsg carries the page's data, or why it could not load.
type securityLoadedMsg struct {
	keys   []portal.CustomerKey
	live   []portal.LiveSession
	events []portal.SecurityEvent
	err    error
}

// securityDoneMsg is the outcome of an add, a removal or ending sessions.
type securityDoneMsg struct {
	notice string
	err    error
}

// newSecurityPage builds the page in the session's language.
func newSecurityPage(c Common) *securityPage {
	p := &securityPage{common: c}
	keyIn := newInput(c.Styles, "ssh-ed25519 AAAA... you@laptop")
	keyIn.CharLimit = portal.MaxKeyLine
	nameIn := newInput(c.Styles, "")
	nameIn.CharLimit = 64
	fpIn := newInput(c.Styles, "SHA256:...")
	fpIn.CharLimit = 80
	p.addForm = newForm("add key").add(c.T("security.field_key"), keyIn).add(c.T("security.field_name"), nameIn).
		add(c.T("security.field_proof"), newSecretInput(c.Styles, ""))
	p.rmForm = newForm("remove key").add(c.T("security.field_fingerprint"), fpIn).add(c.T("security.field_proof"), newSecretInput(c.Styles, ""))
	return p
}

func (p *securityPage) Title() string      { return p.common.T("security.title") }
func (p *securityPage) SetCommon(c Common) { p.common = c }
func (p *securityPage) Capturing() bool    { return p.mode != secOverview || p.confirming }
func (p *securityPage) Init() tea.Cmd      { return p.load() }

func (p *securityPage) activeForm() *form {
	if p.mode == secAdd {
		return p.addForm
	}
	return p.rmForm
}

// ShortHelp is what applies now, most important first.
func (p *securityPage) ShortHelp() []key.Binding {
	if p.busy {
		return nil
	}
	if p.confirming {
		return []key.Binding{p.yesKey(), securityKeys.No}
	}
	if p.mode != secOverview {
		return p.activeForm().ShortHelp()
	}
	return append([]key.Binding{securityKeys.Add, securityKeys.Remove, securityKeys.EndOthers, securityKeys.Back, securityKeys.Reload}, p.scroll.keys()...)
}

// FullHelp is every key of the page.
func (p *securityPage) FullHelp() [][]key.Binding {
	if p.confirming {
		return [][]key.Binding{{p.yesKey(), securityKeys.No}}
	}
	if p.mode != secOverview {
		return p.activeForm().FullHelp()
	}
	return [][]key.Binding{{securityKeys.Add, securityKeys.Remove}, {securityKeys.EndOthers, securityKeys.Reload, securityKeys.Back}}
}

func (p *securityPage) load() tea.Cmd {
	c := p.common
	return func() tea.Msg {
		var m securityLoadedMsg
		if m.keys, m.err = c.Svc.CustomerKeys(c.Ctx, c.Account); m.err != nil {
			return m
		}
		if m.live, m.err = c.Svc.LiveSessions(c.Ctx, c.Account, c.LiveID); m.err != nil {
			return m
		}
		m.events, m.err = c.Svc.SecurityLog(c.Ctx, c.Account, time.Now().Add(-30*24*time.Hour))
		return m
	}
}

func (p *securityPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	switch msg := msg.(type) {
	case securityLoadedMsg:
		if msg.err != nil {
			p.err = securityError(p.common, msg.err)
			return p, nil
		}
		p.keys, p.live, p.events = msg.keys, msg.live, msg.events
	case securityDoneMsg:
		p.busy = false
		if msg.err != nil {
			p.err = securityError(p.common, msg.err)
			return p, nil
		}
		p.activeForm().stop()
		p.mode, p.notice, p.err = secOverview, msg.notice, ""
		return p, p.load()
	case tea.KeyMsg:
		if p.busy {
			return p, nil
		}
		return p, p.handleKey(msg)
	}
	return p, nil
}

func (p *securityPage) handleKey(msg tea.KeyMsg) tea.Cmd {
	c := p.common
	if p.confirming {
		p.confirming = false
		if !key.Matches(msg, p.yesKey()) {
			p.notice = c.T("state.nothing_changed")
			return nil
		}
		p.busy = true
		return func() tea.Msg {
			n, err := c.Svc.RevokeOtherSessions(c.Ctx, c.Account, c.LiveID, c.Remote)
			return securityDoneMsg{notice: c.T("security.others_ended", n), err: err}
		}
	}
	if p.mode == secOverview {
		switch {
		case key.Matches(msg, securityKeys.Add):
			p.mode, p.notice, p.err = secAdd, "", ""
			return p.addForm.start()
		case key.Matches(msg, securityKeys.Remove):
			p.mode, p.notice, p.err = secRemove, "", ""
			return p.rmForm.start()
		case key.Matches(msg, securityKeys.EndOthers):
			p.confirming, p.notice, p.err = true, "", ""
			p.scroll.offset = 0 // the question is at the top
			return nil
		case key.Matches(msg, securityKeys.Reload):
			return p.load()
		}
		p.scroll.update(msg)
		return nil
	}
	if key.Matches(msg, securityKeys.Cancel) {
		p.activeForm().stop()
		p.mode, p.err = secOverview, ""
		return nil
	}
	submit, cmd := p.activeForm().update(msg)
	if !submit {
		return cmd
	}
	p.busy, p.err = true, ""
	if p.mode == secAdd {
		req := portal.KeyChange{Line: p.addForm.value(0), Name: p.addForm.value(1), Proof: p.addForm.value(2), Source: c.Remote}
		return func() tea.Msg {
			k, err := c.Svc.AddCustomerKey(c.Ctx, c.Account, req)
			return securityDoneMsg{notice: c.T("security.key_added", k.Fingerprint), err: err}
		}
	}
	req := portal.KeyChange{Fingerprint: p.rmForm.value(0), Proof: p.rmForm.value(1), Source: c.Remote}
	return func() tea.Msg {
		k, err := c.Svc.RemoveCustomerKey(c.Ctx, c.Account, req)
		return securityDoneMsg{notice: c.T("security.key_removed", k.Fingerprint), err: err}
	}
}

// yesKey answers the question before ending the other sessions: the
// language's key (j, o, s) and y, as on the Music page.
func (p *securityPage) yesKey() key.Binding {
	k := p.common.V().ConfirmKey()
	return key.NewBinding(key.WithKeys(append(securityKeys.Yes.Keys(), k, strings.ToUpper(k))...), key.WithHelp(k, securityKeys.Yes.Help().Desc))
}
