package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// A failed conversion reads German in `music status` under LANG=de_CH,
// from its stored code; --json keeps the English error and adds the code.
func TestMusicStatusShowsAFailureInGerman(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	// The upload path refuses a file this short today; one stored before
	// the minimum existed fails in the worker.
	blip := make([]byte, 44+320)
	copy(blip, "RIFF")
	copy(blip[8:], "WAVEfmt ")
	blip[16], blip[20], blip[22], blip[24], blip[25], blip[32], blip[34] = 16, 1, 1, 0x40, 0x1f, 2, 16
	copy(blip[36:], "data")
	blip[40], blip[41] = 0x40, 0x01
	now := time.Now()
	if _, err := db.InsertMusicFile(t.Context(), p.svc.DB, db.NewMusicFile{AccountID: alice.ID, Kind: "queue",
		Name: "blip.wav", Format: "wav", ContentType: "audio/wav", Original: blip,
		LicenceShownAt: now, UploadedAt: now}); err != nil {
		t.Fatal(err)
	}
	p.waitMusic(t, alice, portal.MusicQueue, func(sl portal.MusicSlot) bool { return sl.LastFailure != nil })
	c := p.login(t, alice)
	out, _, code := runIn(t, c, "de_CH.UTF-8", "music status")
	want := "diese Datei ist 0.02 s lang; die Warteschlangenmusik muss mindestens 1 s dauern"
	if code != 0 || !strings.Contains(out, "fehlgeschlagen: blip.wav, hochgeladen ") || !strings.Contains(out, want) {
		t.Fatalf("music status lacks the German failure %q:\n%s", want, out)
	}
	if strings.Contains(out, "long; queue music") {
		t.Errorf("music status shows the stored English:\n%s", out)
	}
	out, _, code = runIn(t, c, "de_CH.UTF-8", "music status --json")
	var slots map[string]struct {
		LastFailure *struct {
			Error     string `json:"error"`
			ErrorCode string `json:"error_code"`
		} `json:"last_failure"`
	}
	if err := json.Unmarshal([]byte(out), &slots); code != 0 || err != nil {
		t.Fatalf("--json: %d %v\n%s", code, err, out)
	}
	if f := slots["queue"].LastFailure; f == nil || f.ErrorCode != "too_short" || f.Error != "this file is 0.02 s long; queue music must be at least 1 s" {
		t.Fatalf("--json failure: %+v\n%s", f, out)
	}
}
