package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// scrollKeys scroll a page whose text is taller than the window (Help,
// Music or a number's card at 60x20).
var scrollKeys = struct{ Up, Down, Top, Bottom key.Binding }{
	Up:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll up")),
	Down:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "more")),
	Top:    key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")),
	Bottom: key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "bottom")),
}

// scrollBox shows a window of a page's text with a line that says there
// is more, instead of cutting the text off unseen.
type scrollBox struct {
	offset int
	lines  int // lines of the last content
	height int // lines of the last window
}

// overflows reports whether the last content was taller than its window.
func (b *scrollBox) overflows() bool { return b.lines > b.height }

// keys are the scroll keys that apply now, for the footer: pgdn while
// there is more below, pgup once there is some above.
func (b *scrollBox) keys() []key.Binding {
	var keys []key.Binding
	if b.overflows() && b.offset+b.height-1 < b.lines {
		keys = append(keys, scrollKeys.Down)
	}
	if b.overflows() && b.offset > 0 {
		keys = append(keys, scrollKeys.Up)
	}
	return keys
}

// update scrolls on pgup/pgdn/home/end and reports whether the key was one.
func (b *scrollBox) update(km tea.KeyMsg) bool {
	step := max(b.height-2, 1)
	switch {
	case key.Matches(km, scrollKeys.Up):
		b.offset -= step
	case key.Matches(km, scrollKeys.Down):
		b.offset += step
	case key.Matches(km, scrollKeys.Top):
		b.offset = 0
	case key.Matches(km, scrollKeys.Bottom):
		b.offset = b.lines
	default:
		return false
	}
	return true
}

// reveal scrolls the next view of a window of height lines just enough to
// show content lines from to to-1 (their start, if they do not all fit):
// a selection moved by a key stays on screen. Within the window's first
// screen it goes back to the top.
func (b *scrollBox) reveal(from, to, height int) {
	room := max(height-1, 1) // the last line says there is more
	to = min(to, from+room)
	switch {
	case to <= room && (from < b.offset || to > b.offset+room):
		b.offset = 0
	case from < b.offset:
		b.offset = from
	case to > b.offset+room:
		b.offset = to - room
	}
}

// view is the visible part of content in height lines; the last line says
// what is above or below when it does not all fit.
func (b *scrollBox) view(c Common, content string, height int) string {
	s := c.Styles
	lines := strings.Split(strings.TrimRight(content, "\n"), "\n")
	b.lines, b.height = len(lines), height
	if len(lines) <= height || height < 2 {
		b.offset = 0
		return content
	}
	room := height - 1
	b.offset = max(min(b.offset, len(lines)-room), 0)
	shown := lines[b.offset : b.offset+room]
	var hint string
	switch {
	case b.offset+room < len(lines) && b.offset > 0:
		hint = c.T("scroll.more_both")
	case b.offset > 0:
		hint = c.T("scroll.more_above")
	default:
		hint = c.T("scroll.more_below")
	}
	return strings.Join(shown, "\n") + "\n" + s.Muted.Render(hint)
}
