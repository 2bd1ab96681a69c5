package tui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are built once per session from the session's renderer, so colour
// support follows the customer's terminal, not the server's.
type Styles struct {
	Header, Brand, User, TabActive, Tab, Title, Muted, Error, OK, Card, Key lipgloss.Style
	// Selected is the selected row of a list.
	Selected lipgloss.Style
	// HelpKey and HelpDesc style the footer's key hints and the ? overlay.
	HelpKey, HelpDesc, HelpSep lipgloss.Style
	// NoColor is true when the terminal gets no styling at all (NO_COLOR,
	// TERM=dumb): the renderer then drops bold and reverse video too, so
	// selection and focus are shown with the ▸ marker (no-color.org).
	NoColor bool
}

// accent is the brand colour. The server always renders for a dark
// background (a remote session cannot be asked reliably), so there is no
// light-background variant that could never apply.
var accent = lipgloss.Color("#9D8CFF")

// NewStyles builds the styles for a renderer.
func NewStyles(r *lipgloss.Renderer) Styles {
	return Styles{
		Header:    r.NewStyle().Padding(0, 1),
		Brand:     r.NewStyle().Bold(true).Foreground(accent),
		User:      r.NewStyle().Faint(true),
		TabActive: r.NewStyle().Bold(true).Reverse(true),
		Tab:       r.NewStyle(),
		Title:     r.NewStyle().Bold(true).MarginBottom(1),
		Muted:     r.NewStyle().Faint(true),
		Error:     r.NewStyle().Foreground(lipgloss.Color("9")),
		OK:        r.NewStyle().Foreground(lipgloss.Color("10")),
		Card:      r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Key:       r.NewStyle().Bold(true),
		Selected:  r.NewStyle().Reverse(true),
		HelpKey:   r.NewStyle().Bold(true),
		HelpDesc:  r.NewStyle().Faint(true),
		HelpSep:   r.NewStyle().Faint(true),
		NoColor:   r.ColorProfile() == termenv.Ascii,
	}
}

// marker is the selection marker of a row: ▸ when selected, else blanks of
// the same width, so the mark shows with and without colour.
func marker(selected bool) string {
	if selected {
		return "▸ "
	}
	return "  "
}
