package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/i18n"
)

// A failed conversion reads German on the Music page, from its stored
// code, not the English stored beside it (issue 14).
func TestMusicPageShowsAFailureInGerman(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	c.Width, c.Height = 98, 40
	c.Voice = voiceIn(i18n.DeCH)
	// Text is no audio; the upload path refuses it, so put the row in
	// place the way an upload from before the checks would have.
	now := time.Now()
	if _, err := db.InsertMusicFile(c.Ctx, c.Svc.DB, db.NewMusicFile{AccountID: c.Account.ID, Kind: "queue",
		Name: "odd.wav", Format: "wav", ContentType: "audio/wav", Original: []byte("not audio"),
		LicenceShownAt: now, UploadedAt: now}); err != nil {
		t.Fatal(err)
	}
	if did, err := c.Svc.ActivateNextMusic(c.Ctx, "test-worker", time.Minute); err != nil || !did {
		t.Fatalf("conversion: %v %v", did, err)
	}
	p := newMusicPage(c)
	settle(t, p, p.Init())
	v := ansi.Strip(p.View())
	// The exact reason (issue 16), not only that wav and mp3 are accepted.
	if !strings.Contains(v, "fehlgeschlagen odd.wav: dies ist eine Textdatei, keine Audiodatei;") {
		t.Fatalf("the Music page lacks the German failure:\n%s", v)
	}
	if strings.Contains(v, "text file") {
		t.Errorf("the Music page shows the stored English:\n%s", v)
	}
}
