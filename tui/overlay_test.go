package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// selectedRow finds the number on the row marked ▸ in a Phone numbers view,
// or "" when no marked row is on screen.
var selectedRow = regexp.MustCompile(`▸ (\+41 \d\d \d\d\d \d\d \d\d)`)

// With the ? overlay open, the list is sized to the room the overlay
// leaves: moving keeps the selected row and the position line on screen,
// and enter opens the number that was visible.
func TestListUnderTheHelpOverlayKeepsTheSelectionOnScreen(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		// One key at a time: each settles (the list loads) before the next.
		for _, k := range keys2("2?jjjjjjjjjj") {
			run(t, app, k)
		}
		v := app.View()
		m := selectedRow.FindStringSubmatch(v)
		if m == nil {
			t.Fatalf("%dx%d: the selected row is not on screen:\n%s", size[0], size[1], v)
		}
		if !regexp.MustCompile(`\d+-11 of 25`).MatchString(v) {
			t.Errorf("%dx%d: the position line does not end at the 11th row:\n%s", size[0], size[1], v)
		}
		if !strings.Contains(v, "enter open number") {
			t.Errorf("%dx%d: the overlay is not open:\n%s", size[0], size[1], v)
		}
		run(t, app, tea.KeyMsg{Type: tea.KeyEnter})
		if got := app.View(); !strings.Contains(got, m[1]) || selectedRow.MatchString(got) {
			t.Errorf("%dx%d: enter did not open the selected %s:\n%s", size[0], size[1], m[1], got)
		}
	}
}

// The ? overlay names the pages as their tabs do, in every language:
// German nouns keep their capital ("1 Übersicht", "4 Mein Konto"), so no
// language's titles are lower-cased.
func TestHelpOverlayNamesThePagesAsTheTabsDo(t *testing.T) {
	t.Parallel()
	base := goldenCommon(t, false)
	for _, loc := range everyLocale {
		c := base
		c.Voice = voiceIn(loc)
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 160, Height: 40})
		run(t, app, keys2("?")...)
		// The overlay alone: the tab bar above names the pages too.
		v := footerView(app.help, app.keyMap(), 160)
		for i, p := range app.pages {
			want := regexp.MustCompile(fmt.Sprintf(`(^|\s)%d %s(\s|$)`, i+1, regexp.QuoteMeta(p.Title())))
			if !want.MatchString(v) {
				t.Errorf("%s: the overlay does not name page %d %q as its tab does:\n%s", loc, i+1, p.Title(), v)
			}
		}
	}
}
