package tui

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/pquerna/otp/totp"
)

// The 2FA screens TestEveryPageFitsInEveryLanguage cannot reach from its
// plain customer fit in every language at 80x24 and 60x20 too: the
// overview, deactivation and new-codes forms of an account with 2FA on,
// and the recovery codes shown right after activation.
func TestTwoFactorScreensFitInEveryLanguage(t *testing.T) {
	t.Parallel()
	screens := []struct {
		name, fixture, keys string
		activate            bool // set up 2FA with the golden secret first
	}{
		{"account-2fa-on", "2fa", "4", false},
		{"account-2fa-deactivate", "2fa", "4d", false},
		{"account-2fa-new-codes", "2fa", "4g", false},
		{"account-2fa-activated", "plain", "4s\r", true},
	}
	for _, loc := range everyLocale {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s/%s", loc, sc.name), func(t *testing.T) {
				// One account per screen, drawn at both sizes: activating
				// 2FA hashes ten recovery codes, too slow to repeat.
				c := goldenFixture(t, sc.fixture, false)
				c.Voice = voiceIn(loc)
				app := newQuickApp(c)
				run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
				run(t, app, goldenKeys(sc.keys)...)
				if sc.activate {
					fixSetupSecret(t, app)
					code, err := totp.GenerateCode(goldenSecret, time.Now())
					if err != nil {
						t.Fatal(err)
					}
					run(t, app, goldenKeys(code+"\r")...)
					if p := app.pages[app.active].(*accountPage); p.mode != modeCodes {
						t.Fatalf("not activated:\n%s", app.View())
					}
				}
				for _, size := range [][2]int{{80, 24}, {60, 20}} {
					run(t, app, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					v := app.View()
					checkFits(t, app, v, size)
					checkNoEnglish(t, loc, v)
				}
			})
		}
	}
}
