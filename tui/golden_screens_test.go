package tui

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/pquerna/otp/totp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// goldenSecret is the 2FA secret of the golden screens: the QR code and the
// setup key are drawn from it, so they are the same on every run.
const goldenSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// goldenSubScreens are the screens below the pages that TestGoldenViews
// does not reach: the 2FA forms, the choosers, the device set-up, the
// Security forms. fixture names the store they are drawn from; prep runs
// after the keys (the QR code's secret is random, so it is replaced).
var goldenSubScreens = []struct {
	name, fixture, keys string
	prep                func(t *testing.T, app *App)
}{
	{"account-2fa-setup", "plain", "4s", fixSetupSecret},
	{"account-2fa-setup-code", "plain", "4s\r", fixSetupSecret},
	{"account-2fa-on", "2fa", "4", nil},
	{"account-2fa-deactivate", "2fa", "4d", nil},
	{"account-2fa-new-codes", "2fa", "4g", nil},
	{"account-language", "plain", "4l", nil},
	{"account-timezone", "plain", "4z", nil},
	{"number-devices", "plain", "2/main building\rd", nil},
	{"number-device-setup", "plain", "2/main building\rdj\r", nil},
	{"security-add-key", "plain", "4ka", nil},
	{"security-remove-key", "keys", "4kd", nil},
	{"dashboard-long-user-id", "long", "", nil},
	{"numbers-long-user-id", "long", "2", nil},
	// The end of the page: pgdn until the last line (end selects the
	// last slot on Music, as in every list).
	{"music-long-user-id-end", "long", "3\x06\x06\x06\x06\x06\x06", nil},
}

// fixSetupSecret puts the golden secret in the open 2FA setup.
func fixSetupSecret(t *testing.T, app *App) {
	t.Helper()
	p := app.pages[app.active].(*accountPage)
	p.setup = portal.TOTPSetup{Secret: goldenSecret, URI: portal.TOTPURI(p.common.Svc.Cfg.Brand, p.common.Account.UserID, goldenSecret)}
	m, err := qrMatrix(p.setup.URI)
	if err != nil {
		t.Fatal(err)
	}
	p.matrix = m
}

// goldenFixture is the golden customer as a sub-screen needs it: plain, with
// 2FA on, with an SSH key, or with the longest user ID and a number whose
// long label comes first on the Dashboard.
func goldenFixture(t *testing.T, name string, colour bool) Common {
	t.Helper()
	c := goldenCommon(t, colour)
	ctx := context.Background()
	switch name {
	case "2fa":
		setup := portal.TOTPSetup{Secret: goldenSecret, URI: portal.TOTPURI(c.Svc.Cfg.Brand, c.Account.UserID, goldenSecret)}
		code, err := totp.GenerateCode(goldenSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Svc.ActivateTOTP(ctx, c.Account, setup, code); err != nil {
			t.Fatal(err)
		}
		acct, err := db.AccountByID(ctx, c.Svc.DB, c.Account.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Account = acct
		if _, err := c.Svc.DB.ExecContext(ctx, "DELETE FROM audit_events"); err != nil {
			t.Fatal(err)
		}
	case "keys":
		// A fixed key (from a fixed seed), so its fingerprint is the same
		// on every run.
		pub, err := gossh.NewPublicKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize)).Public())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddCustomerKey(ctx, c.Svc.DB, db.CustomerKey{AccountID: c.Account.ID, Fingerprint: gossh.FingerprintSHA256(pub),
			PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub))), Name: "laptop",
			CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	case "long":
		c.Account.UserID = longUserID
		c.Host = "portal.example.ch"
		if _, err := c.Svc.AddNumber(ctx, c.Svc.DB, c.Account.ID, "+41210000001", portal.ProductPBX, "",
			"Accounting and payroll, head office, building C, third floor, room 301"); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// goldenKeys turns a golden screen's keys into messages: \r is enter,
// \x1b esc, \x04 end, \x06 pgdn; anything else is typed.
func goldenKeys(keys string) []tea.Msg {
	var out []tea.Msg
	for _, r := range keys {
		switch r {
		case '\r':
			out = append(out, tea.KeyMsg{Type: tea.KeyEnter})
		case '\x1b':
			out = append(out, tea.KeyMsg{Type: tea.KeyEsc})
		case '\x04':
			out = append(out, tea.KeyMsg{Type: tea.KeyEnd})
		case '\x06':
			out = append(out, tea.KeyMsg{Type: tea.KeyPgDown})
		default:
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	return out
}

// checkScreen is what every golden screen keeps: the window's height (at
// most, for a page drawn on the whole screen, the QR code), no line wider
// than the window.
func checkScreen(t *testing.T, v string, size [2]int, fullScreen bool) {
	t.Helper()
	if h := lipgloss.Height(v); h > size[1] || h < size[1] && !fullScreen {
		t.Errorf("view is %d lines high, want %d", h, size[1])
	}
	for i, line := range strings.Split(v, "\n") {
		if w := lipgloss.Width(line); w > size[0] {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, size[0], line)
		}
	}
}

func TestGoldenSubScreens(t *testing.T) {
	t.Parallel()
	for _, colour := range []bool{false, true} {
		mode := "nocolor"
		if colour {
			mode = "colour"
		}
		fixtures := map[string]Common{}
		for _, sc := range goldenSubScreens {
			c, ok := fixtures[sc.fixture]
			if !ok {
				c = goldenFixture(t, sc.fixture, colour)
				fixtures[sc.fixture] = c
			}
			for _, size := range goldenSizes {
				t.Run(fmt.Sprintf("%s-%dx%d-%s", sc.name, size[0], size[1], mode), func(t *testing.T) {
					app := newQuickApp(c)
					run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					// One key at a time: each settles and is drawn before the
					// next, as at runtime (a page scrolls by what it last drew).
					for _, k := range goldenKeys(sc.keys) {
						run(t, app, k)
						app.View()
					}
					if sc.prep != nil {
						sc.prep(t, app)
					}
					v := app.View()
					fs, ok := app.pages[app.active].(fullScreener)
					checkScreen(t, v, size, ok && fs.FullScreen())
					requireGolden(t, v)
				})
			}
		}
	}
}

// The screen below the smallest supported size, in both directions.
func TestGoldenTooSmall(t *testing.T) {
	t.Parallel()
	for _, colour := range []bool{false, true} {
		mode := "nocolor"
		if colour {
			mode = "colour"
		}
		c := goldenCommon(t, colour)
		for _, size := range [][2]int{{59, 20}, {80, 19}, {40, 12}} {
			t.Run(fmt.Sprintf("too-small-%dx%d-%s", size[0], size[1], mode), func(t *testing.T) {
				app := newQuickApp(c)
				run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				v := app.View()
				checkScreen(t, v, size, false)
				requireGolden(t, v)
			})
		}
	}
}

// The reset form's success screen of the longest user ID: the login
// command whole on lines of its own, or the note to widen the window.
func TestGoldenLongUserIDFlows(t *testing.T) {
	t.Parallel()
	for _, colour := range []bool{false, true} {
		mode := "nocolor"
		if colour {
			mode = "colour"
		}
		c := goldenFixture(t, "long", colour)
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("reset-done-long-user-id-%dx%d-%s", size[0], size[1], mode), func(t *testing.T) {
				m := NewReset(FlowCommon{Common: c, Region: portal.RegionCH}, "token", c.Account)
				m.Init()
				m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m.Update(resetDoneMsg{})
				v := m.View()
				checkScreen(t, v, size, false)
				requireGolden(t, v)
			})
		}
	}
}
