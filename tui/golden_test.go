package tui

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/sipdesk/sipdesk/portal"
)

// The sizes every page is drawn at: the smallest supported, the classic
// terminal and a large one.
var goldenSizes = [][2]int{{60, 20}, {80, 24}, {120, 40}}

// goldenCommon is the demo customer with 25 numbers (one with a long
// label), two SIP servers, in colour (256 colours) or without (NO_COLOR).
func goldenCommon(t *testing.T, colour bool) Common {
	t.Helper()
	c := testCommon(t)
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetHasDarkBackground(true)
	r.SetColorProfile(termenv.Ascii)
	if colour {
		r.SetColorProfile(termenv.ANSI256)
	}
	c.Styles = NewStyles(r)
	ctx := context.Background()
	if _, err := c.Svc.AddNumber(ctx, c.Svc.DB, c.Account.ID, "+41447778899", portal.ProductPBX, "",
		"Reception desk, main building, second floor, left wing"); err != nil {
		t.Fatal(err)
	}
	for i := range 22 {
		n := fmt.Sprintf("+4144666%04d", i)
		if _, err := c.Svc.AddNumber(ctx, c.Svc.DB, c.Account.ID, n, portal.ProductTeams, "", fmt.Sprintf("Teams seat %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	// The seed's audit event carries the time of the run; the Security
	// screen would show it. Its timeline rows are TestSecurityPage's.
	if _, err := c.Svc.DB.ExecContext(ctx, "DELETE FROM audit_events"); err != nil {
		t.Fatal(err)
	}
	c.Svc.Cfg.SIPServers = map[string][]portal.SIPServer{"CH": {
		{Host: "sip1.example.ch", Port: 5060, Transport: "udp"}, {Host: "sip2.example.ch", Port: 5060, Transport: "udp"},
	}}
	return c
}

// run feeds messages to the app and runs the commands they return, as the
// runtime would, except the Music page's refresh ticks (the page is shown
// once; following changes is its own test).
func run(t *testing.T, app *App, msgs ...tea.Msg) {
	t.Helper()
	for steps := 0; len(msgs) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("commands do not settle")
		}
		msg := msgs[0]
		msgs = msgs[1:]
		switch m := msg.(type) {
		case nil, musicTickMsg:
			continue
		case tea.BatchMsg:
			for _, cmd := range m {
				if cmd != nil {
					msgs = append(msgs, cmd())
				}
			}
			continue
		}
		if _, cmd := app.Update(msg); cmd != nil {
			msgs = append(msgs, cmd())
		}
	}
}

// newQuickApp is the portal whose Music page ticks at once, so run can
// drop its ticks without waiting for them.
func newQuickApp(c Common) *App {
	app := New(c)
	for _, p := range app.pages {
		if m, ok := p.(*musicPage); ok {
			m.every = [2]time.Duration{time.Nanosecond, time.Nanosecond}
		}
	}
	return app
}

// goldenScreens are the states whose whole screen is the contract: every
// page, a search, an opened number and a form.
var goldenScreens = []struct {
	name string
	keys string
}{
	{"dashboard", ""},
	{"numbers", "2"},
	{"numbers-search", "2/teams"},
	{"numbers-all-keys", "2?"},
	{"number-card", "2/main building\r"},
	{"music", "3"},
	{"account", "4"},
	{"account-password", "4p"},
	{"account-security", "4k"},
	{"help", "5"},
}

func TestGoldenViews(t *testing.T) {
	t.Parallel()
	for _, colour := range []bool{false, true} {
		// One store per colour mode: the screens only read it.
		c := goldenCommon(t, colour)
		for _, sc := range goldenScreens {
			for _, size := range goldenSizes {
				mode := "nocolor"
				if colour {
					mode = "colour"
				}
				name := fmt.Sprintf("%s-%dx%d-%s", sc.name, size[0], size[1], mode)
				t.Run(name, func(t *testing.T) {
					app := newQuickApp(c)
					run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					for _, r := range sc.keys {
						k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
						if r == '\r' {
							k = tea.KeyMsg{Type: tea.KeyEnter}
						}
						run(t, app, k)
					}
					v := app.View()
					if h := lipgloss.Height(v); h != size[1] {
						t.Errorf("view is %d lines high, want %d", h, size[1])
					}
					for i, line := range strings.Split(v, "\n") {
						if w := lipgloss.Width(line); w > size[0] {
							t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, size[0], line)
						}
					}
					requireGolden(t, v)
				})
			}
		}
	}
}

// golden compares a view with testdata/TestGoldenViews/NAME.golden; the
// -update flag (the golden package's) rewrites it.
func requireGolden(t *testing.T, got string) {
	t.Helper()
	golden.RequireEqual(t, []byte(got))
}

// The forgot-password and reset forms at every size, with and without
// colour: they fit, and the login command is never broken like prose.
func TestGoldenFlows(t *testing.T) {
	t.Parallel()
	for _, colour := range []bool{false, true} {
		c := goldenCommon(t, colour)
		for _, size := range goldenSizes {
			for _, flow := range []string{"forgot", "reset", "reset-done"} {
				mode := "nocolor"
				if colour {
					mode = "colour"
				}
				t.Run(fmt.Sprintf("%s-%dx%d-%s", flow, size[0], size[1], mode), func(t *testing.T) {
					fc := FlowCommon{Common: c, Region: portal.RegionCH}
					var m tea.Model = NewForgot(fc)
					if flow != "forgot" {
						m = NewReset(fc, "token", c.Account)
					}
					m.Init()
					m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					if flow == "reset-done" {
						m.Update(resetDoneMsg{})
					}
					v := m.View()
					if h := lipgloss.Height(v); h > size[1] {
						t.Errorf("view is %d lines high, more than %d", h, size[1])
					}
					for i, line := range strings.Split(v, "\n") {
						if w := lipgloss.Width(line); w > size[0] {
							t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, size[0], line)
						}
					}
					requireGolden(t, v)
				})
			}
		}
	}
}
