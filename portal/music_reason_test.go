package portal_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

func voiceOf(loc i18n.Locale) portal.Voice {
	return portal.Voice{Printer: i18n.NewPrinter(loc), Clock: i18n.Clock{Locale: loc}}
}

// A refusal is stored with its code, so the reader sees its reason in
// their language, whoever caused it; the English stays for care and logs
// (issue 14).
func TestMusicRefusalsAreShownInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	de, fr := voiceOf(i18n.DeCH), voiceOf(i18n.FrCH)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		cases := []struct {
			name   string
			upload func() error
			v      portal.Voice
			want   string
		}{
			{"wma", func() error {
				_, err := uploadBytes(s, acct, portal.MusicQueue, "song.wma", fixture(t, "wma.wma"))
				return err
			}, de, "wma und wmv werden nicht unterstützt; laden Sie wav oder mp3 hoch"},
			{"too short", func() error {
				_, err := uploadBytes(s, acct, portal.MusicQueue, "blip.wav", wavOfSize(444))
				return err
			}, fr, "ce fichier dure 0,05 s ; la musique de file d'attente doit durer au moins 1 s"},
			{"declared", func() error {
				_, err := s.UploadMusic(context.Background(), acct, portal.MusicUpload{Kind: portal.MusicQueue, Name: "big.mp3", Via: "sftp", Declared: 4000000},
					strings.NewReader(""))
				return err
			}, de, "Die Warteschlangenmusik darf höchstens 3’145’728 Bytes (3 MB) gross sein; diese Datei hat 4’000’000 Bytes"},
			{"empty", func() error {
				_, err := uploadBytes(s, acct, portal.MusicQueue, "empty.mp3", nil)
				return err
			}, fr, "le fichier est vide"},
		}
		for _, c := range cases {
			err := c.upload()
			var refused *portal.MusicRefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := c.v.MusicRefusal(refused.Kind, refused.Code, refused.Reason); got != c.want {
				t.Errorf("%s: refusal says %q, want %q", c.name, got, c.want)
			}
			sl := slot(t, s, acct, portal.MusicQueue)
			r := sl.LastRefusal
			if r == nil || r.Reason != err.Error() || r.ReasonCode == "" || strings.Contains(r.ReasonCode, "\t") {
				t.Fatalf("%s: stored %+v", c.name, r)
			}
			if got := c.v.MusicRefusal(sl.Kind, r.Code, r.Reason); got != c.want {
				t.Errorf("%s: stored refusal reads %q, want %q", c.name, got, c.want)
			}
		}
		// A row from before codes shows its stored English.
		if got := de.MusicRefusal(portal.MusicHold, "", "as it was"); got != "as it was" {
			t.Errorf("old row: %q", got)
		}
	})
}
