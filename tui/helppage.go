package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// helpPage answers the questions of the provider's FAQ that the portal can.
type helpPage struct{ common Common }

func newHelpPage(c Common) *helpPage { return &helpPage{common: c} }

func (h *helpPage) Title() string                  { return "Help" }
func (h *helpPage) Capturing() bool                { return false }
func (h *helpPage) SetCommon(c Common)             { h.common = c }
func (h *helpPage) Init() tea.Cmd                  { return nil }
func (h *helpPage) Update(tea.Msg) (Page, tea.Cmd) { return h, nil }

func (h *helpPage) View() string {
	s := h.common.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Help"))
	b.WriteString("\n")
	items := []struct{ q, a string }{
		{"Cannot log in?", "Your user ID is your email address (old 4- or 5-digit customer numbers no longer work).\n" +
			"Use the login password, not the VoIP password."},
		{"Forgot your password?", fmt.Sprintf("Connect as forgot@ this portal: ssh -p %d forgot@%s", h.common.Port, h.common.Host)},
		{"Two-factor authentication", "Only with an authenticator app; codes are never sent by email. Set it up under My account."},
		{"VoIP password (SIP credentials)", "Phone numbers, then open a number: the SIP-Credentials card."},
		{"Customer care", h.common.Svc.Cfg.CareEmail},
	}
	for _, it := range items {
		b.WriteString(s.Key.Render(it.q))
		b.WriteString("\n")
		b.WriteString(it.a)
		b.WriteString("\n\n")
	}
	return b.String()
}
