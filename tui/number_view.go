package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
)

// minLabelWidth is the narrowest label column of the number card.
const minLabelWidth = 15

// cardLabels are the number card's field names; the longest in the
// session's language sets the label column, so values line up in French
// ("Nom d'utilisateur SIP") as in English.
var cardLabels = []string{"number.product", "number.status", "number.trunk", "number.sip_username",
	"number.voip_password", "number.sip_domain", "number.sip_server", "number.sip_servers", "sip.registration"}

// labelWidth is the card's label column in the session's language.
func (p *numberPage) labelWidth() int {
	w := minLabelWidth
	for _, k := range cardLabels {
		w = max(w, lipgloss.Width(p.common.T(k)))
	}
	return w
}

func (p *numberPage) View() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(p.headerView())
	b.WriteString("\n\n")
	switch {
	case p.confirming:
		b.WriteString(p.confirmView())
	case p.err != "":
		b.WriteString(s.Error.Render(p.wrap(p.err)))
	case p.reason != "":
		b.WriteString(s.Key.Render(p.common.T("number.no_card")))
		b.WriteString("\n")
		b.WriteString(p.wrap(p.reason))
	case p.creds == nil:
		b.WriteString(s.Muted.Render(p.common.T("number.loading_card")))
	case p.device != nil:
		b.WriteString(p.deviceView())
	default:
		if p.fresh != "" {
			b.WriteString(p.freshView())
			b.WriteString("\n")
		}
		b.WriteString(p.cardView())
		if p.status != "" {
			b.WriteString("\n")
			b.WriteString(s.OK.Render(p.wrap(p.status)))
		}
	}
	return p.scroll.view(p.common, b.String(), p.common.Height)
}

func (p *numberPage) headerView() string {
	s := p.common.Styles
	n := p.number
	title := n.Formatted
	if n.Label != "" {
		title = ansi.Truncate(title+"  "+n.Label, p.width(), "…")
	}
	c := p.common
	lw := p.labelWidth()
	line := field(s, lw, c.T("number.product"), c.V().Product(n.Product))
	// Status and trunk stand beside the product where they fit, else below.
	for i, f := range [][2]string{{c.T("number.status"), statusText(c, n.Status)}, {c.T("number.trunk"), portal.FormatNumber(n.TrunkE164)}} {
		if i == 1 && n.TrunkE164 == "" {
			continue
		}
		last := line[strings.LastIndex(line, "\n")+1:]
		if lipgloss.Width(last)+4+lipgloss.Width(f[0])+2+lipgloss.Width(f[1]) <= p.width() {
			line += "    " + s.Muted.Render(f[0]) + "  " + f[1]
		} else {
			line += "\n" + field(s, lw, f[0], f[1])
		}
	}
	return s.Title.UnsetMarginBottom().Render(title) + "\n" + line
}

// cardView is the SIP-Credentials card: what a device needs to register.
func (p *numberPage) cardView() string {
	s := p.common.Styles
	c := p.creds
	lw := p.labelWidth()
	pw := strings.Repeat("•", len([]rune(c.Password)))
	if p.revealed {
		pw = c.Password
	}
	rows := []string{
		s.Key.Render(p.common.T("number.card_title")),
		"",
		field(s, lw, p.common.T("number.sip_username"), c.Username),
		field(s, lw, p.common.T("number.voip_password"), pw),
		field(s, lw, p.common.T("number.sip_domain"), c.Domain),
		p.serversView(),
	}
	if reg := p.registrationView(); reg != "" {
		rows = append(rows, reg)
	}
	return s.Card.Render(lipgloss.JoinVertical(lipgloss.Left, rows...))
}

// serversView lists the SIP servers with port and transport; with more
// than one, the FAQ's tip stands beside them.
func (p *numberPage) serversView() string {
	s, lw := p.common.Styles, p.labelWidth()
	servers := p.creds.Servers
	switch len(servers) {
	case 0:
		return field(s, lw, p.common.T("number.sip_server"), p.common.T("number.no_server", p.common.careEmail()))
	case 1:
		return field(s, lw, p.common.T("number.sip_server"), servers[0].String())
	}
	list := make([]string, len(servers))
	for i, srv := range servers {
		list[i] = srv.String()
	}
	label := s.Muted.Width(lw + 1).Render(p.common.T("number.sip_servers"))
	col := lipgloss.JoinVertical(lipgloss.Left, list...)
	tip := p.common.T("number.servers_tip")
	// The card's border and padding take 4 columns, the gap 3.
	room := p.width() - 4 - (lw + 1) - lipgloss.Width(col) - 3
	if room < 24 {
		return lipgloss.JoinHorizontal(lipgloss.Top, label, col) + "\n" + s.OK.Width(p.width()-4).Render(tip)
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, label, col, "   ", s.OK.Width(room).Render(tip))
}

func (p *numberPage) freshView() string {
	s := p.common.Styles
	box := s.Card.Render(s.OK.Bold(true).Render(p.common.T("number.fresh_title")) + "\n\n" + s.Key.Render(p.fresh))
	return box + "\n" + p.wrap(p.common.T("number.fresh_text", p.creds.Username))
}

func (p *numberPage) confirmView() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Key.Render(p.common.T("number.new_password_for", p.number.Formatted)))
	b.WriteString("\n")
	b.WriteString(p.wrap(p.common.T("cmd.voip.warning")))
	b.WriteString("\n\n")
	if p.working {
		b.WriteString(s.Muted.Render(p.common.T("number.setting_password")))
		return b.String()
	}
	// The prompt wraps and the field follows on its own line: German and
	// French prompts are wider than a 60-column card.
	b.WriteString(p.wrap(strings.TrimSpace(p.common.T("number.confirm_digits"))))
	b.WriteString("\n")
	b.WriteString(p.digits.View())
	if p.refused != "" {
		b.WriteString("\n\n")
		b.WriteString(s.Error.Render(p.wrap(p.refused)))
	}
	b.WriteString("\n\n")
	b.WriteString(s.Muted.Render(hint(p.common, numberKeys.Confirm) + " • " + hint(p.common, numberKeys.Cancel)))
	return b.String()
}

// width is the room the page has (the minimum layout before the first size).
func (p *numberPage) width() int { return pageWidth(p.common) }

func (p *numberPage) wrap(text string) string {
	return lipgloss.NewStyle().Width(p.width()).Render(text)
}

// field is a card row: the label padded to the label column, the value.
func field(s Styles, width int, label, value string) string {
	return s.Muted.Render(label+strings.Repeat(" ", max(width-lipgloss.Width(label), 0))) + " " + value
}
