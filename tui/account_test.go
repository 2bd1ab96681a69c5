package tui

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

func typeKeys(app *App, s string) {
	for _, r := range s {
		app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func press(app *App, t tea.KeyType) { app.Update(tea.KeyMsg{Type: t}) }

// drain runs the commands an update returned until none is left, feeding
// their messages back, the way the program would.
func drain(app *App, cmd tea.Cmd) {
	for i := 0; cmd != nil && i < 20; i++ {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			var next []tea.Cmd
			for _, c := range batch {
				if c != nil {
					_, n := app.Update(c())
					next = append(next, n)
				}
			}
			cmd = tea.Batch(next...)
			continue
		}
		if msg == nil {
			return
		}
		_, cmd = app.Update(msg)
	}
}

func pressDrain(app *App, t tea.KeyType) {
	_, cmd := app.Update(tea.KeyMsg{Type: t})
	drain(app, cmd)
}

func newTestApp(t *testing.T, w, h int) (*App, Common) {
	c := testCommon(t)
	app := New(c)
	app.Update(tea.WindowSizeMsg{Width: w, Height: h})
	typeKeys(app, "4")
	return app, c
}

func TestChangePasswordWithLiveChecklist(t *testing.T) {
	t.Parallel()
	app, c := newTestApp(t, 100, 30)
	demoPW := seedPassword(t, c)
	typeKeys(app, "p")
	typeKeys(app, demoPW)
	press(app, tea.KeyTab)
	typeKeys(app, "abc")
	v := app.View()
	for _, want := range []string{"✗ at least 10 characters", "✓ a lower-case letter", "✗ a number"} {
		if !strings.Contains(v, want) {
			t.Fatalf("checklist lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, demoPW) || strings.Contains(v, "abc") {
		t.Fatal("password input is not masked")
	}
	typeKeys(app, "DEF-2026x")
	v = app.View()
	for _, want := range []string{"✓ at least 10 characters", "✓ a number", "✓ a special character", "✓ no spaces"} {
		if !strings.Contains(v, want) {
			t.Fatalf("checklist lacks %q:\n%s", want, v)
		}
	}
	press(app, tea.KeyTab)
	typeKeys(app, "abcDEF-2026y") // a typo in the repeat
	pressDrain(app, tea.KeyEnter)
	if !strings.Contains(app.View(), "The two new passwords differ") {
		t.Fatalf("mismatch not reported:\n%s", app.View())
	}
	for range 12 {
		press(app, tea.KeyBackspace)
	}
	typeKeys(app, "abcDEF-2026x")
	pressDrain(app, tea.KeyEnter)
	if !strings.Contains(app.View(), "Your password was changed") {
		t.Fatalf("no success:\n%s", app.View())
	}
	if _, err := c.Svc.CheckPassword(context.Background(), loginReq(c, "abcDEF-2026x")); err != nil {
		t.Fatalf("new password does not log in: %v", err)
	}
}

func TestTwoFactorSetupActivatesOnlyWithARightCode(t *testing.T) {
	t.Parallel()
	app, c := newTestApp(t, 80, 24)
	typeKeys(app, "s")
	page := app.pages[app.active].(*accountPage)
	v := app.View()
	if !strings.Contains(v, "▀") || !strings.Contains(v, "Set up 2FA") {
		t.Fatalf("no QR code at 80x24:\n%s", v)
	}
	groups := strings.Fields(page.setup.GroupedKey())
	if len(groups) != 8 || !strings.Contains(v, strings.Join(groups[:4], " ")) {
		t.Fatalf("setup key not shown in groups of four:\n%s", v)
	}
	// The QR code on screen decodes to the URI with this secret, the brand
	// as issuer and the user ID as account.
	uri := decodeScreenQR(t, v)
	u, err := url.Parse(uri)
	if err != nil || u.Query().Get("secret") != page.setup.Secret || u.Query().Get("issuer") != c.Svc.Cfg.Brand ||
		strings.TrimPrefix(u.Path, "/") != c.Account.UserID {
		t.Fatalf("QR code holds %q", uri)
	}
	typeKeys(app, "b")
	if !strings.Contains(app.View(), "Enlarge the window") {
		t.Fatalf("large QR at 80x24 should ask for a larger window:\n%s", app.View())
	}
	typeKeys(app, "b")

	press(app, tea.KeyEnter)
	typeKeys(app, "000000")
	pressDrain(app, tea.KeyEnter)
	if !strings.Contains(app.View(), "Wrong or expired one-time code") {
		t.Fatalf("wrong code not refused:\n%s", app.View())
	}
	if a, _ := db.AccountByID(context.Background(), c.Svc.DB, c.Account.ID); a.TOTPEnabled {
		t.Fatal("2FA on after a wrong code")
	}
	code, _ := totp.GenerateCode(page.setup.Secret, time.Now())
	typeKeys(app, code[:3]+" "+code[3:])
	pressDrain(app, tea.KeyEnter)
	v = app.View()
	if !strings.Contains(v, "Your recovery codes") || strings.Count(v, "-") < 10 {
		t.Fatalf("recovery codes not shown:\n%s", v)
	}
	stored, err := c.Svc.StoredTOTPSecret(context.Background(), c.Account.ID)
	if err != nil || stored != u.Query().Get("secret") {
		t.Fatalf("stored secret %q differs from the QR code's (%v)", stored, err)
	}
	pressDrain(app, tea.KeyEnter)
	if v := app.View(); !strings.Contains(v, "10 of 10 recovery codes left") || !strings.Contains(v, "deactivate 2FA") {
		t.Fatalf("overview after activation:\n%s", v)
	}
}

// decodeScreenQR cuts the QR code's cells out of a screen and decodes them,
// in colour or in reverse video (NO_COLOR).
func decodeScreenQR(t *testing.T, screen string) string {
	t.Helper()
	if !strings.Contains(screen, "\x1b[38;5;") {
		return decodePlainScreenQR(t, screen)
	}
	var qrLines []string
	for _, line := range strings.Split(screen, "\n") {
		start := strings.Index(line, "\x1b[38;5;")
		if start < 0 {
			continue
		}
		end := strings.LastIndex(line, sgrReset)
		qrLines = append(qrLines, line[start:end+len(sgrReset)])
	}
	m := readBack(t, strings.Join(qrLines, "\n"), false)
	return decode(t, m[:len(m)-1]) // the last half row is padding
}

func TestTwoFactorDeactivationNeedsPasswordAndCode(t *testing.T) {
	t.Parallel()
	app, c := newTestApp(t, 100, 30)
	ctx := context.Background()
	setup, _ := c.Svc.NewTOTPSetup(c.Account.UserID)
	code, _ := totp.GenerateCode(setup.Secret, time.Now().Add(-30*time.Second))
	if _, err := c.Svc.ActivateTOTP(ctx, c.Account, setup, code); err != nil {
		t.Fatal(err)
	}
	acct, _ := c.Svc.Account(ctx, c.Account.ID)
	drain(app, func() tea.Msg { return AccountChangedMsg{Account: acct} })
	typeKeys(app, "d")
	typeKeys(app, "Wrong-password-1")
	press(app, tea.KeyEnter)
	code, _ = totp.GenerateCode(setup.Secret, time.Now())
	typeKeys(app, code)
	pressDrain(app, tea.KeyEnter)
	if !strings.Contains(app.View(), "The current password is wrong") {
		t.Fatalf("wrong password accepted:\n%s", app.View())
	}
	press(app, tea.KeyTab)
	for range 20 {
		press(app, tea.KeyBackspace)
	}
	typeKeys(app, seedPassword(t, c))
	press(app, tea.KeyEnter)
	typeKeys(app, code)
	pressDrain(app, tea.KeyEnter)
	if !strings.Contains(app.View(), "Two-factor authentication is off") {
		t.Fatalf("not deactivated:\n%s", app.View())
	}
}

const testPassword = "Sunshine-2026"

// seedPassword gives the test account a known password.
func seedPassword(t *testing.T, c Common) string {
	t.Helper()
	h, err := c.Svc.Hasher.Hash(context.Background(), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPasswordHash(context.Background(), c.Svc.DB, c.Account.ID, h, time.Now()); err != nil {
		t.Fatal(err)
	}
	return testPassword
}

func loginReq(c Common, pw string) portal.LoginRequest {
	return portal.LoginRequest{UserName: c.Account.UserID, Password: pw, Source: "192.0.2.9"}
}

func TestPasswordFormFitsAnEightyByTwentyFourTerminal(t *testing.T) {
	t.Parallel()
	app, _ := newTestApp(t, 80, 24)
	typeKeys(app, "p")
	v := app.View()
	if h := strings.Count(v, "\n") + 1; h > 24 {
		t.Fatalf("view is %d lines:\n%s", h, v)
	}
	for _, want := range []string{"Current", "Repeat", "✗ a number (0-9)", "enter save"} {
		if !strings.Contains(v, want) {
			t.Fatalf("%q cut off at 80x24:\n%s", want, v)
		}
	}
}
