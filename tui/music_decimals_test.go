package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// The Music page writes every decimal one way per locale (play times, the
// limits, what they hold, a stored refusal): a point in Swiss German and
// Swiss Italian, a comma in Austrian German and Swiss French, where a
// megabyte is a "Mo".
func TestMusicPageWritesDecimalsTheLocalesWay(t *testing.T) {
	t.Parallel()
	want := map[i18n.Locale][]string{
		i18n.DeCH: {"24.0 s", "(1.5 MB)", "(3 MB)", "1.5 MB ≈ 9 s", "3 MB das Doppelte", "0.50 s lang"},
		i18n.DeAT: {"24,0 s", "(1,5 MB)", "(3 MB)", "1,5 MB ≈ 9 s", "3 MB das Doppelte", "0,50 s lang"},
		i18n.FrCH: {"24,0 s", "(1,5 Mo)", "(3 Mo)", "1,5 Mo ≈ 9 s", "3 Mo le double", "dure 0,50 s"},
		i18n.ItCH: {"24.0 s", "(1.5 MB)", "(3 MB)", "1.5 MB ≈ 9 s", "3 MB il doppio", "dura 0.50 s"},
		i18n.EnCH: {"24.0 s", "(1.5 MB)", "(3 MB)", "1.5 MB ≈ 9 s", "3 MB twice that", "0.50 s long"},
	}
	wrong := map[i18n.Locale][]string{
		i18n.DeCH: {"24,0", "1,5 M", "0,50", "Mo)"},
		i18n.DeAT: {"24.0", "1.5 M", "0.50", "Mo)"},
		i18n.FrCH: {"24.0", "1.5 M", "0.50", "MB"},
		i18n.ItCH: {"24,0", "1,5 M", "0,50", "Mo)"},
		i18n.EnCH: {"24,0", "1,5 M", "0,50", "Mo)"},
	}
	for _, loc := range everyLocale {
		t.Run(loc.String(), func(t *testing.T) {
			t.Parallel()
			c := testCommon(t)
			c.Width, c.Height = 200, 60
			c.Voice = voiceIn(loc)
			if _, err := c.Svc.UploadMusic(context.Background(), c.Account, portal.MusicUpload{Kind: portal.MusicHold, Name: "blip.wav", Via: "sftp"},
				bytes.NewReader(portaltest.SilentWAV(4000))); err == nil {
				t.Fatal("a 0.5 s file was accepted")
			}
			p := newMusicPage(c)
			settle(t, p, p.Init())
			v := strings.Join(strings.Fields(ansi.Strip(p.View())), " ")
			for _, w := range want[loc] {
				if !strings.Contains(v, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, n := range wrong[loc] {
				if strings.Contains(v, n) {
					t.Errorf("has %q", n)
				}
			}
			if t.Failed() {
				t.Log(v)
			}
		})
	}
}
