package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// testCommon is a signed-in demo customer over a real SQLite store.
func testCommon(t *testing.T) Common {
	t.Helper()
	d := dbtest.SQLite(t)
	svc := portaltest.New(t, d, nil)
	demo, ok, err := svc.SeedDemo(context.Background())
	if err != nil || !ok {
		t.Fatal(err)
	}
	acct, err := db.AccountByUserID(context.Background(), d, demo.Email)
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.Ascii)
	return Common{Ctx: context.Background(), Svc: svc, Account: acct, Styles: NewStyles(r), Host: "localhost", Port: 2222}
}

func waitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

func TestDashboardShowsTheAccountsNumbers(t *testing.T) {
	t.Parallel()
	tm := teatest.NewTestModel(t, New(testCommon(t)), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "signed in as demo@example.ch", "+41 44 123 45 67", "Virtual PBX", "+41 44 555 01 99", "Microsoft Teams")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestPagesAreReachableByTheirKeys(t *testing.T) {
	t.Parallel()
	app := New(testCommon(t))
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	for key, title := range map[string]string{"2": "Phone numbers", "3": "Music", "4": "My account", "5": "Help", "1": "Welcome"} {
		app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(key)})
		if v := app.View(); !strings.Contains(v, title) {
			t.Errorf("key %s: view lacks %q:\n%s", key, title, v)
		}
	}
	app.Update(tea.KeyMsg{Type: tea.KeyTab})
	if !strings.Contains(app.View(), "Phone numbers") {
		t.Error("tab did not move to the next page")
	}
	if _, cmd := app.Update(tea.KeyMsg{Type: tea.KeyCtrlC}); cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c does not quit")
	}
}

func TestLayoutFitsEverySizeAndAsksForMoreRoom(t *testing.T) {
	t.Parallel()
	app := New(testCommon(t))
	app.Update(app.Init()())
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}, {200, 60}} {
		app.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := app.View()
		if h := lipgloss.Height(v); h != size[1] {
			t.Errorf("%dx%d: view is %d lines high", size[0], size[1], h)
		}
		if w := lipgloss.Width(v); w > size[0] {
			t.Errorf("%dx%d: view is %d columns wide", size[0], size[1], w)
		}
		if !strings.Contains(v, "+41 44 123 45 67") {
			t.Errorf("%dx%d: numbers missing", size[0], size[1])
		}
	}
	app.Update(tea.WindowSizeMsg{Width: 59, Height: 20})
	if v := app.View(); !strings.Contains(v, "at least 60x20") {
		t.Errorf("small window:\n%s", v)
	}
}

// Behind the "enlarge" screen no key but quit acts: a digit must not
// switch pages out of sight.
func TestNoKeyActsBehindTheTooSmallScreen(t *testing.T) {
	t.Parallel()
	app := New(testCommon(t))
	app.Update(tea.WindowSizeMsg{Width: 59, Height: 19})
	for _, k := range []string{"2", "3", "4", "5"} {
		if _, cmd := app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}); cmd != nil || app.active != 0 {
			t.Fatalf("key %s acted behind the too-small screen (page %d)", k, app.active)
		}
	}
	press(app, tea.KeyTab)
	if app.active != 0 {
		t.Fatal("tab switched pages behind the too-small screen")
	}
	if _, cmd := app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q does not quit from the too-small screen")
	}
}
