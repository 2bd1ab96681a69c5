package tui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/i18n"
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
// removes keys and ends the other sessions. It is the page behind
// "My account → SSH keys / Sessions / Security".
type securityPage struct {
	common  Common
	voice   *i18n.Printer
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
	binds   securityKeyMap
}

type securityKeyMap struct{ Add, Remove, EndOthers, Reload, Cancel key.Binding }

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

// newSecurityPage builds the page; its texts come from the i18n catalogue
// in the session's language (English until the session's Voice is wired).
func newSecurityPage(c Common) *securityPage {
	v := i18n.NewPrinter(i18n.EnCH)
	p := &securityPage{common: c, voice: v}
	p.binds = securityKeyMap{
		Add:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", v.T("security.help_add"))),
		Remove:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", v.T("security.help_remove"))),
		EndOthers: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", v.T("security.help_end_others"))),
		Reload:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", v.T("security.help_reload"))),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
	keyIn := newInput()
	keyIn.Placeholder = "ssh-ed25519 AAAA... you@laptop"
	keyIn.CharLimit = portal.MaxKeyLine
	nameIn := newInput()
	nameIn.CharLimit = 64
	fpIn := newInput()
	fpIn.Placeholder = "SHA256:..."
	fpIn.CharLimit = 80
	p.addForm = newForm("add").add(v.T("security.field_key"), keyIn).add(v.T("security.field_name"), nameIn).
		add(v.T("security.field_proof"), newSecretInput(""))
	p.rmForm = newForm("remove").add(v.T("security.field_fingerprint"), fpIn).add(v.T("security.field_proof"), newSecretInput(""))
	return p
}

func (p *securityPage) Title() string      { return p.voice.T("security.title") }
func (p *securityPage) SetCommon(c Common) { p.common = c }
func (p *securityPage) Capturing() bool    { return p.mode != secOverview }
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
	if p.mode != secOverview {
		return p.activeForm().ShortHelp()
	}
	return append([]key.Binding{p.binds.Add, p.binds.Remove, p.binds.EndOthers, p.binds.Reload}, p.scroll.keys()...)
}

// FullHelp is every key of the page.
func (p *securityPage) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.binds.Add, p.binds.Remove}, {p.binds.EndOthers, p.binds.Reload}}
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
	if p.mode == secOverview {
		switch {
		case key.Matches(msg, p.binds.Add):
			p.mode, p.notice, p.err = secAdd, "", ""
			return p.addForm.start()
		case key.Matches(msg, p.binds.Remove):
			p.mode, p.notice, p.err = secRemove, "", ""
			return p.rmForm.start()
		case key.Matches(msg, p.binds.EndOthers):
			p.busy = true
			return func() tea.Msg {
				n, err := c.Svc.RevokeOtherSessions(c.Ctx, c.Account, c.LiveID, c.Remote)
				return securityDoneMsg{notice: p.voice.T("security.others_ended", n), err: err}
			}
		case key.Matches(msg, p.binds.Reload):
			return p.load()
		}
		p.scroll.update(msg)
		return nil
	}
	if key.Matches(msg, p.binds.Cancel) {
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
			return securityDoneMsg{notice: p.voice.T("security.key_added", k.Fingerprint), err: err}
		}
	}
	req := portal.KeyChange{Fingerprint: p.rmForm.value(0), Proof: p.rmForm.value(1), Source: c.Remote}
	return func() tea.Msg {
		k, err := c.Svc.RemoveCustomerKey(c.Ctx, c.Account, req)
		return securityDoneMsg{notice: p.voice.T("security.key_removed", k.Fingerprint), err: err}
	}
}
