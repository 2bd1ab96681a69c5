package care

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func TestSearchFiltersByTextAndRegionThenOpensTheCustomer(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		a := f.app(t, 80, 24, false)
		// Every account is listed at first, the search field has the focus.
		shows(t, a, "Customers", "alice@example.ch", "bob@example.at", "care", "enter search")

		// Any case, in the name too (alice@ has no capital).
		press(t, a, "ALICE EX\r")
		shows(t, a, "alice@example.ch", "Alice Example", "2FA")
		hides(t, a, "care@example.ch")
		hides(t, a, "bob@example.at")

		// The region filter: CH, then AT, then both again.
		press(t, a, "/")
		run(t, a, tea.KeyMsg{Type: tea.KeyCtrlU}) // textinput: delete to the start
		press(t, a, "\rr")
		shows(t, a, "Portal CH", "alice@example.ch")
		hides(t, a, "bob@example.at")
		press(t, a, "r")
		shows(t, a, "Portal AT", "bob@example.at", "new")
		hides(t, a, "alice@example.ch")
		press(t, a, "r")
		shows(t, a, "Portal CH+AT", "alice@example.ch", "bob@example.at")

		// No match says so.
		press(t, a, "/nobody-like-this\r")
		shows(t, a, "No customer matches.")

		// Open alice: numbers with products, 2FA, lock, last login and
		// recent events.
		press(t, a, "/")
		run(t, a, tea.KeyMsg{Type: tea.KeyCtrlU})
		press(t, a, "alice\r\r")
		shows(t, a, "alice@example.ch", "Alice Example", "Portal", "CH, enabled",
			"on, 10 recovery codes left", "not locked; 1 failed logins", "Last login", "never",
			"Numbers (2)", "+41 44 123 45 67", "Virtual PBX, SIP", "Office Zurich", "+41 44 123 45 68", "Microsoft Teams",
			"Recent events", "2fa.activate by alice@example.ch", "p send reset link", "t reset 2FA", "u unlock", "d disable")
		hides(t, a, "e enable")
		// ? shows every key that applies; ? again hides them.
		press(t, a, "?")
		shows(t, a, "back", "ctrl+r", "reload", "add number", "scroll up")
		hides(t, a, "e enable")
		press(t, a, "?")

		// esc goes back to the search, which keeps its query.
		press(t, a, "\x1b")
		shows(t, a, "Customers", "alice@example.ch")
		hides(t, a, "bob@example.at")
	})
}

func TestKeysAreInertBehindTheTooSmallScreen(t *testing.T) {
	t.Parallel()
	f := newFixture(t, dbtest.SQLite(t))
	a := f.app(t, 59, 20, false)
	shows(t, a, "Please enlarge the window", "59x20")
	press(t, a, "\r") // would open alice behind the screen
	run(t, a, tea.WindowSizeMsg{Width: 80, Height: 24})
	shows(t, a, "Customers", "enter search")
	if a.screen != screenSearch {
		t.Fatalf("a key acted behind the too-small screen: screen %d", a.screen)
	}
}

func TestControlCharactersNeverReachTheAdminsTerminal(t *testing.T) {
	t.Parallel()
	if got := clean("Eve\x1b]52;c;aGk=\x07\u009b2J"); got != "Eve?]52;c;aGk=??2J" {
		t.Fatalf("clean: %q", got)
	}
}
