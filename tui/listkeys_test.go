package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// listKeyPresses are the list keys of lazygit, k9s and soft-serve, each
// with the row it must select in a list of n rows starting from the first.
func listKeyPresses(n int) []struct {
	key  tea.KeyMsg
	name string
	row  int
} {
	r := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	return []struct {
		key  tea.KeyMsg
		name string
		row  int
	}{
		{r("j"), "j", 1},
		{r("G"), "G", n - 1},
		{r("k"), "k", n - 2},
		{r("g"), "g", 0},
		{tea.KeyMsg{Type: tea.KeyEnd}, "end", n - 1},
		{tea.KeyMsg{Type: tea.KeyHome}, "home", 0},
		{tea.KeyMsg{Type: tea.KeyPgDown}, "pgdn", n - 1},
		{tea.KeyMsg{Type: tea.KeyPgUp}, "pgup", 0},
		{tea.KeyMsg{Type: tea.KeyDown}, "down", 1},
		{tea.KeyMsg{Type: tea.KeyUp}, "up", 0},
	}
}

// selectedLine is the line of a view marked ▸, without the marker.
func selectedLine(t *testing.T, view string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if _, after, ok := strings.Cut(l, "▸ "); ok {
			return strings.TrimSpace(after)
		}
	}
	t.Fatalf("no row is selected:\n%s", view)
	return ""
}

// The device chooser of a number's card moves on every list key.
func TestDeviceChooserTakesTheListKeys(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	app := phoneNumbersApp(t, c)
	openNumber(t, app, "office")
	drive(t, app, keys2("d")...)
	titles := []string{"AVM FRITZ!Box", "Yealink", "Snom", "Asterisk PJSIP", "FreeSWITCH", "baresip", "Linphone", "MicroSIP"}
	for _, p := range listKeyPresses(len(titles)) {
		drive(t, app, p.key)
		if got := selectedLine(t, app.View()); !strings.HasPrefix(got, titles[p.row]) {
			t.Errorf("%s: selected %q, want %s", p.name, got, titles[p.row])
		}
	}
}

// The language and time-zone choosers of My account move on every list key.
func TestLanguageChooserTakesTheListKeys(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	run(t, app, keys2("4l")...)
	languages := []string{"Automatic", "German", "French", "Italian", "English"}
	for _, p := range listKeyPresses(len(languages)) {
		run(t, app, p.key)
		if got := selectedLine(t, app.View()); !strings.HasPrefix(got, languages[p.row]) {
			t.Errorf("language, %s: selected %q, want %s", p.name, got, languages[p.row])
		}
	}
	run(t, app, tea.KeyMsg{Type: tea.KeyEsc})
	run(t, app, keys2("z")...)
	zones := []string{"Automatic", "Europe/Zurich", "Europe/Vienna"}
	for _, p := range listKeyPresses(len(zones)) {
		run(t, app, p.key)
		if got := selectedLine(t, app.View()); !strings.HasPrefix(got, zones[p.row]) {
			t.Errorf("time zone, %s: selected %q, want %s", p.name, got, zones[p.row])
		}
	}
}
