package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/portal"
)

// helpPage answers the questions of the provider's FAQ that the portal can.
type helpPage struct {
	common Common
	scroll scrollBox
}

func newHelpPage(c Common) *helpPage { return &helpPage{common: c} }

func (h *helpPage) Title() string      { return "Help" }
func (h *helpPage) Capturing() bool    { return false }
func (h *helpPage) SetCommon(c Common) { h.common = c }
func (h *helpPage) Init() tea.Cmd      { return nil }

// ShortHelp is the scroll keys when the answers do not fit.
func (h *helpPage) ShortHelp() []key.Binding { return h.scroll.keys() }

// FullHelp is the scroll keys.
func (h *helpPage) FullHelp() [][]key.Binding {
	return [][]key.Binding{{scrollKeys.Down, scrollKeys.Up, scrollKeys.Top, scrollKeys.Bottom}}
}

func (h *helpPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		h.scroll.update(km)
	}
	return h, nil
}

func (h *helpPage) View() string {
	s := h.common.Styles
	c := h.common
	wrap := lipgloss.NewStyle().Width(pageWidth(c))
	var b strings.Builder
	b.WriteString(s.Title.Render("Help"))
	b.WriteString("\n")
	items := []struct{ q, a, cmd string }{
		{"Cannot log in?", "Your user ID is your email address (old 4- or 5-digit customer numbers no longer work). " +
			"Use the login password, not the VoIP password.", ""},
		{"Forgot your password?", "Connect as forgot@ this portal:", fmt.Sprintf("ssh -p %d forgot@%s", c.Port, c.Host)},
		{"Two-factor authentication", "Only with an authenticator app; codes are never sent by email. Set it up under My account.", ""},
		{"Lost the phone with your authenticator app?", portal.LostPhoneAdvice(c.Svc.Cfg.CareEmail), ""},
		{"VoIP password (SIP credentials)", "Phone numbers, then open a number: the SIP-Credentials card.", ""},
		{"Customer care", c.Svc.Cfg.CareEmail, ""},
	}
	for _, it := range items {
		b.WriteString(s.Key.Render(it.q) + "\n")
		b.WriteString(wrap.Render(it.a) + "\n")
		if it.cmd != "" {
			b.WriteString(copyLine(it.cmd, c.Width) + "\n")
		}
		b.WriteString("\n")
	}
	return h.scroll.view(s, b.String(), c.Height)
}
