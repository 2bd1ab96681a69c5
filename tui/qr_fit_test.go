package tui

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// screenQR cuts the QR code out of a full screen with the code at its top
// left, qw columns and qh lines, escapes included, and decodes it.
func screenQR(t *testing.T, screen string, qw, qh int, colour bool) string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) < qh {
		t.Fatalf("the screen has %d lines, the QR code %d:\n%s", len(lines), qh, screen)
	}
	var cut []string
	for _, line := range lines[:qh] {
		var b strings.Builder
		cells := 0
		for i := 0; i < len(line); {
			if loc := sgrRe.FindStringIndex(line[i:]); loc != nil && loc[0] == 0 {
				b.WriteString(line[i : i+loc[1]])
				i += loc[1]
				continue
			}
			if cells == qw {
				break
			}
			r := []rune(line[i:])[0]
			b.WriteRune(r)
			i += len(string(r))
			cells++
		}
		cut = append(cut, b.String())
	}
	code := strings.Join(cut, "\n")
	var m [][]bool
	if colour {
		m = readBack(t, code, false)
	} else {
		m = readBackPlain(t, code, false)
	}
	return decode(t, m[:qw]) // a last half row is padding
}

// The standard 80x24 terminal always gets a QR code that scans, whatever
// the random secret and however long the user ID: a larger QR version
// (49 modules, 25 lines) plus 33 columns of steps did not fit, so some
// secrets got "enlarge the window to 83x23" instead. Every language, in
// colour and without, beside the steps and beside the code form, for a
// short user ID, the longest customers have, and the longest allowed (254
// characters): the code decodes to the setup's URI, whose secret and
// issuer are the setup's.
func TestTwoFactorQRCodeAlwaysFitsEightyByTwentyFour(t *testing.T) {
	t.Parallel()
	size := [2]int{80, 24}
	longest := strings.Repeat("x", 254-len("@example.ch")) + "@example.ch"
	for _, colour := range []bool{true, false} {
		t.Run(fmt.Sprintf("colour-%v", colour), func(t *testing.T) {
			t.Parallel()
			base := goldenFixture(t, "plain", colour)
			for _, userID := range []string{"demo@example.ch", longUserID, longest} {
				for _, loc := range everyLocale {
					c := base
					c.Account.UserID = userID
					c.Voice = voiceIn(loc)
					app := newQuickApp(c)
					run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					run(t, app, goldenKeys("4")...)
					// Each s is a new random secret.
					for i := range 20 {
						keys := "s"
						if i%3 == 2 {
							keys = "s\r" // the code form beside the code
						}
						run(t, app, goldenKeys(keys)...)
						p := app.pages[app.active].(*accountPage)
						v := app.View()
						qw, qh := qrSize(p.matrix, false)
						if !strings.Contains(v, "▀") {
							t.Fatalf("%s, %d-character user ID, a QR code of %d modules: no QR code at 80x24:\n%s",
								loc, len(userID), len(p.matrix)-8, v)
						}
						checkFits(t, app, v, size)
						got := screenQR(t, v, qw, qh, colour)
						u, err := url.Parse(got)
						if got != p.setup.URI || err != nil || u.Query().Get("secret") != p.setup.Secret ||
							u.Query().Get("issuer") != c.Svc.Cfg.Brand {
							t.Fatalf("%s: the QR code holds %q, the setup %q", loc, got, p.setup.URI)
						}
						run(t, app, goldenKeys("\x1b")...)
					}
				}
			}
		})
	}
}
