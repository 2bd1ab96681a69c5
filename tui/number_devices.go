package tui

import (
	"bytes"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/devices"
)

// The card's device chooser: pick a device, see exactly what goes where
// (the same output as `credentials NUMBER --device NAME`); the VoIP
// password is in it only after r, as on the card.

var deviceKeys = struct {
	Open, Choose, Back key.Binding
}{
	Open:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "device set-up")),
	Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show set-up")),
	Back:   key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
}

// deviceState is the chooser while it is open.
type deviceState struct {
	cursor int
	shown  string // the chosen device's output, "" while choosing
	name   string
	err    string
}

// deviceMsg is a rendered device set-up.
type deviceMsg struct {
	page *numberPage
	gen  int
	name string
	out  string
	err  error
}

func (p *numberPage) loadDevice() tea.Cmd {
	c, n, gen, reveal := p.common, p.number.E164, p.gen, p.revealed
	lang := c.V().Locale().Lang
	name := devices.All[p.device.cursor].Name
	return func() tea.Msg {
		var b bytes.Buffer
		// Explained here, where it arrives: the page shows the plain
		// sentence with a reference, the log the driver's detail.
		err := c.explain(c.Svc.DeviceSetup(c.Ctx, &b, c.Account.ID, n, name, lang, reveal), "make the device set-up")
		return deviceMsg{page: p, gen: gen, name: name, out: b.String(), err: err}
	}
}

func (p *numberPage) deviceLoaded(m deviceMsg) {
	if m.page != p || m.gen != p.gen || p.device == nil || m.name != devices.All[p.device.cursor].Name {
		return
	}
	p.device.err = ""
	if m.err != nil {
		p.device.err = p.common.T("device.failed", userError(p.common, m.err))
		return
	}
	p.device.shown, p.device.name = m.out, m.name
	p.scroll.offset = 0
}

func (p *numberPage) updateDevice(km tea.KeyMsg) tea.Cmd {
	d := p.device
	switch {
	case key.Matches(km, deviceKeys.Back):
		if d.shown != "" {
			d.shown, d.err = "", ""
		} else {
			p.device = nil
		}
		p.scroll.offset = 0
		return nil
	case d.shown != "" && key.Matches(km, numberKeys.Reveal):
		p.revealed = !p.revealed
		return p.loadDevice()
	case d.shown != "":
		p.scroll.update(km)
	case key.Matches(km, deviceKeys.Choose):
		return p.loadDevice()
	default:
		moveInShortList(&d.cursor, len(devices.All), km)
	}
	return nil
}

func (p *numberPage) deviceHelp() []key.Binding {
	if p.device.shown == "" {
		return []key.Binding{deviceKeys.Choose, listMoveHelp, deviceKeys.Back}
	}
	reveal := numberKeys.Reveal
	if p.revealed {
		reveal = numberKeys.Hide
	}
	return append([]key.Binding{deviceKeys.Back, reveal}, p.scroll.keys()...)
}

func (p *numberPage) deviceView() string {
	s := p.common.Styles
	d := p.device
	var b strings.Builder
	if d.shown != "" {
		b.WriteString(s.Key.Render(p.wrap(p.common.T("device.title", p.common.V().DeviceTitle(devices.All[d.cursor])))))
		b.WriteString("\n")
		// Broken only between words: a break inside "--reveal" would
		// show a command that is not the one to type.
		b.WriteString(s.Muted.Render(wrapWords(p.common.T("device.same_as", "credentials "+p.number.E164+" --device "+d.name+" --reveal"), p.width())))
		b.WriteString("\n\n")
		b.WriteString(wrapConfig(s, strings.TrimRight(d.shown, "\n"), p.width(), !devices.All[d.cursor].File))
		if !p.revealed {
			b.WriteString("\n\n")
			b.WriteString(s.OK.Render(p.wrap(p.common.T("device.hidden_card"))))
		}
		return b.String()
	}
	b.WriteString(s.Key.Render(p.common.T("device.choose_title")))
	b.WriteString("\n\n")
	for i, dev := range devices.All {
		title := p.common.V().DeviceTitle(dev)
		line := "  " + title
		if i == d.cursor {
			// The marker keeps the choice visible without colour.
			line = s.Selected.Render("▸ " + title)
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
	if d.err != "" {
		b.WriteString("\n")
		b.WriteString(s.Error.Render(p.wrap(d.err)))
	}
	return b.String()
}
