package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// quits reports whether cmd ends the program.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// esc and ctrl+c leave the forgot form at any time; q is a letter of the
// address while the form is open and closes the flow once it finished.
func TestForgotFlowKeys(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	for _, k := range []tea.KeyMsg{{Type: tea.KeyEsc}, {Type: tea.KeyCtrlC}} {
		m := NewForgot(FlowCommon{Common: c, Region: portal.RegionCH})
		m.Init()
		if _, cmd := m.Update(k); !quits(cmd) {
			t.Errorf("%s does not leave the form", k)
		}
	}
	m := NewForgot(FlowCommon{Common: c, Region: portal.RegionCH})
	m.Init()
	for _, r := range "q@example.ch" {
		if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}); quits(cmd) {
			t.Fatalf("%q left the open form", r)
		}
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("no request for a well-formed address")
	}
	m.Update(cmd())
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}}); !quits(cmd) {
		t.Error("q does not close the finished flow")
	}
}
