package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/i18n"
)

// overlayBindings are the bindings the ? overlay shows now.
func overlayBindings(app *App) []key.Binding {
	var out []key.Binding
	for _, col := range app.keyMap().FullHelp() {
		for _, b := range col {
			if b.Enabled() {
				out = append(out, b)
			}
		}
	}
	return out
}

// One key, one meaning: on no screen does the ? overlay list a key under
// two different descriptions (Music listed home as "first" of the list
// and as "top" of the text, and only one of them acted). listMoveHelp is
// the footer's summary of ↑/↓ and j/k, not a binding of its own.
func TestOverlayShowsEveryKeyOnce(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	for _, sc := range languageScreens {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				app := newQuickApp(c)
				run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				run(t, app, goldenKeys(sc.keys)...)
				meaning := map[string]string{}
				for _, b := range overlayBindings(app) {
					if b.Help() == listMoveHelp.Help() {
						continue
					}
					desc := b.Help().Key + " " + b.Help().Desc
					for _, k := range b.Keys() {
						if other, ok := meaning[k]; ok && other != desc {
							t.Errorf("key %s is listed as %q and as %q", k, other, desc)
						}
						meaning[k] = desc
					}
				}
			})
		}
	}
}

// On Music, the list keys the overlay shows select the slot, with the
// overlay open or closed, and the selected slot stays on screen: at 80x24
// end did not select the queue music (it scrolled the text), G did. The
// text scrolls on pgdn and pgup, without moving the selection.
func TestMusicListKeysSelectTheSlotTheOverlaySays(t *testing.T) {
	t.Parallel()
	base := goldenCommon(t, false)
	r := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	presses := []struct {
		key  tea.KeyMsg
		slot int
	}{
		{tea.KeyMsg{Type: tea.KeyEnd}, 1}, {tea.KeyMsg{Type: tea.KeyHome}, 0},
		{r("G"), 1}, {r("g"), 0}, {r("j"), 1}, {r("k"), 0},
		{tea.KeyMsg{Type: tea.KeyDown}, 1}, {tea.KeyMsg{Type: tea.KeyUp}, 0},
	}
	for _, loc := range []i18n.Locale{i18n.DeCH, i18n.FrCH} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			for _, overlay := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s-%dx%d-overlay-%v", loc, size[0], size[1], overlay), func(t *testing.T) {
					c := base
					c.Voice = voiceIn(loc)
					app := newQuickApp(c)
					run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					run(t, app, keys2("3")...)
					if overlay {
						run(t, app, keys2("?")...)
					}
					m := app.pages[app.active].(*musicPage)
					titles := []string{c.V().MusicTitle(m.slots[0].Kind), c.V().MusicTitle(m.slots[1].Kind)}
					for _, p := range presses {
						run(t, app, p.key)
						v := app.View()
						if m.list.cursor != p.slot {
							t.Fatalf("%s selected slot %d, want %d (%s):\n%s", p.key, m.list.cursor, p.slot, titles[p.slot], v)
						}
						if got := selectedLine(t, v); !strings.HasPrefix(got, titles[p.slot]) {
							t.Fatalf("after %s the marked line is %q, want %s:\n%s", p.key, got, titles[p.slot], v)
						}
					}
					if !m.scroll.overflows() {
						return
					}
					run(t, app, tea.KeyMsg{Type: tea.KeyPgDown})
					if m.scroll.offset == 0 || m.list.cursor != 0 {
						t.Fatalf("pgdn: offset %d, slot %d; want the text scrolled, the slot kept", m.scroll.offset, m.list.cursor)
					}
					run(t, app, tea.KeyMsg{Type: tea.KeyEnd})
					if got := selectedLine(t, app.View()); m.list.cursor != 1 || !strings.HasPrefix(got, titles[1]) {
						t.Fatalf("end after pgdn: slot %d, marked %q:\n%s", m.list.cursor, got, app.View())
					}
				})
			}
		}
	}
}
