package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// musicStatusCommon is a customer whose hold music is a WAV file that
// plays, whose last hold upload was refused as too large and whose last
// queue upload failed to convert: the longest states of the Music page.
func musicStatusCommon(t *testing.T) Common {
	t.Helper()
	c := goldenCommon(t, false)
	ctx := context.Background()
	if err := uploadMusic(t, c, portal.MusicHold, "hold.wav", "wav-pcm16-stereo-44k.wav"); err != nil {
		t.Fatal(err)
	}
	if did, err := c.Svc.ActivateNextMusic(ctx, "test", time.Minute); err != nil || !did {
		t.Fatalf("activation: %v %v", did, err)
	}
	// Text is no audio; the upload path refuses it, so the row is put in
	// place the way an upload from before the checks would have been.
	now := time.Now()
	if _, err := db.InsertMusicFile(ctx, c.Svc.DB, db.NewMusicFile{AccountID: c.Account.ID, Kind: "queue",
		Name: "odd.wav", Format: "wav", ContentType: "audio/wav", Original: []byte("not audio"),
		LicenceShownAt: now, UploadedAt: now}); err != nil {
		t.Fatal(err)
	}
	if did, err := c.Svc.ActivateNextMusic(ctx, "test", time.Minute); err != nil || !did {
		t.Fatalf("conversion: %v %v", did, err)
	}
	if err := uploadMusic(t, c, portal.MusicHold, "big.wav", "bench-3mb.mp3"); err == nil {
		t.Fatal("a 3 MB hold music was accepted")
	}
	return c
}

// The Music page's status lines wrap to the window instead of ending in
// "…": at 80x24 in Swiss German the refusal was cut after "1.5 MB) g…",
// at 60x20 in French the playing file's codec and its "actif depuis".
// Every state reads whole in every language at both sizes, each line
// within the window; the page scrolls where they make it taller.
func TestMusicStatusWrapsInsteadOfCutting(t *testing.T) {
	t.Parallel()
	base := musicStatusCommon(t)
	for _, loc := range everyLocale {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s-%dx%d", loc, size[0], size[1]), func(t *testing.T) {
				c := base
				c.Voice = voiceIn(loc)
				app := newQuickApp(c)
				run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				run(t, app, keys2("3")...)
				m := app.pages[app.active].(*musicPage)
				hold, queue := m.slots[0], m.slots[1]
				if hold.LastRefusal == nil || queue.LastFailure == nil || hold.Playing.Default() {
					t.Fatalf("fixture: refusal %v, failure %v, playing %q", hold.LastRefusal, queue.LastFailure, hold.Playing.Name)
				}
				v := c.V()
				f := hold.Playing
				want := []string{
					fmt.Sprintf("%s · %s · %s", f.Name, f.Codec, v.PlayTime(f.Duration)),
					c.T("music.bytes", int(f.Size)) + " · " + c.T("music.active_since", v.Clock.DateTime(f.ActivatedAt)),
					c.T("music.word_refused") + " big.wav: " + v.MusicRefusal(portal.MusicHold, hold.LastRefusal.Code, hold.LastRefusal.Reason),
					c.T("music.word_failed") + " odd.wav: " + v.MusicFailure(portal.MusicQueue, queue.LastFailure.Code, queue.LastFailure.Error),
				}
				// The whole page, screen by screen down to its end.
				var seen []string
				for range 10 {
					screen := app.View()
					for _, line := range strings.Split(screen, "\n") {
						if w := lipgloss.Width(line); w > size[0] {
							t.Errorf("line %d columns wide: %q", w, ansi.Strip(line))
						}
					}
					page := ansi.Strip(m.View())
					if strings.Contains(page, "…") {
						t.Errorf("a line is cut:\n%s", page)
					}
					seen = append(seen, page)
					if !m.scroll.overflows() || m.scroll.offset+m.scroll.height-1 >= m.scroll.lines {
						break
					}
					run(t, app, tea.KeyMsg{Type: tea.KeyPgDown})
				}
				flat := strings.Join(strings.Fields(strings.Join(seen, "\n")), " ")
				for _, w := range want {
					if w = strings.Join(strings.Fields(w), " "); !strings.Contains(flat, w) {
						t.Errorf("the page does not show %q whole:\n%s", w, strings.Join(seen, "\n--- pgdn ---\n"))
					}
				}
			})
		}
	}
}
