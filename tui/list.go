package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// listKeys move in every list, as in lazygit, k9s and soft-serve. While a
// search takes text, only the keys that type nothing apply (typing says so).
var listKeys = struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}{
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
	PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
	Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
	Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
}

// allListKeys are the list keys for the ? overlay.
func allListKeys() []key.Binding {
	return []key.Binding{listKeys.Up, listKeys.Down, listKeys.PageUp, listKeys.PageDown, listKeys.Top, listKeys.Bottom}
}

// listMoveHelp is the one footer hint for moving in a list.
var listMoveHelp = key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑/↓", "select"))

// listNav is the cursor and scroll offset of a list of n rows of which
// height are visible. Rows are drawn by the page; listNav only says which.
type listNav struct {
	cursor, offset, n, height int
}

// setLen sets the row count (a new filter) and puts the cursor on the
// first row, so a narrowed list shows its first matches.
func (l *listNav) setLen(n int) {
	l.n, l.cursor, l.offset = n, 0, 0
}

// resize sets the row count of the same list reloaded, keeping the cursor
// where it was (clamped to the new length).
func (l *listNav) resize(n int) {
	l.n = n
	l.clamp()
}

// setHeight sets how many rows fit and keeps the cursor visible.
func (l *listNav) setHeight(h int) {
	l.height = max(h, 1)
	l.clamp()
}

// update moves on a list key and reports whether the key was one. With
// typing, the letters (j, k, g, G) are text and are left alone.
func (l *listNav) update(km tea.KeyMsg, typing bool) bool {
	letter := km.Type == tea.KeyRunes
	switch {
	case typing && letter:
		return false
	case key.Matches(km, listKeys.Up):
		l.cursor--
	case key.Matches(km, listKeys.Down):
		l.cursor++
	case key.Matches(km, listKeys.PageUp):
		l.cursor -= l.height
	case key.Matches(km, listKeys.PageDown):
		l.cursor += l.height
	case key.Matches(km, listKeys.Top):
		l.cursor = 0
	case key.Matches(km, listKeys.Bottom):
		l.cursor = l.n - 1
	default:
		return false
	}
	l.clamp()
	return true
}

func (l *listNav) clamp() {
	l.cursor = max(min(l.cursor, l.n-1), 0)
	if l.height <= 0 {
		return
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+l.height {
		l.offset = l.cursor - l.height + 1
	}
	l.offset = max(min(l.offset, l.n-l.height), 0)
}

// visible is the range of rows on screen.
func (l *listNav) visible() (from, to int) {
	return l.offset, min(l.offset+max(l.height, 1), l.n)
}

// position says which rows are on screen ("rows 3-12 of 25"), or nothing
// when all are.
func (l *listNav) position(c Common) string {
	from, to := l.visible()
	if from == 0 && to == l.n {
		return ""
	}
	return c.T("numbers.scroll_position", from+1, to, l.n)
}

// moveInShortList moves *cursor in a list of n rows that are all on
// screen (the device chooser, the language chooser) on the same keys as
// every other list, and reports whether km was one of them.
func moveInShortList(cursor *int, n int, km tea.KeyMsg) bool {
	l := listNav{cursor: *cursor, n: n, height: n}
	if !l.update(km, false) {
		return false
	}
	*cursor = l.cursor
	return true
}
