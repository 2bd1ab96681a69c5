package tui

import (
	"errors"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// numberPage is one opened number: its SIP-Credentials card, or why it has
// none, and the new-VoIP-password flow. It lives inside the Phone numbers
// page, which hands it messages and drops it once closed.
type numberPage struct {
	common Common
	number portal.NumberView

	// gen numbers the store calls; a reply to an older call than the
	// latest is stale (a reload that finishes after a regeneration would
	// otherwise put the old password back on the card).
	gen      int
	creds    *portal.Credentials
	reason   string // why there is no card
	err      string // the last store error, for the customer
	revealed bool
	status   string // the outcome of the last key, e.g. "copied"

	confirming bool            // the new-VoIP-password confirmation is open
	digits     textinput.Model // what was typed there
	refused    string          // why the typed digits were refused
	working    bool            // the regeneration is running
	fresh      string          // the new password, shown prominently once
	closed     bool
	scroll     scrollBox // the card at 60x20

	reg      *portal.RegistrationStatus // the registrar's view, nil until read
	regErr   string                     // why the status is missing
	regEvery time.Duration              // how often it is read again

	device *deviceState // the device chooser, nil while closed
}

var numberKeys = struct {
	Back, Reveal, Hide, Copy, New, Confirm, Cancel key.Binding
}{
	Back:    key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
	Reveal:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reveal password")),
	Hide:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "hide password")),
	Copy:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy password")),
	New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new password")),
	Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
	Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// credentialsMsg is the reply of a load or a regeneration.
type credentialsMsg struct {
	e164        string
	gen         int
	creds       portal.Credentials
	err         error
	regenerated bool
}

func newNumberPage(c Common, n portal.NumberView) *numberPage {
	return &numberPage{common: c, number: n, digits: newLineInput(c.Styles, 4), regEvery: registrationRefresh}
}

// Capturing is true while digits are typed (1-5 must not switch pages) and
// while a regeneration runs, so its one-time answer is not sent to another page.
func (p *numberPage) Capturing() bool { return p.confirming || p.working }

// reload masks the password and loads the card again.
func (p *numberPage) reload() tea.Cmd {
	p.gen++
	p.revealed, p.status, p.fresh = false, "", ""
	p.device = nil // a shown set-up may hold the password
	c, n, gen := p.common, p.number.E164, p.gen
	return func() tea.Msg {
		ctx, cancel := c.storeCtx()
		defer cancel()
		creds, err := c.Svc.Credentials(ctx, c.Account.ID, n)
		return credentialsMsg{e164: n, gen: gen, creds: creds, err: c.explain(err, "load the SIP credentials")}
	}
}

func (p *numberPage) regenerate() tea.Cmd {
	p.gen++
	p.working = true
	c, n, gen := p.common, p.number.E164, p.gen
	return func() tea.Msg {
		// The TUI has no client address in Common; the audit event still
		// names the account and the number.
		ctx, cancel := c.storeCtx()
		defer cancel()
		creds, err := c.Svc.RegenerateVoIPPassword(ctx, c.Account, n, c.Remote)
		return credentialsMsg{e164: n, gen: gen, creds: creds, err: c.explain(err, "set a new VoIP password"), regenerated: true}
	}
}

// ShortHelp is the number page's part of the help bar.
func (p *numberPage) ShortHelp() []key.Binding {
	switch {
	case p.working:
		return nil
	case p.confirming:
		return []key.Binding{numberKeys.Confirm, numberKeys.Cancel}
	case p.creds == nil:
		return append([]key.Binding{numberKeys.Back}, p.scroll.keys()...)
	case p.device != nil:
		return p.deviceHelp()
	}
	reveal := numberKeys.Reveal
	if p.revealed {
		reveal = numberKeys.Hide
	}
	return append([]key.Binding{numberKeys.Back, reveal, numberKeys.Copy, numberKeys.New, deviceKeys.Open}, p.scroll.keys()...)
}

// FullHelp is every key that applies now.
func (p *numberPage) FullHelp() [][]key.Binding {
	keys := p.ShortHelp()
	if len(keys) == 0 {
		return nil
	}
	if p.device != nil && p.device.shown == "" {
		return [][]key.Binding{keys, allListKeys()} // choosing a device
	}
	return [][]key.Binding{keys, {scrollKeys.Down, scrollKeys.Up, scrollKeys.Top, scrollKeys.Bottom}}
}

