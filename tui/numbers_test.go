package tui

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/sipdesk/sipdesk/portal"
)

// The demo customer's numbers plus a SIP trunk, one of its participants and
// a number without SIP service, all in the real SQLite store.
const (
	pbxNumber         = "+41441234567"
	teamsNumber       = "+41445550199"
	trunkNumber       = "+41447770000"
	participantNumber = "+41447770001"
	faxNumber         = "+41447770099"
)

// numbersCommon is testCommon with every product on the account and a
// terminal output that records what the portal writes outside its frames.
func numbersCommon(t *testing.T) (Common, *bytes.Buffer) {
	t.Helper()
	c := testCommon(t)
	ctx := context.Background()
	for _, n := range []struct {
		number, trunk, label string
		product              portal.Product
	}{
		{trunkNumber, "", "Trunk HQ", portal.ProductTrunk},
		{participantNumber, trunkNumber, "Reception", portal.ProductTrunkParticipant},
		{faxNumber, "", "Fax", portal.ProductNone},
	} {
		if _, err := c.Svc.AddNumber(ctx, c.Svc.DB, c.Account.ID, n.number, n.product, n.trunk, n.label); err != nil {
			t.Fatal(err)
		}
	}
	c.Svc.Cfg.TeamsGuide = "https://example.ch/help/microsoft-teams"
	out := &bytes.Buffer{}
	c.Out = NewOutput(out)
	return c, out
}

// drive feeds messages to the app and runs every command it returns, as
// the Bubble Tea runtime would, until nothing is left.
func drive(t *testing.T, app *App, msgs ...tea.Msg) {
	t.Helper()
	queue := msgs
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("commands do not settle")
		}
		msg := queue[0]
		queue = queue[1:]
		switch msg := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, cmd := range msg {
				if cmd != nil {
					queue = append(queue, cmd())
				}
			}
			continue
		}
		if _, cmd := app.Update(msg); cmd != nil {
			queue = append(queue, cmd())
		}
	}
}

func keys2(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

var (
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	esc   = tea.KeyMsg{Type: tea.KeyEsc}
)

// phoneNumbersApp is the portal at 160x40 on the Phone numbers page.
func phoneNumbersApp(t *testing.T, c Common) *App {
	t.Helper()
	app := New(c)
	drive(t, app, app.Init()(), tea.WindowSizeMsg{Width: 160, Height: 40})
	drive(t, app, keys2("2")...)
	return app
}

// openNumber searches for text and opens the match with enter.
func openNumber(t *testing.T, app *App, text string) {
	t.Helper()
	drive(t, app, keys2("/")...)
	drive(t, app, keys2(text)...)
	drive(t, app, enter)
}

func wantIn(t *testing.T, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}

func wantNotIn(t *testing.T, view string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(view, w) {
			t.Errorf("view shows %q:\n%s", w, view)
		}
	}
}

func credentials(t *testing.T, c Common, number string) portal.Credentials {
	t.Helper()
	cr, err := c.Svc.Credentials(context.Background(), c.Account.ID, number)
	if err != nil {
		t.Fatal(err)
	}
	return cr
}

