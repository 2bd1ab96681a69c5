package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/devices"
)

// deviceSetupApp is the card of the number with the long label, its
// device set-up for the i-th device open, in a window of the given size.
func deviceSetupApp(t *testing.T, c Common, i, width, height int) *App {
	t.Helper()
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: width, Height: height})
	run(t, app, keys2("2/main building")...)
	run(t, app, enter)
	run(t, app, keys2("d"+strings.Repeat("j", i))...)
	run(t, app, enter)
	return app
}

// unwrapped is a screen's text as logical lines: the frame's left column
// dropped, each part after "↪ " joined to the line it continues, once
// exactly (a setting broken at the column) and once with words normalised
// (a comment or prose broken between words).
func unwrapped(screen string) (exact, words map[string]bool) {
	exact, words = map[string]bool{}, map[string]bool{}
	var lines []string
	for _, l := range strings.Split(ansi.Strip(screen), "\n") {
		l = strings.TrimPrefix(strings.TrimRight(l, " "), " ")
		if rest, ok := strings.CutPrefix(l, continuedMark); ok && len(lines) > 0 {
			lines[len(lines)-1] += "\x00" + rest
			continue
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		exact[strings.ReplaceAll(l, "\x00", "")] = true
		words[strings.Join(strings.Fields(strings.ReplaceAll(l, "\x00", " ")), " ")] = true
	}
	return exact, words
}

// Every line of every device's set-up is on the screen whole at 60 and 80
// columns: long lines are wrapped with "↪ ", never cut at the window.
// Settings keep every character; comments may wrap between words.
func TestDeviceSetUpLongLinesAreWrappedNotCut(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	for i, dev := range devices.All {
		var out bytes.Buffer
		if err := c.Svc.DeviceSetup(c.Ctx, &out, c.Account.ID, "+41447778899", dev.Name, c.V().Locale().Lang, false); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int{60, 80} {
			// Tall enough for the whole set-up on one screen.
			screen := deviceSetupApp(t, c, i, width, 200).View()
			exact, words := unwrapped(screen)
			for _, want := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
				want = strings.TrimRight(want, " ")
				if dev.File && !isComment(want) {
					if !exact[want] {
						t.Errorf("%s at %d columns: the setting %q is not on the screen whole:\n%s", dev.Name, width, want, ansi.Strip(screen))
					}
				} else if !words[strings.Join(strings.Fields(want), " ")] {
					t.Errorf("%s at %d columns: the line %q is not on the screen whole:\n%s", dev.Name, width, want, ansi.Strip(screen))
				}
			}
		}
	}
}

// At 80x24 and 60x20 the set-up still scrolls with pgdn to its end, no
// line is wider than the window, and the command for a paste-ready file
// stands on the first screen unbroken.
func TestDeviceSetUpScrollsAndKeepsTheRevealHint(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	const hint = "credentials +41447778899 --device yealink --reveal"
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		app := deviceSetupApp(t, c, 1, size[0], size[1])
		screen := ansi.Strip(app.View())
		if !strings.Contains(strings.Join(strings.Fields(screen), " "), hint) {
			t.Errorf("%dx%d: the hint %q is not on the first screen:\n%s", size[0], size[1], hint, screen)
		}
		if strings.Contains(screen, "--\n") {
			t.Errorf("%dx%d: the hint breaks inside an option:\n%s", size[0], size[1], screen)
		}
		var seen strings.Builder
		for range 20 {
			screen = app.View()
			for i, l := range strings.Split(screen, "\n") {
				if w := lipgloss.Width(l); w > size[0] {
					t.Errorf("%dx%d: line %d is %d columns wide: %q", size[0], size[1], i+1, w, ansi.Strip(l))
				}
			}
			seen.WriteString(ansi.Strip(screen))
			if !strings.Contains(ansi.Strip(screen), "below") {
				break
			}
			run(t, app, tea.KeyMsg{Type: tea.KeyPgDown})
		}
		for _, want := range []string{"account.1.outbound_proxy_fallback_interval = 3600", "r shows it in the set-up"} {
			if !strings.Contains(seen.String(), want) {
				t.Errorf("%dx%d: pgdn never shows %q:\n%s", size[0], size[1], want, seen.String())
			}
		}
	}
}

// The device set-up speaks the session's language, as the card around it
// does: with no language setting, the client's LANG decides.
func TestDeviceSetUpSpeaksTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	c.Environ = []string{"LANG=fr_CH.UTF-8"}
	v, err := c.Svc.VoiceOf(context.Background(), c.Account, c.Environ)
	if err != nil {
		t.Fatal(err)
	}
	c.Voice = v
	screen := deviceSetupApp(t, c, 0, 80, 60).View() // the first device: the FRITZ!Box
	wantIn(t, screen, "FRITZ!Box", "Nom d'utilisateur", "Serveur proxy", "Nom d'authentification")
}
