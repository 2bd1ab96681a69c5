package tui

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// every locale the portal speaks, Swiss and Austrian German apart.
var everyLocale = []i18n.Locale{i18n.DeCH, i18n.DeAT, i18n.FrCH, i18n.ItCH, i18n.EnCH}

func voiceIn(loc i18n.Locale) portal.Voice {
	return portal.Voice{Printer: i18n.NewPrinter(loc), Clock: i18n.Clock{Locale: loc}}
}

// languageScreens are the golden screens plus the ones only a language
// makes longer: the ? overlay on every page, the Language chooser, the
// too-small screen's neighbours, and the dialogues and card states a
// customer reaches (device set-up, new VoIP password, a Teams card, the
// music revert).
var languageScreens = append(append([]struct{ name, keys string }{}, goldenScreens...),
	struct{ name, keys string }{"dashboard-all-keys", "?"},
	struct{ name, keys string }{"music-all-keys", "3?"},
	struct{ name, keys string }{"account-all-keys", "4?"},
	struct{ name, keys string }{"account-language", "4l"},
	struct{ name, keys string }{"account-zone", "4z"},
	struct{ name, keys string }{"account-2fa-off", "4s"},
	struct{ name, keys string }{"account-2fa-setup-code", "4s\r"},
	struct{ name, keys string }{"account-security-all-keys", "4k?"},
	struct{ name, keys string }{"account-security-add", "4ka"},
	struct{ name, keys string }{"account-security-remove", "4kd"},
	struct{ name, keys string }{"number-device-chooser", "2/main building\rd"},
	struct{ name, keys string }{"number-device-setup", "2/main building\rd\r"},
	struct{ name, keys string }{"number-new-voip-password", "2/main building\rn"},
	struct{ name, keys string }{"number-teams", "2/teams seat 1\r"},
	struct{ name, keys string }{"music-revert", "3d"},
)

// Every page in every language at 80x24 and 60x20: it is as high as the
// terminal, no line is wider, no text runs into the right edge (a line
// filling the last column was cut, unless it ends in a deliberate "…" or
// is a card's border), the footer keeps "?" and "q", and the page speaks
// the language (its tab title is the catalogue's).
func TestEveryPageFitsInEveryLanguage(t *testing.T) {
	t.Parallel()
	base := goldenCommon(t, false)
	for _, loc := range everyLocale {
		c := base
		c.Voice = voiceIn(loc)
		for _, sc := range languageScreens {
			for _, size := range [][2]int{{80, 24}, {60, 20}} {
				t.Run(fmt.Sprintf("%s/%s-%dx%d", loc, sc.name, size[0], size[1]), func(t *testing.T) {
					app := newQuickApp(c)
					run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					for _, r := range sc.keys {
						k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
						if r == '\r' {
							k = tea.KeyMsg{Type: tea.KeyEnter}
						}
						run(t, app, k)
					}
					v := app.View()
					checkFits(t, app, v, size)
					checkNoEnglish(t, loc, v)
					if !strings.Contains(v, c.T("page.dashboard")) && !app.pages[app.active].Capturing() {
						t.Errorf("the tabs are not in %s:\n%s", loc, v)
					}
					lines := strings.Split(v, "\n")
					if last := lines[len(lines)-1]; !app.pages[app.active].Capturing() && !app.help.ShowAll &&
						(!strings.Contains(last, "? ") || !strings.Contains(last, "q ")) {
						t.Errorf("the footer lost ? or q: %q", last)
					}
				})
			}
		}
	}
}

