package server

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// With LANG=de_CH the music upload's licence, accepted and refused lines
// and `music status` are German with Swiss spelling and local time; the
// refusal reason too, from its stored code.
func TestMusicCommandsSpeakGerman(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	const de = "de_CH.UTF-8"
	out, errOut, code := runWithStdinIn(t, c, de, "music upload hold --name jingle.mp3", audioFixture(t, "mp3-cbr128-stereo-44k.mp3"))
	if code != 0 || !strings.Contains(out, "jingle.mp3 für Wartemusik erhalten (MP3 128 kbit/s CBR, 2.0 s, 33’017 Bytes). Sie wird aktiviert") ||
		!strings.Contains(errOut, "Lizenz: Für Musik, die Sie hochladen") || !strings.Contains(errOut, "rechtmässige") {
		t.Fatalf("upload: %d %q %q", code, out, errOut)
	}
	p.waitMusic(t, alice, portal.MusicHold, playing("jingle.mp3"))
	_, errOut, code = runWithStdinIn(t, c, de, "music upload queue", audioFixture(t, "wmv.wmv"))
	if code != cmdkit.ExitUploadRefused || !strings.Contains(errOut, "Der Upload wurde abgelehnt: wma und wmv werden nicht unterstützt; laden Sie wav oder mp3 hoch. Ihre Warteschlangenmusik bleibt unverändert.") {
		t.Fatalf("refused: %d %q", code, errOut)
	}
	out, _, code = runIn(t, c, de, "music status")
	for _, want := range []string{"Wartemusik: spielt jingle.mp3 (MP3 128 kbit/s CBR, 2.0 s, 33’017 Bytes), aktiv seit ",
		"Warteschlangenmusik: spielt das Standardstück (lizenzfrei)", "abgelehnt: (Upload ohne Namen), ", " über ssh: wma und wmv werden nicht unterstützt; laden Sie wav oder mp3 hoch",
		"Grenze: 1’572’864 Bytes (1.5 MB)", "wav oder mp3 hochladen:", "Lizenz:"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("music status lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "UTC") || strings.Contains(out, "playing") {
		t.Errorf("music status is not local:\n%s", out)
	}
}

// SFTP in German: the refusal on stderr and in the status error, and
// music/status.txt.
func TestSFTPSpeaksGerman(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	sc, _ := p.sftpLoginIn(t, "alice@example.ch", "de_CH.UTF-8")
	err := put(sc, "music/queue/song.wma", audioFixture(t, "wma.wma"))
	if msg := statusMessage(err); !strings.Contains(msg, "song.wma wurde abgelehnt: wma und wmv werden nicht unterstützt; laden Sie wav oder mp3 hoch. Ihre Warteschlangenmusik bleibt unverändert.") {
		t.Fatalf("wma: %q", msg)
	}
	// The paths' own refusals too: a file outside the music folders, a
	// file over the limit, a directory read as a file.
	err = put(sc, "notes.txt", []byte("hello"))
	if msg := statusMessage(err); !strings.Contains(msg, "laden Sie in music/hold oder music/queue hoch (wav oder mp3)") {
		t.Fatalf("outside the music folders: %q", msg)
	}
	err = put(sc, "music/hold/big.wav", make([]byte, portal.MusicHold.Limit()+100_000))
	if msg := statusMessage(err); !strings.Contains(msg, "Wartemusik darf höchstens 1’572’864 Bytes (1.5 MB) gross sein") {
		t.Fatalf("too large: %q", msg)
	}
	if _, err := sc.Open("music/hold"); !strings.Contains(statusMessage(err), "music/hold ist ein Verzeichnis") {
		t.Fatalf("directory: %v", err)
	}
	f, err := sc.Open("music/status.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, io.LimitReader(f, 64<<10)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Wartemusik: spielt das Standardstück", "abgelehnt: song.wma, ", " über sftp: wma und wmv werden nicht unterstützt", "wav oder mp3 hochladen:"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("status.txt lacks %q:\n%s", want, b.String())
		}
	}
}

// A session with neither a terminal nor a command is told so in German.
func TestNoTerminalNoCommandSpeaksGerman(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Setenv("LANG", "de_CH.UTF-8"); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	s.Stderr = &errb
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	err = s.Wait()
	if !strings.Contains(errb.String(), "sipdesk: Das Portal braucht ein Terminal. Verbinden Sie sich mit `ssh -t -p ") ||
		!strings.Contains(errb.String(), "help`.") || err == nil {
		t.Fatalf("exit %v, stderr %q", err, errb.String())
	}
}
