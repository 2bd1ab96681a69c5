package tui

// The components other terminal interfaces build on (the customer-care
// terminal in tui/care), exported here as thin wrappers so the portal's
// own pages keep using the unexported names.

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Form is the portal's form component: labelled inputs, focus and keys.
type Form struct{ f *form }

// NewForm is an empty form; submit names what enter does ("save").
func NewForm(submit string) *Form { return &Form{f: newForm(submit)} }

// Add appends a field.
func (f *Form) Add(label string, in textinput.Model) *Form { f.f.add(label, in); return f }

// Start empties every field and focuses the first.
func (f *Form) Start() tea.Cmd { return f.f.start() }

// Stop empties and blurs every field.
func (f *Form) Stop() { f.f.stop() }

// Value is what was typed into field i.
func (f *Form) Value(i int) string { return f.f.value(i) }

// Len is the number of fields.
func (f *Form) Len() int { return len(f.f.inputs) }

// Update moves focus or types; submit is true on enter in the last field.
func (f *Form) Update(msg tea.KeyMsg) (submit bool, cmd tea.Cmd) { return f.f.update(msg) }

// View draws the fields with aligned labels and the focus marker.
func (f *Form) View() string { return f.f.view() }

// ShortHelp is the form's part of the footer.
func (f *Form) ShortHelp() []key.Binding { return f.f.ShortHelp() }

// FullHelp is the form's part of the ? overlay.
func (f *Form) FullHelp() [][]key.Binding { return f.f.FullHelp() }

// NewLineInput is a one-line input in the session's styles (s), without
// prompt, paste or blinking cursor; limit caps the runes (0: no cap).
func NewLineInput(s Styles, limit int) textinput.Model { return newLineInput(s, limit) }

// ListNav is the cursor and scroll offset of a list whose rows the caller
// draws.
type ListNav struct{ n listNav }

// SetLen sets the row count and puts the cursor on the first row.
func (l *ListNav) SetLen(n int) { l.n.setLen(n) }

// SetHeight sets how many rows fit.
func (l *ListNav) SetHeight(h int) { l.n.setHeight(h) }

// Update moves on a list key and reports whether the key was one; with
// typing, letters are left to the input.
func (l *ListNav) Update(km tea.KeyMsg, typing bool) bool { return l.n.update(km, typing) }

// Cursor is the selected row.
func (l *ListNav) Cursor() int { return l.n.cursor }

// Visible is the range of rows on screen.
func (l *ListNav) Visible() (from, to int) { return l.n.visible() }

// Position says which rows are on screen, or "" when all are.
func (l *ListNav) Position() string { return l.n.position(Common{}) } // English, as the care terminal is

// ListMoveHelp is the footer hint for moving in a list.
var ListMoveHelp = listMoveHelp

// ScrollBox shows a window of a text taller than its room, with a line
// that says there is more.
type ScrollBox struct{ b scrollBox }

// Keys are the scroll keys that apply now, for the footer.
func (b *ScrollBox) Keys() []key.Binding { return b.b.keys() }

// AllKeys are every scroll key, for the ? overlay.
func (b *ScrollBox) AllKeys() []key.Binding {
	return []key.Binding{scrollKeys.Down, scrollKeys.Up, scrollKeys.Top, scrollKeys.Bottom}
}

// Update scrolls on pgup/pgdn/home/end and reports whether the key was one.
func (b *ScrollBox) Update(km tea.KeyMsg) bool { return b.b.update(km) }

// Reset scrolls back to the top.
func (b *ScrollBox) Reset() { b.b.offset = 0 }

// View is the visible part of content in height lines.
func (b *ScrollBox) View(s Styles, content string, height int) string {
	return b.b.view(Common{Styles: s}, content, height)
}

// NewHelp is the footer's help model in the session's styles.
func NewHelp(s Styles) help.Model { return newHelp(s) }

// FooterView is the key hints of km in width columns (the ? overlay when
// h.ShowAll); the last keep keys of the short line are never dropped.
func FooterView(h help.Model, km help.KeyMap, keep, width int) string {
	return fitFooter(h, km, keep, width)
}

// Marker is the selection marker of a row, visible without colour.
func Marker(selected bool) string { return marker(selected) }