// englishFragments are, per locale, the catalogue's English words that a
// screen in that locale must not show: each English text's runs between
// placeholders of at least 12 characters that the locale's own text of
// the key does not contain (product names and commands are the same in
// every language).
var englishFragments = func() map[i18n.Locale][]string {
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`)
	en := i18n.Formats(i18n.EnCH)
	out := map[i18n.Locale][]string{}
	for _, loc := range everyLocale {
		if loc.Lang == i18n.English {
			continue
		}
		own := i18n.Formats(loc)
		seen := map[string]bool{}
		for key, text := range en {
			for _, frag := range verb.Split(text, -1) {
				frag = strings.Join(strings.Fields(frag), " ")
				if len(frag) >= 12 && !strings.Contains(own[key], frag) && !seen[frag] {
					seen[frag] = true
					out[loc] = append(out[loc], frag)
				}
			}
		}
	}
	return out
}()

// checkNoEnglish fails for a screen in German, French or Italian that
// shows a catalogue text's English: a text that was not translated, or
// never went through the catalogue for that screen.
func checkNoEnglish(t *testing.T, loc i18n.Locale, v string) {
	t.Helper()
	flat := strings.Join(strings.Fields(ansi.Strip(v)), " ")
	for _, frag := range englishFragments[loc] {
		if strings.Contains(flat, frag) {
			t.Errorf("English on a %s screen: %q in\n%s", loc, frag, v)
		}
	}
}

// checkFits fails for a screen that is not the terminal's height or has a
// line wider than it, and for a page whose own text the frame would cut:
// wider than the room beside the margin, or taller than the room between
// tabs and footer (the frame's MaxWidth and MaxHeight would drop it
// silently). A full-screen page (the QR code) has the whole terminal.
func checkFits(t *testing.T, app *App, v string, size [2]int) {
	t.Helper()
	page := app.pages[app.active]
	roomW, roomH := size[0]-1, size[1]-2-lipgloss.Height(footerView(app.help, app.keyMap(), size[0]))
	if fs, ok := page.(fullScreener); ok && fs.FullScreen() {
		roomW, roomH = size[0], size[1]
	} else if h := lipgloss.Height(v); h != size[1] {
		t.Errorf("screen is %d lines high, want %d:\n%s", h, size[1], v)
	}
	for i, line := range strings.Split(v, "\n") {
		if w := lipgloss.Width(line); w > size[0] {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, size[0], line)
		}
	}
	pv := page.View()
	// The ? overlay covers the page's bottom on purpose.
	if h := lipgloss.Height(pv); h > roomH && !app.help.ShowAll {
		t.Errorf("the page is %d lines high, the frame cuts it to %d:\n%s", h, roomH, pv)
	}
	for i, line := range strings.Split(pv, "\n") {
		if w := lipgloss.Width(line); w > roomW {
			t.Errorf("page line %d is %d columns wide, the frame cuts it to %d: %q", i+1, w, roomW, ansi.Strip(line))
		}
	}
}

// The forgot and reset forms in every language fit 60x20 and 80x24.
func TestFlowsFitInEveryLanguage(t *testing.T) {
	t.Parallel()
	base := goldenCommon(t, false)
	for _, loc := range everyLocale {
		for _, region := range []string{portal.RegionCH, portal.RegionAT} {
			for _, size := range [][2]int{{80, 24}, {60, 20}} {
				for _, flow := range []string{"forgot", "forgot-done", "reset", "reset-done"} {
					t.Run(fmt.Sprintf("%s/%s-%s-%dx%d", loc, flow, region, size[0], size[1]), func(t *testing.T) {
						c := base
						c.Voice = voiceIn(loc)
						fc := FlowCommon{Common: c, Region: region}
						var m tea.Model = NewForgot(fc)
						if strings.HasPrefix(flow, "reset") {
							m = NewReset(fc, "token", c.Account)
						}
						m.Init()
						m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
						switch flow {
						case "reset-done":
							m.Update(resetDoneMsg{})
						case "forgot-done":
							m.Update(forgotDoneMsg{})
						}
						v := m.View()
						if h := lipgloss.Height(v); h > size[1] {
							t.Errorf("view is %d lines high, more than %d:\n%s", h, size[1], v)
						}
						for i, line := range strings.Split(v, "\n") {
							if w := lipgloss.Width(line); w > size[0] {
								t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, size[0], line)
							}
						}
					})
				}
			}
		}
	}
}

// My account → Language: choosing Deutsch stores it and the whole portal
// speaks German at once; automatic goes back to the client's LANG.
func TestLanguageCardSwitchesThePortal(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	c.Environ = []string{"LANG=en_GB.UTF-8"}
	v, err := c.Svc.VoiceOf(context.Background(), c.Account, c.Environ)
	if err != nil {
		t.Fatal(err)
	}
	c.Voice = v
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	run(t, app, keys2("4l")...)
	wantIn(t, app.View(), "Choose the portal's language:", "▸ Automatic", "Deutsch")
	run(t, app, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyEnter})
	wantIn(t, app.View(), "Mein Konto", "Das Portal spricht jetzt Deutsch.", "Sprache")
	set, err := c.Svc.Settings(context.Background(), c.Account.ID)
	if err != nil || set.Language != "de" {
		t.Fatalf("stored language %q, %v", set.Language, err)
	}
	run(t, app, keys2("1")...)
	wantIn(t, app.View(), "Ihre Rufnummern", "angemeldet als")

	// The time zone: Vienna, then the dates follow it.
	run(t, app, keys2("4z")...)
	run(t, app, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyEnter})
	wantIn(t, app.View(), "Europe/Vienna")
	if set, _ := c.Svc.Settings(context.Background(), c.Account.ID); set.TimeZone != "Europe/Vienna" {
		t.Fatalf("stored zone %q", set.TimeZone)
	}

	// Automatic: the client's LANG (English) again.
	run(t, app, keys2("4l")...)
	run(t, app, tea.KeyMsg{Type: tea.KeyUp}, tea.KeyMsg{Type: tea.KeyEnter})
	wantIn(t, app.View(), "My account", "The portal now speaks English.")
}

// The search finds a number however the customer writes it.
func TestSearchTakesNumbersAsCustomersWriteThem(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	for _, q := range []string{"044 777 88 99", "0041447778899", "+41 44 777 88 99", "7778899"} {
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
		run(t, app, keys2("2/"+q)...)
		wantIn(t, app.View(), "1 of 25", "+41 44 777 88 99")
	}
}

// Every key hint the pages declare has its text in the catalogue, so no
// footer mixes English into another language.
func TestEveryKeyHintIsTranslated(t *testing.T) {
	t.Parallel()
	f := newForm("save")
	maps := []any{accountKeys, deviceKeys, languageKeys, listKeys, musicKeys, numberKeys, numbersKeys, scrollKeys, securityKeys, f.keys}
	for _, m := range maps {
		v := reflect.ValueOf(m)
		for i := range v.NumField() {
			b, ok := v.Field(i).Interface().(key.Binding)
			if !ok || b.Help().Desc == "" {
				continue
			}
			if _, ok := keyTexts[b.Help().Desc]; !ok {
				t.Errorf("%T.%s: %q has no catalogue text in keyTexts", m, v.Type().Field(i).Name, b.Help().Desc)
			}
		}
	}
	for _, submit := range []string{"turn 2FA off", "make new codes", "activate", "send", "add key", "remove key"} {
		if _, ok := keyTexts[submit]; !ok {
			t.Errorf("form submit %q has no catalogue text", submit)
		}
	}
}
