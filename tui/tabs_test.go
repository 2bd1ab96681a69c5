package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The tab row keeps the one-column left margin of every other line at
// every size, with the first tab active or another, in colour or not:
// no tab label starts in the first column.
func TestTabRowKeepsTheLeftMargin(t *testing.T) {
	t.Parallel()
	for _, colour := range []bool{false, true} {
		c := goldenCommon(t, colour)
		for _, size := range goldenSizes {
			for _, page := range []string{"1", "2"} {
				app := newQuickApp(c)
				run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				run(t, app, keys2(page)...)
				tabs := ansi.Strip(strings.Split(app.View(), "\n")[1])
				// Padded tabs (80 columns and more) start with their
				// padding, which the active tab's ▸ may take without colour;
				// unpadded ones (60 columns) with the margin itself.
				margin := strings.HasPrefix(tabs, " ") || size[0] > 60 && strings.HasPrefix(tabs, "▸")
				if !margin {
					t.Errorf("%dx%d colour=%v page %s: tab row %q lacks its one-column margin", size[0], size[1], colour, page, tabs)
				}
			}
		}
	}
}
