package care

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// The sizes the care terminal is drawn at: the smallest supported, the
// classic terminal and a large one.
var goldenSizes = [][2]int{{60, 20}, {80, 24}, {120, 40}}

// goldenScreens are the states whose whole screen is the contract.
var goldenScreens = []struct{ name, keys string }{
	{"search", ""},
	{"search-typed", "ali"},
	{"search-list", "\x1b"},
	{"search-keys", "\x1b?"},
	{"account", "alice\r\r"},
	{"account-keys", "alice\r\r?"},
	{"twofactor-form", "alice\r\rt"},
	{"addnumber-form", "alice\r\ra"},
	{"reset-confirm", "alice\r\rp"},
	{"unlock-done", "alice\r\ruy"},
}

func TestGoldenViews(t *testing.T) {
	t.Parallel()
	// A fresh store for every view: some keys change it.
	for _, colour := range []bool{false, true} {
		mode := "nocolor"
		if colour {
			mode = "colour"
		}
		for _, sc := range goldenScreens {
			for _, size := range goldenSizes {
				t.Run(fmt.Sprintf("%s-%dx%d-%s", sc.name, size[0], size[1], mode), func(t *testing.T) {
					t.Parallel() // a fresh SQLite store and golden file per view
					f := newFixture(t, dbtest.SQLite(t))
					a := f.app(t, size[0], size[1], colour)
					press(t, a, sc.keys)
					v := a.View()
					if h := lipgloss.Height(v); h != size[1] {
						t.Errorf("view is %d lines high, want %d", h, size[1])
					}
					for i, line := range strings.Split(v, "\n") {
						if w := lipgloss.Width(line); w > size[0] {
							t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, size[0], line)
						}
					}
					golden.RequireEqual(t, []byte(v))
				})
			}
		}
	}
}
