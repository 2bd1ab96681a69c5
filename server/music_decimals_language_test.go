package server

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// Every decimal of the music texts (a refusal, music status, music
// --help) is written the session locale's one way: a point in Swiss
// German and Swiss Italian, a comma in Austrian German and Swiss French,
// where megabytes are "Mo".
func TestMusicTextsWriteDecimalsTheLocalesWay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		region, lang string
		want, not    []string
	}{
		{"CH", "de_CH.UTF-8", []string{"diese Datei ist 0.50 s lang", "24.0 s", "(1.5 MB)", "(3 MB)"}, []string{"0,50", "24,0", "1,5 M", "Mo)"}},
		{"AT", "de_AT.UTF-8", []string{"diese Datei ist 0,50 s lang", "24,0 s", "(1,5 MB)", "(3 MB)"}, []string{"0.50", "24.0", "1.5"}},
		{"CH", "fr_CH.UTF-8", []string{"ce fichier dure 0,50 s", "24,0 s", "(1,5 Mo)", "(3 Mo)", "Limites : attente", "Envoyer un wav ou un mp3 :"},
			[]string{"0.50", "24.0", "1.5", "MB"}},
		{"CH", "it_CH.UTF-8", []string{"questo file dura 0.50 s", "24.0 s", "(1.5 MB)", "(3 MB)"}, []string{"0,50", "24,0", "1,5 M", "Mo)"}},
		{"CH", "en_GB.UTF-8", []string{"this file is 0.50 s long", "24.0 s", "(1.5 MB)", "(3 MB)"}, []string{"0,50", "24,0", "1,5 M", "Mo)"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.Listen = []string{strings.ToLower(tc.region) + "=127.0.0.1:0"} })
			acct, err := p.svc.CreateAccount(t.Context(), p.svc.DB, portal.NewAccountRequest{Email: "anna@example.ch", Region: tc.region, Password: testPassword})
			if err != nil {
				t.Fatal(err)
			}
			c := p.login(t, acct)
			_, refusal, code := runWithStdinIn(t, c, tc.lang, "music upload hold --name blip.wav", portaltest.SilentWAV(4000))
			if code != cmdkit.ExitUploadRefused {
				t.Fatalf("a 0.5 s file: exit %d\n%s", code, refusal)
			}
			status, _, _ := runIn(t, c, tc.lang, "music status")
			help, _, _ := runIn(t, c, tc.lang, "music --help")
			all := refusal + status + help
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(all, n) {
					t.Errorf("has %q", n)
				}
			}
			if t.Failed() {
				t.Logf("upload:\n%s\nmusic status:\n%s\nmusic --help:\n%s", refusal, status, help)
			}
		})
	}
}
