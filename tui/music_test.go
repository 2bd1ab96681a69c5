package tui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

func musicFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "audio", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func uploadMusic(t *testing.T, c Common, kind portal.MusicKind, name, fixture string) error {
	t.Helper()
	_, err := c.Svc.UploadMusic(context.Background(), c.Account, portal.MusicUpload{Kind: kind, Name: name, Via: "sftp"},
		bytes.NewReader(musicFixture(t, fixture)))
	return err
}

// settle runs a page command and feeds its message back, as the runtime
// would, and returns the command that follows (a tick, or nil).
func settle(t *testing.T, p *musicPage, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command to run")
	}
	_, next := p.Update(cmd())
	return next
}

func TestMusicPageShowsTheDefaultPieceAndHowToUpload(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	c.Width, c.Height = 98, 26
	p := newMusicPage(c)
	if tick := settle(t, p, p.Init()); tick == nil {
		t.Fatal("an idle Music page does not follow changes")
	}
	v := p.View()
	for _, want := range []string{
		"Hold music", "Queue music", "default piece (licence-free) · 24.0 s",
		"scp -P 2222 hold.mp3 demo@example.ch@localhost:music/hold",
		"scp -P 2222 queue.mp3 demo@example.ch@localhost:music/queue",
		"Limits: hold 1,572,864 bytes (1.5 MB), queue 3,145,728 bytes (3 MB).",
		"Play time: at least 1 s, at most 10 minutes.",
		"1.5 MB ≈ 9 s of CD-quality WAV or 98 s of MP3 at 128 kbit/s; 3 MB twice that.",
		"SUISA", "The default piece is licence-free",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

// The page states the play-time limits beside the byte limits, in every
// language: a file within the bytes may still be refused for its length.
func TestMusicPageStatesThePlayTimeLimitsInEveryLanguage(t *testing.T) {
	t.Parallel()
	want := map[i18n.Locale]string{
		i18n.EnCH: "Play time: at least 1 s, at most 10 minutes.",
		i18n.DeCH: "Spieldauer: mindestens 1 s, höchstens 10 Minuten.",
		i18n.DeAT: "Spieldauer: mindestens 1 s, höchstens 10 Minuten.",
		i18n.FrCH: "Durée : au moins 1 s, au plus 10 minutes.",
		i18n.ItCH: "Durata: almeno 1 s, al massimo 10 minuti.",
	}
	base := testCommon(t)
	base.Width, base.Height = 98, 60
	for _, loc := range everyLocale {
		c := base
		c.Voice = voiceIn(loc)
		p := newMusicPage(c)
		settle(t, p, p.Init())
		if v := ansi.Strip(p.View()); !strings.Contains(v, want[loc]) {
			t.Errorf("%s: the Music page lacks %q:\n%s", loc, want[loc], v)
		}
	}
}

func TestMusicPageFollowsAnUploadUntilItPlays(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	c.Width, c.Height = 98, 26
	p := newMusicPage(c)
	if tick := settle(t, p, p.Init()); tick == nil {
		t.Fatal("the page does not follow changes")
	}

	if err := uploadMusic(t, c, portal.MusicHold, "hold.mp3", "mp3-cbr128-stereo-44k.mp3"); err != nil {
		t.Fatal(err)
	}
	_, refresh := p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	// r reloads at once; the tick already due stays the only one.
	if again := settle(t, p, refresh); again != nil || !strings.Contains(p.View(), "pending hold.mp3 · 2.0 s · waiting for activation") {
		t.Fatalf("after the upload (second tick %v):\n%s", again != nil, p.View())
	}

	if did, err := c.Svc.ActivateNextMusic(context.Background(), "test", portal.DefaultMusicWorkerOptions().Stale); !did || err != nil {
		t.Fatal(did, err)
	}
	// The tick is due: its reload shows the active file, and the page
	// goes on following changes.
	_, reload := p.Update(musicTickMsg{gen: p.gen})
	if next := settle(t, p, reload); next == nil {
		t.Fatal("the page stops following changes")
	}
	v := p.View()
	if !strings.Contains(v, "hold.mp3 · MP3 128 kbit/s CBR · 2.0 s") || !strings.Contains(v, "33,017 bytes · active since") ||
		strings.Contains(v, "pending") || !strings.Contains(v, "████") {
		t.Fatalf("after activation:\n%s", v)
	}
	// A tick of an earlier showing of the page is dropped.
	if _, cmd := p.Update(musicTickMsg{gen: p.gen - 1}); cmd != nil {
		t.Fatal("a stale tick reloaded")
	}
}

func TestMusicPageRevertsToTheDefaultPieceOnlyWhenConfirmed(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	if err := uploadMusic(t, c, portal.MusicQueue, "queue.mp3", "mp3-cbr64-mono-22k.mp3"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Svc.ActivateNextMusic(context.Background(), "test", portal.DefaultMusicWorkerOptions().Stale); err != nil {
		t.Fatal(err)
	}
	p := newMusicPage(c)
	settle(t, p, p.Init())
	press := func(k string) tea.Cmd {
		_, cmd := p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		return cmd
	}
	press("j") // select the queue
	press("d")
	if !p.Capturing() || !strings.Contains(p.View(), "Play the default piece (licence-free) as your queue music again?") {
		t.Fatalf("no confirmation:\n%s", p.View())
	}
	if cmd := press("n"); cmd != nil || !strings.Contains(p.View(), "queue.mp3 · MP3") {
		t.Fatal("n reverted")
	}
	press("d")
	settle(t, p, settle(t, p, press("y")))
	v := p.View()
	if !strings.Contains(v, "Your queue music is the default piece (licence-free) again.") || strings.Contains(v, "queue.mp3 ·") {
		t.Fatalf("after the revert:\n%s", v)
	}
}

func TestMusicPageFitsEightyByTwentyFour(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	for _, k := range portal.MusicKinds {
		if err := uploadMusic(t, c, k, "a-rather-long-file-name-for-the-music.mp3", "mp3-cbr64-mono-22k.mp3"); err != nil {
			t.Fatal(err)
		}
		if err := uploadMusic(t, c, k, "refused.ogg", "ogg-vorbis.ogg"); err == nil {
			t.Fatal("ogg accepted")
		}
	}
	app := New(c)
	app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	_, cmd := app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3")})
	app.Update(cmd())
	v := app.View()
	if h, w := lipgloss.Height(v), lipgloss.Width(v); h != 24 || w > 80 {
		t.Fatalf("view is %dx%d:\n%s", w, h, v)
	}
	for _, want := range []string{"pending a-rather-long-file-name…", "refused refused.ogg", "scp -P 2222 queue.mp3", "SUISA"} {
		if !strings.Contains(v, want) {
			t.Errorf("80x24 view lacks %q:\n%s", want, v)
		}
	}
}

// Another session uploads while the page is open: the page shows it by
// itself, from its own tick, without r.
func TestMusicPageFollowsAnotherSessionsUploadByItself(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	c.Width, c.Height = 98, 26
	p := newMusicPage(c)
	p.every = [2]time.Duration{time.Millisecond, time.Millisecond}
	tick := settle(t, p, p.Init())
	if err := uploadMusic(t, c, portal.MusicHold, "other.mp3", "mp3-cbr128-stereo-44k.mp3"); err != nil {
		t.Fatal(err)
	}
	next := settle(t, p, settle(t, p, tick))
	if !strings.Contains(p.View(), "pending other.mp3") {
		t.Fatalf("the page did not follow the upload:\n%s", p.View())
	}
	if _, err := c.Svc.ActivateNextMusic(context.Background(), "test", portal.DefaultMusicWorkerOptions().Stale); err != nil {
		t.Fatal(err)
	}
	settle(t, p, settle(t, p, next))
	if v := p.View(); !strings.Contains(v, "other.mp3 · MP3") || strings.Contains(v, "pending") {
		t.Fatalf("the page did not follow the activation:\n%s", v)
	}
}