func TestPhoneNumbersListsEveryNumberAndSearches(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	app := phoneNumbersApp(t, c)
	wantIn(t, app.View(),
		"+41 44 123 45 67", "Virtual PBX", "Office Zurich", "active",
		"+41 44 555 01 99", "Microsoft Teams", "Teams reception",
		"+41 44 777 00 00", "SIP trunk", "Trunk HQ",
		"+41 44 777 00 01", "Trunk participant", "Reception",
		"+41 44 777 00 99", "No SIP service", "Fax",
		"5 numbers", "enter open number", "/ search", "tab next page")

	drive(t, app, keys2("/")...)
	if !app.pages[1].Capturing() {
		t.Fatal("the search has focus but the page does not capture keys")
	}
	// q and digits are text now: they neither quit nor switch pages.
	for _, msg := range keys2("q") {
		if _, cmd := app.Update(msg); cmd != nil && cmd() == tea.Quit() {
			t.Fatal("q quit while typing a search")
		}
	}
	drive(t, app, tea.KeyMsg{Type: tea.KeyBackspace})
	drive(t, app, keys2("044 777")...)
	v := app.View()
	wantIn(t, v, "Search: 044 777", "3 of 5", "Trunk HQ", "Reception", "Fax", "esc clear search")
	wantNotIn(t, v, "Office Zurich", "Teams reception", "q quit")

	drive(t, app, tea.KeyMsg{Type: tea.KeyCtrlU})
	drive(t, app, keys2("teams")...)
	v = app.View()
	wantIn(t, v, "1 of 5", "Teams reception")
	wantNotIn(t, v, "Office Zurich", "Trunk HQ")

	drive(t, app, keys2("xyz")...)
	wantIn(t, app.View(), `No number matches "teamsxyz"`)
	drive(t, app, esc)
	if app.pages[1].Capturing() {
		t.Fatal("esc left the search focused")
	}
	wantIn(t, app.View(), "Office Zurich", "Trunk HQ", "5 numbers")
}

func TestPBXCardMasksRevealsAndCopies(t *testing.T) {
	t.Parallel()
	c, out := numbersCommon(t)
	// The SIP domain is not the server's host: a device needs both.
	c.Svc.Cfg.SIPRealms = map[string]string{portal.RegionCH: "voip.example.ch", portal.RegionAT: "voip.example.at"}
	app := phoneNumbersApp(t, c)
	openNumber(t, app, "office")
	pw := credentials(t, c, pbxNumber).Password

	v := app.View()
	wantIn(t, v, "+41 44 123 45 67  Office Zurich", "Virtual PBX", "SIP-Credentials",
		"SIP username", "41441234567", "VoIP password", strings.Repeat("•", len(pw)),
		"SIP domain", "voip.example.ch",
		"SIP server", "sip.example.ch:5060 (UDP)",
		"esc back", "r reveal password", "c copy password", "n new password")
	wantNotIn(t, v, pw, "rings twice")

	drive(t, app, keys2("r")...)
	wantIn(t, app.View(), pw, "r hide password")
	drive(t, app, keys2("r")...)
	wantNotIn(t, app.View(), pw)

	drive(t, app, keys2("c")...)
	wantIn(t, app.View(), "Copied the VoIP password to your clipboard")
	osc := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(pw)) + "\a"
	if out.String() != osc {
		t.Errorf("terminal got %q, want the OSC 52 sequence %q", out.String(), osc)
	}
	wantNotIn(t, app.View(), pw)

	// Leaving the page masks the password again.
	drive(t, app, keys2("r")...)
	drive(t, app, keys2("1")...)
	drive(t, app, keys2("2")...)
	wantNotIn(t, app.View(), pw)
	wantIn(t, app.View(), "SIP-Credentials")

	// esc goes back to the list as it was searched; esc again clears.
	drive(t, app, esc)
	wantIn(t, app.View(), "Search: office", "1 of 5", "enter open number", "esc clear search")
	drive(t, app, esc)
	wantIn(t, app.View(), "Trunk HQ", "5 numbers")
}

func TestTrunkWithTwoSIPServersShowsTheTip(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	c.Svc.Cfg.SIPServers = map[string][]portal.SIPServer{"CH": {
		{Host: "sip1.example.ch", Port: 5060, Transport: "udp"},
		{Host: "sip2.example.ch", Port: 5061, Transport: "tls"},
	}}
	app := phoneNumbersApp(t, c)
	openNumber(t, app, "trunk hq")
	wantIn(t, app.View(), "+41 44 777 00 00  Trunk HQ", "SIP trunk", "SIP-Credentials", "41447770000",
		"SIP servers", "sip1.example.ch:5060 (UDP)", "sip2.example.ch:5061 (TLS)",
		"Tip: Choose only one; entering both at once means every incoming call rings twice.")

	// At the smallest size the card still fits, tip included.
	drive(t, app, tea.WindowSizeMsg{Width: MinWidth, Height: MinHeight})
	v := app.View()
	if lipgloss.Height(v) != MinHeight || lipgloss.Width(v) > MinWidth {
		t.Errorf("view is %dx%d", lipgloss.Width(v), lipgloss.Height(v))
	}
	wantIn(t, v, "sip2.example.ch:5061 (TLS)", "Tip: Choose only one;", "twice.")
}

