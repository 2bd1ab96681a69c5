package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// The search finds a number written any way the commands take it:
// credentials '+41 (0)44 123 45 67' found the number while the search
// showed 0 results. Whole numbers are read as the commands read them
// (portal.ParseNumber in the account's region: also "+41 044 ...", whose
// digits are no form of the number); while a number with "(0)" is being
// typed, key by key, it never drops out of the list.
func TestSearchTakesNumbersAsTheCommandsDo(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	const want = "+41447778899"
	for _, tc := range []struct {
		q        string
		keyByKey bool // every prefix keeps the number in the list
	}{
		{"+41 (0)44 777 88 99", true}, {"+41(0)447778899", true}, {"0041 (0)44 777 88 99", true},
		{"+41 (0) 44 777 88 99", true}, {"+41-44-777.88.99", true},
		{"+41 044 777 88 99", false}, {"0041 044 777 88 99", false},
	} {
		if e164, err := portal.ParseNumber(tc.q, c.Account.Region); e164 != want {
			t.Fatalf("the commands read %q as %q (%v), not %s", tc.q, e164, err, want)
		}
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
		run(t, app, keys2("2/")...)
		p := app.pages[app.active].(*numbersPage)
		typed := ""
		for _, r := range tc.q {
			typed += string(r)
			run(t, app, keys2(string(r))...)
			found := false
			for _, n := range p.shown {
				found = found || n.E164 == want
			}
			if !found && (tc.keyByKey || typed == tc.q) {
				t.Fatalf("typing %q: at %q the list (%d numbers) lost %s:\n%s", tc.q, typed, len(p.shown), want, app.View())
			}
		}
		wantIn(t, app.View(), "1 of 25", "+41 44 777 88 99")
	}
}
