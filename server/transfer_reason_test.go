package server

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// A file in another format, renamed to .mp3, is refused naming its
// format on every path and in the reader's language: the upload command
// in French, SFTP in Italian, music/status.txt in German (issue 16).
func TestMusicRefusalsNameTheFormatOnEveryPath(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	_, errOut, code := runWithStdinIn(t, c, "fr_CH.UTF-8", "music upload queue --name song.mp3", audioFixture(t, "ogg-vorbis.ogg"))
	if code != cmdkit.ExitUploadRefused || !strings.Contains(errOut, "ce fichier est au format Ogg Vorbis ; envoyez un wav ou un mp3") {
		t.Fatalf("music upload: %d %q", code, errOut)
	}
	sc, _ := p.sftpLoginIn(t, "alice@example.ch", "it_CH.UTF-8")
	err := put(sc, "music/hold/song.mp3", audioFixture(t, "flac.flac"))
	if msg := statusMessage(err); !strings.Contains(msg, "song.mp3 è stato rifiutato") || !strings.Contains(msg, "questo file è in formato FLAC; carichi un wav o un mp3") {
		t.Fatalf("sftp: %q", msg)
	}
	de, _ := p.sftpLoginIn(t, "alice@example.ch", "de_CH.UTF-8")
	f, err := de.Open("music/status.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, io.LimitReader(f, 64<<10)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"diese Datei ist im Format FLAC; laden Sie wav oder mp3 hoch",
		"diese Datei ist im Format Ogg Vorbis; laden Sie wav oder mp3 hoch"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("status.txt lacks %q:\n%s", want, b.String())
		}
	}
}
