package tui

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/portal"
)

// registrationRefresh is how often an open card reads the registrar again,
// so a device that registers (or drops out) shows up while the customer
// sets it up.
const registrationRefresh = 5 * time.Second

// registrationMsg is the reply of a status read; registrationTickMsg asks
// for the next one. Both name the page and its load generation: a reply
// or a tick of a card that was closed, reloaded or regenerated since is
// dropped, so one card never runs two refresh chains.
type (
	registrationMsg struct {
		page *numberPage
		gen  int
		st   portal.RegistrationStatus
		err  error
		// creds is the card's credentials read again with a refresh
		// (nil on the first read, right after the card loaded).
		creds *portal.Credentials
	}
	registrationTickMsg struct {
		page *numberPage
		gen  int
	}
)

// loadRegistration reads the live status of the card's number; a
// refresh also reads the credentials again, so a VoIP password set in
// another session (a command, a second terminal, customer care) replaces
// the old one on this card before the customer copies it into a device.
func (p *numberPage) loadRegistration() tea.Cmd { return p.readRegistration(false) }

func (p *numberPage) readRegistration(refresh bool) tea.Cmd {
	c, n, gen := p.common, p.number.E164, p.gen
	return func() tea.Msg {
		st, err := c.Svc.RegistrationStatus(c.Ctx, c.Account.ID, n)
		m := registrationMsg{page: p, gen: gen, st: st, err: err}
		if refresh {
			ctx, cancel := c.storeCtx()
			defer cancel()
			if cr, err := c.Svc.Credentials(ctx, c.Account.ID, n); err == nil {
				m.creds = &cr
			}
		}
		return m
	}
}

// registrationLoaded shows the status and schedules the next read while
// a registrar is configured (without one there is nothing to refresh).
func (p *numberPage) registrationLoaded(m registrationMsg) tea.Cmd {
	if m.page != p || m.gen != p.gen {
		return nil
	}
	p.takeFresh(m.creds)
	if m.err != nil {
		p.regErr = p.common.T("sip.status_unavailable")
	} else {
		p.reg, p.regErr = &m.st, ""
		if !m.st.Known {
			return nil
		}
	}
	every, gen := p.regEvery, p.gen
	return tea.Tick(every, func(time.Time) tea.Msg { return registrationTickMsg{page: p, gen: gen} })
}

func (p *numberPage) registrationTick(m registrationTickMsg) tea.Cmd {
	if m.page != p || m.gen != p.gen || p.closed {
		return nil
	}
	return p.readRegistration(!p.working && !p.confirming)
}

// takeFresh puts credentials read again on the card when they differ
// from the shown ones: masked again, any device set-up closed (it may
// hold the old password), and the customer told why.
func (p *numberPage) takeFresh(cr *portal.Credentials) {
	if cr == nil || p.creds == nil || p.working || p.confirming ||
		cr.Password == p.creds.Password && cr.Username == p.creds.Username {
		return
	}
	p.creds = cr
	p.revealed, p.fresh, p.device = false, "", nil
	p.status = p.common.T("number.changed_elsewhere")
}

// registrationView is the card's registration part: empty without a
// registrar, else registered or not, each device, and the warning or hint.
func (p *numberPage) registrationView() string {
	s := p.common.Styles
	if p.regErr != "" {
		return "\n" + s.Error.Width(p.width()-4).Render(p.regErr)
	}
	st := p.reg
	if st == nil || !st.Known {
		return ""
	}
	inner, lw, v := p.width()-4, p.labelWidth(), p.common.V()
	label := v.T("sip.registration")
	var rows []string
	switch n := len(st.Contacts); {
	case n == 0:
		rows = append(rows, field(s, lw, label, v.T("sip.not_registered")))
	case n == 1:
		rows = append(rows, field(s, lw, label, s.OK.Render(v.T("sip.registered_one"))))
	default:
		rows = append(rows, field(s, lw, label, s.OK.Render(v.T("sip.registered_many", n))))
	}
	indent := strings.Repeat(" ", lw+1)
	for _, c := range st.Contacts {
		ua := c.UserAgent
		if ua == "" {
			ua = v.T("sip.no_user_agent")
		}
		// The expiry in the customer's local time, never the server's clock.
		line := v.T("sip.contact", ua, c.Address, c.Transport, v.Clock.TimeSeconds(c.Expires), c.Server)
		rows = append(rows, indent+lipgloss.NewStyle().Width(max(inner-lw-1, 20)).Render(line))
	}
	if st.Warning != "" {
		rows = append(rows, s.Error.Width(inner).Render(v.T("sip.warning", localText(v, st.Warning))))
	}
	if st.Hint != "" {
		rows = append(rows, s.Muted.Width(inner).Render(localText(v, st.Hint)))
	}
	return "\n" + lipgloss.JoinVertical(lipgloss.Left, rows...)
}

// localText is the portal's warning or hint in the customer's language
// (the status carries the English text, which --json keeps).
func localText(v portal.Voice, text string) string {
	switch text {
	case portal.SeveralServersWarning:
		return v.T("sip.several_servers")
	case portal.NotRegisteredHint:
		return v.T("sip.not_registered_hint")
	}
	return text
}
