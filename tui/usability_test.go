package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
)

// lastLine is the footer of a screen.
func lastLine(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

// On every page at 60 and 80 columns the key hints fit, and ? and q are
// never the ones dropped.
func TestFooterFitsAndKeepsTheHelpKey(t *testing.T) {
	t.Parallel()
	for _, w := range []int{60, 80} {
		c := goldenCommon(t, false)
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: w, Height: 24})
		for _, k := range []string{"1", "2", "3", "4", "5"} {
			run(t, app, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
			f := lastLine(app.View())
			if lipgloss.Width(f) > w || !strings.Contains(f, "? more keys") || !strings.Contains(f, "q quit") {
				t.Errorf("%d columns, page %s: footer %q", w, k, f)
			}
		}
	}
}

// The ? overlay is one block: every line indented alike, key columns aligned.
func TestHelpOverlayIsIndentedAsOneBlock(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	run(t, app, keys2("2?")...)
	lines := strings.Split(app.View(), "\n")
	start := 0
	for i, l := range lines {
		if strings.Contains(l, "enter open number") {
			start = i
		}
	}
	overlay := lines[start:]
	for _, l := range overlay {
		if !strings.HasPrefix(l, " ") {
			t.Errorf("overlay line not indented: %q", l)
		}
	}
	if !strings.HasPrefix(overlay[0], " enter open number") || !strings.HasPrefix(overlay[1], " /     search") {
		t.Errorf("key columns not aligned:\n%s", strings.Join(overlay, "\n"))
	}
}

// My account's keys are in the footer and under ?; inside a form the footer
// shows the form's keys, not the portal's.
func TestAccountKeysAreDiscoverable(t *testing.T) {
	t.Parallel()
	app, _ := newTestApp(t, 80, 24)
	if f := lastLine(app.View()); !strings.Contains(f, "p change password") || !strings.Contains(f, "s set up 2FA") {
		t.Errorf("overview footer: %q", f)
	}
	typeKeys(app, "?")
	if v := app.View(); !strings.Contains(v, "d deactivate 2FA") || !strings.Contains(v, "g new recovery codes") {
		t.Errorf("? overlay lacks the 2FA keys:\n%s", v)
	}
	typeKeys(app, "?")
	typeKeys(app, "p")
	f := lastLine(app.View())
	if !strings.Contains(f, "tab next field") || strings.Contains(f, "next page") || strings.Contains(f, "q quit") {
		t.Errorf("form footer: %q", f)
	}
}

// Right after activating 2FA, d opens an empty form: the code just used is
// not in it.
func TestTwoFactorFormsStartEmpty(t *testing.T) {
	t.Parallel()
	app, c := newTestApp(t, 80, 24)
	typeKeys(app, "s")
	page := app.pages[app.active].(*accountPage)
	press(app, tea.KeyEnter)
	code, _ := totp.GenerateCode(page.setup.Secret, time.Now())
	typeKeys(app, code)
	pressDrain(app, tea.KeyEnter)
	pressDrain(app, tea.KeyEnter) // I saved them
	typeKeys(app, "d")
	v := app.View()
	if strings.Contains(v, code) || page.offForm.value(1) != "" || page.offForm.value(0) != "" {
		t.Fatalf("deactivation form pre-filled with %q:\n%s", code, v)
	}
	press(app, tea.KeyEsc)
	typeKeys(app, "g")
	if page.regenForm.value(0) != "" {
		t.Fatal("recovery code form pre-filled")
	}
	if a, _ := db.AccountByID(context.Background(), c.Svc.DB, c.Account.ID); !a.TOTPEnabled {
		t.Fatal("2FA not on")
	}
}

// Without colour the selected row, the active tab and the focused field
// carry the ▸ marker.
func TestNoColorKeepsSelectionVisible(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	if !c.Styles.NoColor {
		t.Fatal("an ASCII renderer is not NO_COLOR")
	}
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	run(t, app, keys2("2")...)
	run(t, app, keys2("j")...)
	v := app.View()
	wantIn(t, v, "▸2 Phone numbers", "▸ +41 44 555 01 99")
	run(t, app, keys2("4p")...)
	wantIn(t, app.View(), "▸ Current")
	press(app, tea.KeyTab)
	wantIn(t, app.View(), "▸ New")
}

