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
	// Plain, Placeholder and Cursor are a text field's text, its
	// placeholder (dim, so it never reads as a value already typed in)
	// and its cursor (reverse video). A field built without them keeps
	// the bubbles defaults, rendered by the server's own colourless
	// renderer: no dim placeholder and no cursor cell at all.
	Plain, Placeholder, Cursor lipgloss.Style
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
	noColor := r.ColorProfile() == termenv.Ascii
	placeholder, cursor := r.NewStyle().Faint(true), r.NewStyle().Reverse(true)
	if noColor {
		// The renderer drops every attribute without colour, but dim and
		// reverse video are attributes, not colours (no-color.org), and
		// a field needs them: they are written directly, as the QR
		// code's reverse video is.
		placeholder = r.NewStyle().Transform(sgrAround(sgrFaint, sgrNoFaint))
		cursor = r.NewStyle().Transform(sgrAround(sgrReverse, sgrNoReverse))
	}
	return Styles{
		Header:      r.NewStyle().Padding(0, 1),
		Brand:       r.NewStyle().Bold(true).Foreground(accent),
		User:        r.NewStyle().Faint(true),
		TabActive:   r.NewStyle().Bold(true).Reverse(true),
		Tab:         r.NewStyle(),
		Title:       r.NewStyle().Bold(true).MarginBottom(1),
		Muted:       r.NewStyle().Faint(true),
		Error:       r.NewStyle().Foreground(lipgloss.Color("9")),
		OK:          r.NewStyle().Foreground(lipgloss.Color("10")),
		Card:        r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Key:         r.NewStyle().Bold(true),
		Selected:    r.NewStyle().Reverse(true),
		HelpKey:     r.NewStyle().Bold(true),
		HelpDesc:    r.NewStyle().Faint(true),
		HelpSep:     r.NewStyle().Faint(true),
		Plain:       r.NewStyle(),
		Placeholder: placeholder,
		Cursor:      cursor,
		NoColor:     noColor,
	}
}

// Dim on and off; off (22) also ends bold, which a placeholder never has.
const (
	sgrFaint   = "\x1b[2m"
	sgrNoFaint = "\x1b[22m"
)

// sgrAround is a transform that puts text between an attribute's on and
// off escapes.
func sgrAround(on, off string) func(string) string {
	return func(s string) string {
		if s == "" {
			return s
		}
		return on + s + off
	}
}

// placeholder is a field's placeholder as the session shows it. Without
// colour it is also put in brackets: dim is the only other sign that it
// is not a value, and dim is a change of colour that some terminals do
// not make (TERM=dumb, the Linux console, several fonts), so a NO_COLOR
// customer would again see "name@example.ch" as already filled in.
// Brackets read as "fill in" and never as part of a password's dots.
func (s Styles) placeholder(text string) string {
	if text == "" || !s.NoColor {
		return text
	}
	return "[" + text + "]"
}

// marker is the selection marker of a row: ▸ when selected, else blanks of
// the same width, so the mark shows with and without colour.
func marker(selected bool) string {
	if selected {
		return "▸ "
	}
	return "  "
}
