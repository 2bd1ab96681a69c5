package tui

import (
	"fmt"

	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/portal"
)

// FlowCommon is what the two programs that run without a login need: the
// forgot-password form and the reset-link form.
type FlowCommon struct {
	Common
	Region string // the portal's region: CH asks only the email, AT also the user ID
	Source string // remote address, for throttling
}

// flowWidth is the width of a flow's text: the terminal less a margin, at
// most 76 columns.
func flowWidth(c Common) int {
	if c.Width == 0 {
		return 76
	}
	return max(min(c.Width-4, 76), 20)
}

// commandWidth is the width of a command shown to be copied in a flow:
// every column but the margins, since it cannot be wrapped like prose.
func commandWidth(c Common) int {
	if c.Width == 0 {
		return 76
	}
	return max(c.Width-2, 20)
}

// prose wraps running text to the flow's width. Commands are not prose:
// they go through copyLine.
func prose(c Common, text string) string {
	return lipgloss.NewStyle().Width(flowWidth(c)).Render(text)
}

// flowFrame centres a flow's text in the terminal under the brand. The text
// is wrapped by its parts (prose, copyLine), not here, so a command is
// never broken like prose.
func flowFrame(c Common, body string) string {
	s := c.Styles
	text := s.Brand.Render(c.Svc.Cfg.Brand) + "\n\n" + body
	if c.Width == 0 {
		return text
	}
	if lipgloss.Height(text) > c.Height {
		text = body // the brand is decoration: dropped first on a short terminal
	}
	// Padded to its widest line, the text is centred as one block, left-aligned within.
	block := lipgloss.NewStyle().Width(lipgloss.Width(text)).Render(text)
	return lipgloss.Place(c.Width, c.Height, lipgloss.Center, lipgloss.Center, block)
}

// InvalidLinkText is the one message for an unknown, expired or used link.
func InvalidLinkText(v portal.Voice, host string, port int) string {
	return fmt.Sprintf("%s\n%s  ssh -p %d forgot@%s", v.T("reset.invalid_link"), v.T("reset.ask_new_link"), port, host)
}
