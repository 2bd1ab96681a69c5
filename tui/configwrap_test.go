package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// A setting wider than the window breaks at the column and keeps every
// character (spaces before the break go to the continued part, after the
// marker); a comment breaks between words; no line is wider than width.
func TestWrapConfigKeepsSettingsWhole(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	setting := "password = " + strings.Repeat("Ab3", 10) + "   tail"
	comment := "# one two three four five six seven eight nine ten eleven"
	out := ansi.Strip(wrapConfig(c.Styles, setting+"\n"+comment+"\nshort = 1", 20, false))
	lines := strings.Split(out, "\n")
	for _, l := range lines {
		if w := lipgloss.Width(l); w > 20 {
			t.Errorf("line %q is %d columns wide", l, w)
		}
	}
	var joined []string
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, continuedMark); ok {
			joined[len(joined)-1] += "\x00" + rest
			continue
		}
		joined = append(joined, l)
	}
	if len(joined) != 3 {
		t.Fatalf("want 3 lines after unwrapping, got %q", joined)
	}
	if got := strings.ReplaceAll(joined[0], "\x00", ""); got != setting {
		t.Errorf("the setting came back as %q, want %q", got, setting)
	}
	for _, part := range strings.Split(joined[0], "\x00") {
		if strings.HasSuffix(part, " ") {
			t.Errorf("a part of the setting ends in an unseen space: %q", part)
		}
	}
	if got := strings.ReplaceAll(joined[1], "\x00", " "); got != comment {
		t.Errorf("the comment came back as %q, want %q", got, comment)
	}
	for _, part := range strings.Split(joined[1], "\x00") {
		if strings.HasPrefix(part, " ") || strings.HasSuffix(part, " ") {
			t.Errorf("the comment broke inside a word or kept the space: %q", part)
		}
	}
	if joined[2] != "short = 1" {
		t.Errorf("a short line changed: %q", joined[2])
	}
}
