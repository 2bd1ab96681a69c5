package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
)

// A 60-character label on the Dashboard stays on its number's line, cut
// with "…", at 80x24 and at 60x20: it never wraps into a second line nor
// widens the screen. The number sorts first, so it is on screen.
func TestDashboardLongLabelStaysOneLine(t *testing.T) {
	t.Parallel()
	const label = "Customer service hotline, Zurich office, night shift TAILEND"
	if n := len([]rune(label)); n != 60 {
		t.Fatalf("the label has %d characters, want 60", n)
	}
	c := goldenCommon(t, false)
	if _, err := c.Svc.AddNumber(context.Background(), c.Svc.DB, c.Account.ID, "+41211234567", portal.ProductPBX, "", label); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		screen := ansi.Strip(app.View())
		lines := strings.Split(screen, "\n")
		if len(lines) != size[1] {
			t.Errorf("%dx%d: the screen has %d lines", size[0], size[1], len(lines))
		}
		row := -1
		for i, l := range lines {
			if w := lipgloss.Width(l); w > size[0] {
				t.Errorf("%dx%d: line %d is %d columns wide: %q", size[0], size[1], i+1, w, l)
			}
			if strings.Contains(l, "+41 21 123 45 67") {
				row = i
			}
		}
		if row < 0 {
			t.Fatalf("%dx%d: the number with the long label is not on the Dashboard:\n%s", size[0], size[1], screen)
		}
		got := strings.TrimSpace(lines[row])
		if !strings.Contains(got, "Customer service") || !strings.HasSuffix(got, "…") {
			t.Errorf("%dx%d: want the label's start cut with \"…\" on the number's line, got %q", size[0], size[1], got)
		}
		if strings.Contains(screen, "TAILEND") {
			t.Errorf("%dx%d: the label's end is on the screen, so it was not cut on its line:\n%s", size[0], size[1], screen)
		}
		if next := strings.TrimSpace(lines[row+1]); !strings.HasPrefix(next, "+41 ") {
			t.Errorf("%dx%d: the line after the number is %q, want the next number", size[0], size[1], next)
		}
	}
}
