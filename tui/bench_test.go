package tui

import (
	"bytes"
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// Rendering a page's view is the TUI's per-keypress CPU cost: Bubble Tea
// calls View after every message. Each page is measured at the size the
// end-to-end tests use, in 256 colours as an xterm-256color client gets it.

func benchApp(b *testing.B, profile termenv.Profile) *App {
	b.Helper()
	d := dbtest.SQLite(b)
	svc := portaltest.New(b, d, nil)
	demo, ok, err := svc.SeedDemo(context.Background())
	if err != nil || !ok {
		b.Fatal(err)
	}
	acct, err := db.AccountByUserID(context.Background(), d, demo.Email)
	if err != nil {
		b.Fatal(err)
	}
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(true)
	app := New(Common{Ctx: context.Background(), Svc: svc, Account: acct, Styles: NewStyles(r), Host: "localhost", Port: 2222})
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	app.Update(app.Init()()) // the dashboard's numbers
	return app
}

func BenchmarkView(b *testing.B) {
	app := benchApp(b, termenv.ANSI256)
	for i, p := range app.pages {
		app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune('1' + i)}})
		b.Run(p.Title(), func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(app.View())
			}
			b.ReportMetric(float64(n), "bytes/frame")
		})
	}
}

// BenchmarkKeypress is a page switch as the program runs it: Update with
// the key, then View.
func BenchmarkKeypress(b *testing.B) {
	app := benchApp(b, termenv.ANSI256)
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("5")}, {Type: tea.KeyRunes, Runes: []rune("1")}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, cmd := app.Update(keys[i%2])
		if cmd != nil {
			// The dashboard reloads its numbers on entry; run the load as
			// the program would, so the figure includes the store read.
			app.Update(cmd())
		}
		_ = app.View()
		i++
	}
}

// The search filters every number on each key: 25 numbers matched against
// a digit query (portal.NumberMatches parses it with libphonenumber) and
// against a word. It decides whether matchesNumber needs a cache.
func BenchmarkNumbersSearch(b *testing.B) {
	v := voiceIn(i18n.DeCH)
	nums := make([]portal.NumberView, 25)
	for i := range nums {
		e164 := "+414466600" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		nums[i] = portal.NumberView{E164: e164, Formatted: portal.FormatNumber(e164), Product: portal.ProductTeams, Label: "Teams seat", Status: "active"}
	}
	search := make([]portal.NumberSearch, len(nums))
	for i, n := range nums {
		search[i] = portal.NewNumberSearch(n.E164)
	}
	for _, q := range []string{"044 666 00 1", "teams"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				nq := portal.NewNumberQuery(q, "CH") // once per key, as the page does
				for i, n := range nums {
					matchesNumber(v, n, search[i], nq)
				}
			}
		})
	}
}
