package portal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// A failed conversion is stored with its code, like a refusal, so the
// reader sees why in their language; the English stays for care, the log
// and --json's error (issue 14).
func TestMusicFailuresAreShownInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	de, fr := voiceOf(i18n.DeCH), voiceOf(i18n.FrCH)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		ctx := context.Background()
		insert := func(name string, data []byte) {
			t.Helper()
			// The upload path refuses these; put the rows in place the way
			// an upload from before the checks (or a bug) would have.
			if _, err := db.InsertMusicFile(ctx, d, db.NewMusicFile{AccountID: acct.ID, Kind: "queue",
				Name: name, Format: "wav", ContentType: "audio/wav", Original: data,
				LicenceShownAt: s.now, UploadedAt: s.now}); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			name     string
			prepare  func()
			v        portal.Voice
			code     string
			want     string
			englishH string // a part of the stored English
		}{
			{"too short", func() { insert("blip.wav", portaltest.SilentWAV(160)) }, de, "too_short",
				"diese Datei ist 0.02 s lang; die Warteschlangenmusik muss mindestens 1 s dauern", "0.02 s long; queue music"},
			// The exact reason, as for a refusal: a text file, not "only
			// wav and mp3".
			{"not audio", func() { insert("odd.wav", []byte("not audio")) }, fr, "unsupported",
				"ceci est un fichier texte, pas un fichier audio ; envoyez un wav ou un mp3", "text file"},
			{"attempts", func() {
				insert("killer.wav", portaltest.SilentWAV(160))
				// Every attempt ended its worker: three dead replicas claimed it.
				for i := range 3 {
					at := s.now.Add(time.Duration(i) * time.Hour)
					if _, err := db.ClaimMusic(ctx, d, "dead-replica", at, at); err != nil {
						t.Fatal(err)
					}
				}
				s.now = s.now.Add(24 * time.Hour)
			}, de, "attempts",
				"die Datei liess sich nach 3 Versuchen nicht umwandeln; bitte laden Sie sie erneut hoch", "after 3 attempts"},
		}
		for _, c := range cases {
			c.prepare()
			activateAll(t, s)
			f := slot(t, s, acct, portal.MusicQueue).LastFailure
			if f == nil || f.ErrorCode != c.code || !strings.Contains(f.Error, c.englishH) {
				t.Fatalf("%s: stored failure %+v, want code %q beside the English", c.name, f, c.code)
			}
			if got := c.v.MusicFailure(portal.MusicQueue, f.Code, f.Error); got != c.want {
				t.Errorf("%s: failure reads %q, want %q", c.name, got, c.want)
			}
		}
		// A row from before codes shows its stored English.
		if got := de.MusicFailure(portal.MusicHold, "", "as it was"); got != "as it was" {
			t.Errorf("old row: %q", got)
		}
	})
}
