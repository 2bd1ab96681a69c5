package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/mail"
)

// The paths the mails name ("Mein Konto > Sicherheit (Taste k) > Offene
// Sitzungen") are the portal's: in every language, the tab of the first
// step, then the key the second names, show a page with that title and
// the section the third names.
func TestTheMailsPathsLeadToTheSecurityPage(t *testing.T) {
	t.Parallel()
	keyIn := regexp.MustCompile(`^(.+) \((?:key|Taste|touche|tasto) (\w)\)$`)
	for _, loc := range everyLocale {
		d := mail.Data{Locale: loc}
		for _, path := range []string{d.SessionsPath(), d.KeysPath()} {
			steps := strings.Split(path, " > ")
			if len(steps) != 3 {
				t.Fatalf("%s: %q is not page > page (key) > section", loc, path)
			}
			m := keyIn.FindStringSubmatch(steps[1])
			if m == nil {
				t.Fatalf("%s: %q names no key", loc, steps[1])
			}
			c := goldenCommon(t, false)
			c.Voice = voiceIn(loc)
			app := newQuickApp(c)
			run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 100, Height: 40})
			tab := -1
			for i, p := range app.pages {
				if p.Title() == steps[0] {
					tab = i
				}
			}
			if tab < 0 {
				t.Fatalf("%s: no page is called %q", loc, steps[0])
			}
			run(t, app, keys2(fmt.Sprint(tab+1)+m[2])...)
			v := ansi.Strip(app.View())
			if !strings.Contains(v, m[1]) || !strings.Contains(v, steps[2]) {
				t.Errorf("%s: %s then %s does not show %q and %q:\n%s", loc, steps[0], m[2], m[1], steps[2], v)
			}
		}
	}
}
