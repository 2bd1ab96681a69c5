package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/i18n"
)

// refRe is a reference as every language writes it: "(ref 1a2b3c)",
// "(Ref. 1a2b3c)", "(réf. 1a2b3c)", "(rif. 1a2b3c)".
var refRe = regexp.MustCompile(`\((ref|Ref\.|réf\.|rif\.) [0-9a-f]{6}\)`)

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
// a customer can quote, never with the driver's words, and in the
// session's language.
func TestPagesShowAReferenceWhenTheStoreFails(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		loc          i18n.Locale
		numbers, mus string
	}{
		{i18n.EnCH, "Could not load your numbers: a problem on our side", "Could not load your music; press r to try again. a problem on our side"},
		{i18n.DeCH, "Ihre Rufnummern konnten nicht geladen werden: ein Problem auf unserer Seite", "Ihre Musik konnte nicht geladen werden; drücken Sie r für einen neuen Versuch. ein Problem auf unserer Seite"},
		{i18n.FrCH, "Impossible de charger vos numéros : un problème de notre côté", "un problème de notre côté"},
		{i18n.ItCH, "Impossibile caricare i Suoi numeri: un problema da parte nostra", "un problema da parte nostra"},
	} {
		c := testCommon(t)
		c.Voice = voiceIn(tc.loc)
		c.Width, c.Height = 100, 30
		app := New(c)
		app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		c.Svc.DB.Close()
		drain(app, app.Init())
		wantExplained(t, app.View(), tc.numbers)

		// The Music page polls while it shows an error: run its load alone.
		music := newMusicPage(c)
		music.Update(music.load()())
		wantExplained(t, music.View(), tc.mus)
	}
}