func TestNumbersWithoutACardSayWhy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		search string
		want   []string
	}{
		{"teams", []string{"Microsoft Teams numbers need no SIP configuration data.", "https://example.ch/help/microsoft-teams"}},
		{"777 00 01", []string{"trunk participant", "SIP credentials of the trunk's main number +41 44 777 00 00.", "Trunk  +41 44 777 00 00"}},
		{"fax", []string{"This number has no SIP service"}},
	} {
		t.Run(tc.search, func(t *testing.T) {
			c, _ := numbersCommon(t)
			app := phoneNumbersApp(t, c)
			openNumber(t, app, tc.search)
			v := app.View()
			wantIn(t, v, append(tc.want, "No SIP-Credentials card", "esc back")...)
			wantNotIn(t, v, "VoIP password", "SIP username", "r reveal")
			// The card's keys do nothing here.
			drive(t, app, keys2("n")...)
			wantNotIn(t, app.View(), "last four digits")
		})
	}
}

func TestNewVoIPPasswordNeedsTheLastFourDigits(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	app := phoneNumbersApp(t, c)
	openNumber(t, app, "office")
	old := credentials(t, c, pbxNumber).Password

	drive(t, app, keys2("n")...)
	wantIn(t, app.View(), "New VoIP password for +41 44 123 45 67", "stops working immediately", "reconfigured",
		"Type the last four digits of the number to confirm", "enter confirm", "esc cancel")
	if !app.pages[1].Capturing() {
		t.Fatal("the confirmation does not capture digits")
	}

	// Digits are typed, not page keys; letters are ignored.
	drive(t, app, keys2("12x34")...)
	wantIn(t, app.View(), "to confirm:", "1234")
	drive(t, app, enter)
	wantIn(t, app.View(), "Those are not the last four digits of +41 44 123 45 67. Nothing was changed")
	if got := credentials(t, c, pbxNumber).Password; got != old {
		t.Fatal("wrong digits changed the password")
	}

	drive(t, app, keys2("4567")...)
	drive(t, app, enter)
	fresh := credentials(t, c, pbxNumber).Password
	if fresh == old || len(fresh) != portal.VoIPPasswordLength {
		t.Fatalf("password after confirming: %q (old %q)", fresh, old)
	}
	v := app.View()
	wantIn(t, v, "Your new VoIP password", fresh, "The old password no longer works", "SIP-Credentials")
	wantNotIn(t, v, old, "last four digits")

	// esc cancels a started confirmation without a change.
	drive(t, app, keys2("n")...)
	drive(t, app, keys2("4567")...)
	drive(t, app, esc)
	if got := credentials(t, c, pbxNumber).Password; got != fresh {
		t.Fatal("esc changed the password")
	}
	wantIn(t, app.View(), "SIP-Credentials", "n new password")
}

// The page in a running program: commands run asynchronously and their
// replies reach the page.
func TestPhoneNumbersInAProgram(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	tm := teatest.NewTestModel(t, New(c), teatest.WithInitialTermSize(120, 30))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	waitFor(t, tm, "Phone numbers", "Office Zurich", "Trunk HQ")
	tm.Send(enter)
	waitFor(t, tm, "SIP-Credentials", "sip.example.ch:5060 (UDP)")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	waitFor(t, tm, credentials(t, c, pbxNumber).Password)
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
