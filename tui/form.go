package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// form is the one form component of the portal: a column of labelled
// inputs with focus handling and its own keys. Every form of the portal (My
// account's cards, 2FA, the forgot-password and reset flows) is one.
type form struct {
	labels []string
	inputs []textinput.Model
	focus  int
	keys   formKeyMap
}

// formKeyMap is a form's keys; ShortHelp and FullHelp make it a help.KeyMap.
type formKeyMap struct {
	Next, Prev, Submit, Cancel key.Binding
}

// newForm builds an empty form; submit names what enter does ("save").
func newForm(submit string) *form {
	return &form{keys: formKeyMap{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", submit)),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}}
}

// add appends a field.
func (f *form) add(label string, in textinput.Model) *form {
	f.labels = append(f.labels, label)
	f.inputs = append(f.inputs, in)
	f.keys.Next.SetEnabled(len(f.inputs) > 1)
	f.keys.Prev.SetEnabled(len(f.inputs) > 1)
	return f
}

// start empties every field and focuses the first: a form never opens
// with what was typed into it (or into another form) before.
func (f *form) start() tea.Cmd {
	for i := range f.inputs {
		f.inputs[i].SetValue("")
	}
	return f.focusOn(0)
}

// stop empties and blurs every field.
func (f *form) stop() {
	for i := range f.inputs {
		f.inputs[i].SetValue("")
		f.inputs[i].Blur()
	}
	f.focus = 0
}

func (f *form) focusOn(i int) tea.Cmd {
	for j := range f.inputs {
		f.inputs[j].Blur()
	}
	f.focus = i
	return f.inputs[i].Focus()
}

// value is what was typed into field i.
func (f *form) value(i int) string { return f.inputs[i].Value() }

// clear empties field i (a refused one-time code).
func (f *form) clear(i int) { f.inputs[i].SetValue("") }

// update moves focus on tab/shift+tab and types into the focused input;
// enter on the last field reports submit. Cancel is the caller's, which
// knows what esc goes back to.
func (f *form) update(msg tea.KeyMsg) (submit bool, cmd tea.Cmd) {
	n := len(f.inputs)
	switch {
	case key.Matches(msg, f.keys.Next):
		return false, f.focusOn((f.focus + 1) % n)
	case key.Matches(msg, f.keys.Prev):
		return false, f.focusOn((f.focus + n - 1) % n)
	case key.Matches(msg, f.keys.Submit):
		if f.focus < n-1 {
			return false, f.focusOn(f.focus + 1)
		}
		return true, nil
	}
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	return false, cmd
}

// ShortHelp is the form's part of the footer.
func (f *form) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Submit, f.keys.Next, f.keys.Cancel}
}

// FullHelp is the form's part of the ? overlay.
func (f *form) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.keys.Submit, f.keys.Cancel}, {f.keys.Next, f.keys.Prev}}
}

// view draws the fields with aligned labels; the focused one carries the
// ▸ marker, which stays visible without colour.
func (f *form) view() string {
	w := 0
	for _, l := range f.labels {
		w = max(w, len([]rune(l)))
	}
	var b strings.Builder
	for i, l := range f.labels {
		b.WriteString(marker(i == f.focus && f.inputs[i].Focused()))
		b.WriteString(l + strings.Repeat(" ", w-len([]rune(l))+1))
		b.WriteString(f.inputs[i].View() + "\n")
	}
	return b.String()
}

// newInput is a text input for a remote session, styled by the session's
// renderer (s): a dim placeholder and a reverse-video cursor, which the
// bubbles defaults lose on the server's colourless renderer. The cursor
// is steady: a blinking one would send a frame over the network twice a
// second while nothing changes. Its ctrl+v binding is off: it would read
// the clipboard of the server, not the customer's (the customer's
// terminal pastes by typing, which still works).
func newInput(s Styles, placeholder string) textinput.Model {
	in := textinput.New()
	in.KeyMap.Paste.SetEnabled(false)
	in.PromptStyle, in.TextStyle = s.Plain, s.Plain
	in.PlaceholderStyle, in.CompletionStyle = s.Placeholder, s.Placeholder
	in.Cursor.Style, in.Cursor.TextStyle = s.Cursor, s.Plain
	in.Placeholder = s.placeholder(placeholder)
	_ = in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// newSecretInput is a masked input for passwords.
func newSecretInput(s Styles, placeholder string) textinput.Model {
	in := newInput(s, placeholder)
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 128
	return in
}

// newLineInput is a one-line input for the portal's pages: the package's
// input without a prompt. limit caps the runes; 0 means no cap.
func newLineInput(s Styles, limit int) textinput.Model {
	in := newInput(s, "")
	in.Prompt = ""
	in.CharLimit = limit
	return in
}

// formHints is a form's keys as a hint line, for the flows that have no
// footer; it comes from the same bindings as the portal's footer.
func formHints(c Common, f *form) string {
	h := newHelp(c.Styles)
	return h.ShortHelpView(localKeys(c, f.ShortHelp()))
}
