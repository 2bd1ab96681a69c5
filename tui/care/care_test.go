package care

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
	"github.com/sipdesk/sipdesk/tui"
)

// clock is the fixed time of every test, so the golden views do not move.
var clock = time.Date(2026, 12, 1, 21, 30, 0, 0, time.UTC)

// adminRemote is the admin's address, as the session would give it.
const adminRemote = "192.0.2.9:40022"

// fixture is a store with the admin "care" and two customers: alice (CH,
// password, 2FA, two numbers, one failed login) and bob (AT, no password).
type fixture struct {
	svc   *portal.Service
	actor portal.CareActor
	alice db.Account
}

func newFixture(t *testing.T, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	svc := portaltest.New(t, d, nil)
	svc.Now = func() time.Time { return clock }
	admin, err := svc.CreateAccount(ctx, svc.DB, portal.NewAccountRequest{UserID: "care", Email: "care@example.ch", Region: "CH", Role: portal.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	alice, err := svc.CreateAccount(ctx, svc.DB, portal.NewAccountRequest{Email: "alice@example.ch", Name: "Alice Example", Region: "CH",
		Role: portal.RoleCustomer, Password: portal.GeneratePassword()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateAccount(ctx, svc.DB, portal.NewAccountRequest{Email: "bob@example.at", Name: "Bob Beispiel", Region: "AT", Role: portal.RoleCustomer}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddNumber(ctx, svc.DB, alice.ID, "+41441234567", portal.ProductPBX, "", "Office Zurich"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddNumber(ctx, svc.DB, alice.ID, "+41441234568", portal.ProductTeams, "", ""); err != nil {
		t.Fatal(err)
	}
	setup, err := svc.NewTOTPSetup(alice.UserID)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(setup.Secret, clock)
	if _, err := svc.ActivateTOTP(ctx, alice, setup, code); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordLoginFailure(ctx, svc.DB, db.ScopeAccount, alice.UserID, clock, func(int) time.Duration { return 0 }); err != nil {
		t.Fatal(err)
	}
	return fixture{svc: svc, alice: alice, actor: portal.CareActor{Admin: admin, Remote: adminRemote, Session: "care-session"}}
}

// app is the care terminal over the fixture without colour (or with 256
// colours), sized and initialised.
func (f fixture) app(t *testing.T, w, h int, colour bool) *App {
	t.Helper()
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetHasDarkBackground(true)
	r.SetColorProfile(termenv.Ascii)
	if colour {
		r.SetColorProfile(termenv.ANSI256)
	}
	a := New(Common{Ctx: context.Background(), Svc: f.svc, Actor: f.actor, Styles: tui.NewStyles(r)})
	run(t, a, a.Init(), tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// run feeds messages (or commands) to the app and runs the commands they
// return, as Bubble Tea would, until nothing is left.
func run(t *testing.T, a *App, items ...any) {
	t.Helper()
	for steps := 0; len(items) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("commands do not settle")
		}
		item := items[0]
		items = items[1:]
		var msg tea.Msg
		switch it := item.(type) {
		case nil:
			continue
		case tea.Cmd:
			if it == nil {
				continue
			}
			msg = it()
		default:
			msg = it
		}
		switch m := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				items = append(items, c)
			}
			continue
		}
		if _, cmd := a.Update(msg); cmd != nil {
			items = append(items, cmd)
		}
	}
}

// press types keys: runes as typed, \r enter, \x1b esc, \t tab.
func press(t *testing.T, a *App, keys string) {
	t.Helper()
	for _, r := range keys {
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		switch r {
		case '\r':
			k = tea.KeyMsg{Type: tea.KeyEnter}
		case '\x1b':
			k = tea.KeyMsg{Type: tea.KeyEsc}
		case '\t':
			k = tea.KeyMsg{Type: tea.KeyTab}
		}
		run(t, a, k)
	}
}

// shows fails unless the view contains every want.
func shows(t *testing.T, a *App, want ...string) {
	t.Helper()
	v := a.View()
	for _, w := range want {
		if !strings.Contains(v, w) {
			t.Fatalf("the view lacks %q:\n%s", w, v)
		}
	}
}

// hides fails if the view contains any of unwanted.
func hides(t *testing.T, a *App, unwanted ...string) {
	t.Helper()
	v := a.View()
	for _, w := range unwanted {
		if strings.Contains(v, w) {
			t.Fatalf("the view shows %q:\n%s", w, v)
		}
	}
}