// 25 numbers at 80x24: the dashboard says how many more there are, Phone
// numbers says where the list stands, a search shows its first matches and
// a long label with two SIP servers keeps the card whole.
func TestManyNumbersFitEightyByTwentyFour(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	wantIn(t, app.View(), "… and 14 more: 2 shows them all")
	run(t, app, keys2("2")...)
	wantIn(t, app.View(), "1-15 of 25")
	run(t, app, keys2("G")...)
	wantIn(t, app.View(), "11-25 of 25", "▸ +41 44 777 88 99")
	run(t, app, keys2("/teams")...)
	wantIn(t, app.View(), "23 of 25", "▸ +41 44 555 01 99", "+41 44 666 00 00  Microsoft Teams")
	run(t, app, esc)
	run(t, app, keys2("/main building")...)
	run(t, app, enter)
	v := app.View()
	wantIn(t, v, "Reception desk, main building", "sip2.example.ch", "╰")
	if strings.Contains(v, "more below") {
		t.Errorf("the card does not fit 80x24:\n%s", v)
	}
}

// j/k, g/G, PgUp/PgDn and Home/End move in the Phone numbers list and on
// the Music page.
func TestListKeysMoveInEveryList(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	run(t, app, keys2("2")...)
	p := app.pages[1].(*numbersPage)
	steps := []struct {
		key  tea.KeyMsg
		want int
	}{
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}, 1},
		{tea.KeyMsg{Type: tea.KeyDown}, 2},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("k")}, 1},
		{tea.KeyMsg{Type: tea.KeyPgDown}, 16},
		{tea.KeyMsg{Type: tea.KeyPgUp}, 1},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("G")}, 24},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("g")}, 0},
		{tea.KeyMsg{Type: tea.KeyEnd}, 24},
		{tea.KeyMsg{Type: tea.KeyHome}, 0},
	}
	for _, s := range steps {
		run(t, app, s.key)
		if p.list.cursor != s.want {
			t.Fatalf("after %s the cursor is on row %d, want %d", s.key, p.list.cursor, s.want)
		}
	}
	run(t, app, keys2("3")...)
	m := app.pages[2].(*musicPage)
	run(t, app, keys2("j")...)
	if m.list.cursor != 1 {
		t.Fatal("j does not select the queue")
	}
	run(t, app, keys2("k")...)
	if m.list.cursor != 0 {
		t.Fatal("k does not select hold")
	}
	run(t, app, keys2("G")...)
	if m.list.cursor != 1 {
		t.Fatal("G does not select the last slot")
	}
}

// A long user ID ends in an ellipsis in the header; the login command on
// the reset success screen stays whole.
func TestLongUserIDs(t *testing.T) {
	t.Parallel()
	const long = "maximilian.mustermann-oberhofer@buchhaltung.grossunternehmen.ch"
	c := goldenCommon(t, false)
	c.Account.UserID = long
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	if head := strings.Split(app.View(), "\n")[0]; !strings.Contains(head, long) || lipgloss.Width(head) > 80 {
		t.Errorf("80 columns, header: %q", head)
	}
	run(t, app, tea.WindowSizeMsg{Width: 60, Height: 20})
	if head := strings.Split(app.View(), "\n")[0]; !strings.Contains(head, "maximilian.mustermann-oberhofer@buchhaltung.gros…") || lipgloss.Width(head) > 60 {
		t.Errorf("60 columns, header: %q", head)
	}
	acct := c.Account
	m := NewReset(FlowCommon{Common: c}, "token", acct)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(resetDoneMsg{})
	v := m.View()
	if !strings.Contains(v, long+"@localhost") {
		t.Errorf("the login command is broken up:\n%s", v)
	}
}

// A customer whose phone is gone learns what to do on the Help page and on
// the 2FA card.
func TestLostPhoneIsExplained(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
	run(t, app, keys2("5")...)
	wantIn(t, app.View(), "Lost your phone?", "recovery code", "customercare@example.ch")
	setup, _ := c.Svc.NewTOTPSetup(c.Account.UserID)
	code, _ := totp.GenerateCode(setup.Secret, time.Now())
	if _, err := c.Svc.ActivateTOTP(context.Background(), c.Account, setup, code); err != nil {
		t.Fatal(err)
	}
	acct, _ := c.Svc.Account(context.Background(), c.Account.ID)
	run(t, app, AccountChangedMsg{Account: acct})
	run(t, app, keys2("4")...)
	wantIn(t, app.View(), "Lost your phone?", "recovery code")
}

// At 60x20 a page taller than the window says so and scrolls with pgdn.
func TestTallPagesScrollAtSixtyByTwenty(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 60, Height: 20})
	run(t, app, keys2("5")...)
	v := app.View()
	wantIn(t, v, "↓ more below: pgdn")
	wantNotIn(t, v, "Customer care\n")
	run(t, app, tea.KeyMsg{Type: tea.KeyPgDown}, tea.KeyMsg{Type: tea.KeyPgDown})
	v = app.View()
	wantIn(t, v, "Customer care", "↑ more above: pgup", "pgup scroll up")
	run(t, app, tea.KeyMsg{Type: tea.KeyHome})
	wantIn(t, app.View(), "Cannot log in?")
}