func (p *numberPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case credentialsMsg:
		return p.loaded(msg)
	case registrationMsg:
		return p.registrationLoaded(msg)
	case registrationTickMsg:
		return p.registrationTick(msg)
	case deviceMsg:
		p.deviceLoaded(msg)
	case copiedMsg:
		p.status = p.common.T("number.copied")
	case tea.KeyMsg:
		switch {
		case p.working:
		case p.device != nil:
			return p.updateDevice(msg)
		case p.confirming:
			return p.updateConfirm(msg)
		default:
			return p.updateCard(msg)
		}
	}
	return nil
}

// loaded shows a load's or a regeneration's reply; a card that loaded
// starts reading its registration status.
func (p *numberPage) loaded(m credentialsMsg) tea.Cmd {
	if m.e164 != p.number.E164 || m.gen != p.gen {
		return nil
	}
	p.working = false
	p.err, p.reason = "", ""
	var noCreds *portal.NoCredentialsError
	switch {
	case errors.As(m.err, &noCreds):
		p.creds, p.reason = nil, p.common.Svc.NoCredentialsReasonIn(p.common.V(), p.number)
		if p.reason == "" {
			p.reason = noCreds.Reason
		}
	case errors.Is(m.err, portal.ErrUnknownNumber):
		p.creds, p.err = nil, p.common.T("number.gone")
	case m.err != nil && m.regenerated:
		p.confirming = false
		p.err = p.common.T("number.regenerate_failed", p.common.V().Error(m.err))
	case m.err != nil:
		p.creds, p.err = nil, p.common.T("number.load_failed", p.common.V().Error(m.err))
	default:
		p.creds = &m.creds
		p.number = m.creds.Number
		if m.regenerated {
			p.confirming, p.revealed, p.fresh = false, true, m.creds.Password
			p.status = ""
		}
		return p.loadRegistration()
	}
	return nil
}

func (p *numberPage) updateCard(km tea.KeyMsg) tea.Cmd {
	if key.Matches(km, numberKeys.Back) {
		p.closed = true
		return nil
	}
	if p.scroll.update(km) {
		return nil
	}
	if p.creds == nil {
		return nil
	}
	switch {
	case key.Matches(km, numberKeys.Reveal):
		p.revealed = !p.revealed
		p.status = ""
	case key.Matches(km, numberKeys.Copy):
		return p.copyPassword()
	case key.Matches(km, deviceKeys.Open):
		p.device, p.status = &deviceState{}, ""
		p.scroll.offset = 0
	case key.Matches(km, numberKeys.New):
		p.confirming, p.refused, p.status = true, "", ""
		p.digits.SetValue("")
		return p.digits.Focus()
	}
	return nil
}

// copyPassword puts the password on the clipboard of the customer's own
// computer: an OSC 52 sequence that their terminal executes. It goes to the
// session's output through the lock the renderer writes frames under, so it
// lands between frames, and from a command, so a slow connection does not
// hold up Update. The card says it was copied once the sequence went out
// (copiedMsg), never before.
func (p *numberPage) copyPassword() tea.Cmd {
	out := p.common.Out
	if out == nil {
		p.status = p.common.T("number.copy_needs_terminal")
		return nil
	}
	seq := osc52.New(p.creds.Password)
	return func() tea.Msg {
		_, _ = seq.WriteTo(out)
		return copiedMsg{}
	}
}

// copiedMsg says the clipboard sequence was written.
type copiedMsg struct{}

func (p *numberPage) updateConfirm(km tea.KeyMsg) tea.Cmd {
	switch km.Type {
	case tea.KeyEsc:
		p.confirming, p.refused = false, ""
		p.digits.Blur()
		return nil
	case tea.KeyEnter:
		if !portal.ConfirmsNumber(p.number.E164, p.digits.Value()) {
			p.refused = p.common.T("number.wrong_digits", p.number.Formatted)
			p.digits.SetValue("")
			return nil
		}
		p.refused = ""
		p.digits.Blur()
		return p.regenerate()
	case tea.KeyRunes:
		// Only digits are typed here; anything else would make the
		// confirmation fail for a reason the customer cannot see.
		for _, r := range km.Runes {
			if r < '0' || r > '9' {
				return nil
			}
		}
	}
	var cmd tea.Cmd
	p.digits, cmd = p.digits.Update(km)
	p.refused = ""
	return cmd
}
