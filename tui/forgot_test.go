package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// The forgot form checks the form of the address: "notanemail" is refused
// with a hint and sends nothing; every well-formed address, known or not,
// gets the one answer.
func TestForgotFormChecksTheFormOfTheAddress(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	m := NewForgot(FlowCommon{Common: c, Region: portal.RegionCH})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	typeInto := func(s string) tea.Cmd {
		for _, r := range s {
			m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
		return cmd
	}
	if cmd := typeInto("notanemail"); cmd != nil {
		t.Fatal("a request went out for notanemail")
	}
	if v := m.View(); !strings.Contains(v, "That is not an email address") || strings.Contains(v, "If the data you entered") {
		t.Fatalf("notanemail:\n%s", v)
	}
	for range "notanemail" {
		m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	cmd := typeInto("nobody@example.ch")
	if cmd == nil {
		t.Fatal("no request for a well-formed address")
	}
	m.Update(cmd())
	if v := m.View(); !strings.Contains(v, "If the data you entered matches an account") || strings.Contains(v, "not an email address") {
		t.Fatalf("well-formed address:\n%s", v)
	}
}

func TestLooksLikeEmail(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"alice@example.ch": true, "a.b+c@sub.example.at": true,
		"notanemail": false, "alice@": false, "@example.ch": false, "alice@localhost": false,
		"Alice <alice@example.ch>": false, "alice@example.": false, "al ice@example.ch": false,
	} {
		if got := portal.LooksLikeEmail(s); got != want {
			t.Errorf("LooksLikeEmail(%q) = %v, want %v", s, got, want)
		}
	}
}
