package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

var refRe = regexp.MustCompile(`\(ref [0-9a-f]{6}\)`)

// wantExplained fails unless view says want with a reference, and not the
// driver's words.
func wantExplained(t *testing.T, view, want string) {
	t.Helper()
	flat := strings.Join(strings.Fields(view), " ")
	if !strings.Contains(flat, want) || !refRe.MatchString(flat) || strings.Contains(flat, "sql:") {
		t.Errorf("want %q with a reference; the page shows:\n%s", want, view)
	}
}

// With the store gone, pages say so in a plain sentence with a reference
// a customer can quote, never with the driver's words.
func TestPagesShowAReferenceWhenTheStoreFails(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	c.Width, c.Height = 100, 30
	app := New(c)
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	c.Svc.DB.Close()
	drain(app, app.Init())
	wantExplained(t, app.View(), "Could not load your numbers: a problem on our side")

	// The Music page polls while it shows an error: run its load alone.
	music := newMusicPage(c)
	music.Update(music.load()())
	wantExplained(t, music.View(), "Could not load your music; press r to try again. a problem on our side")
}
