package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// The revert question takes the language's key (j, o, s) as well as y and
// names it; d on a slot where nothing was uploaded says there is nothing
// to reset instead of asking.
func TestMusicPageRevertAnswersInTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		loc                      i18n.Locale
		yes                      string
		question, loses, nothing string
	}{
		{i18n.DeCH, "j", "Wieder das Standardstück (lizenzfrei) als Warteschlangenmusik spielen?", "Ihr Upload verstummt sofort. j/n",
			"Ihre Wartemusik ist schon das Standardstück (lizenzfrei): Es wurde nichts hochgeladen"},
		{i18n.DeAT, "J", "Wieder das Standardstück (lizenzfrei) als Warteschlangenmusik spielen?", "j/n", "also gibt es nichts zurückzusetzen"},
		{i18n.FrCH, "o", "Rejouer le morceau par défaut (libre de droits) comme musique de file d'attente ?", "o/n",
			"il n'y a donc rien à rétablir"},
		{i18n.ItCH, "s", "Riprodurre di nuovo il brano predefinito", "s/n", "non c'è niente da ripristinare"},
		{i18n.EnCH, "y", "Play the default piece (licence-free) as your queue music again?", "Your upload stops playing at once. y/n",
			"nothing was uploaded, so there is nothing to reset"},
	} {
		t.Run(tc.loc.String(), func(t *testing.T) {
			t.Parallel()
			c := testCommon(t)
			c.Width, c.Height = 98, 60
			c.Voice = voiceIn(tc.loc)
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
			view := func() string { return strings.Join(strings.Fields(ansi.Strip(p.View())), " ") }
			// Hold music: the default piece, nothing uploaded.
			if cmd := press("d"); cmd != nil || p.Capturing() || !strings.Contains(view(), tc.nothing) {
				t.Fatalf("d on the default piece asked or did not say so:\n%s", view())
			}
			press("j") // the queue, whose upload plays
			press("d")
			if v := view(); !p.Capturing() || !strings.Contains(v, tc.question) || !strings.Contains(v, tc.loses) {
				t.Fatalf("the question lacks %q or %q:\n%s", tc.question, tc.loses, v)
			}
			settle(t, p, settle(t, p, press(tc.yes)))
			if v := view(); strings.Contains(v, "queue.mp3 ·") {
				t.Fatalf("%s did not revert:\n%s", tc.yes, v)
			}
		})
	}
}
