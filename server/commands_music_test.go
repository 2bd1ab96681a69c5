package server

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// runWithStdin executes a command with data on its standard input, with
// the client asking for English as run does.
func runWithStdin(t *testing.T, c *gossh.Client, cmd string, stdin []byte) (string, string, int) {
	t.Helper()
	return runWithStdinIn(t, c, "en_GB.UTF-8", cmd, stdin)
}

// runWithStdinIn is runWithStdin with the client's LANG.
func runWithStdinIn(t *testing.T, c *gossh.Client, lang, cmd string, stdin []byte) (string, string, int) {
	t.Helper()
	return runSession(t, c, lang, cmd, stdin)
}

func TestMusicCommandsUploadStatusAndReset(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c, err := p.dial("alice@example.ch", kbd(testPassword, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	out, errOut, code := runWithStdin(t, c, "music upload hold --name jingle.mp3", audioFixture(t, "mp3-cbr128-stereo-44k.mp3"))
	if code != 0 || !strings.Contains(out, "jingle.mp3 received for hold music (MP3 128 kbit/s CBR, 2.0 s, 33,017 bytes)") ||
		!strings.Contains(errOut, "SUISA") {
		t.Fatalf("upload: %d %q %q", code, out, errOut)
	}
	p.waitMusic(t, alice, portal.MusicHold, playing("jingle.mp3"))

	_, errOut, code = runWithStdin(t, c, "music upload hold", audioFixture(t, "wmv.wmv"))
	if code != cmdkit.ExitUploadRefused || !strings.Contains(errOut, "The upload was refused: wma and wmv are not supported; upload wav or mp3. Your hold music is unchanged.") {
		t.Fatalf("wmv: %d %q", code, errOut)
	}
	out, _, code = run(t, c, "music status --json")
	var st map[string]portal.MusicSlot
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil {
		t.Fatalf("status --json: %d %q", code, out)
	}
	if h := st["hold"]; h.Playing.Name != "jingle.mp3" || h.Playing.Status != "active" || h.Playing.DurationSeconds < 1.9 ||
		h.LastRefusal == nil || !strings.Contains(h.LastRefusal.Reason, "wma and wmv") || h.LimitBytes != 1_572_864 {
		t.Fatalf("hold status %+v", h)
	}
	if q := st["queue"]; q.Playing.Status != "default" || q.Playing.Name != portal.DefaultPieceName {
		t.Fatalf("queue status %+v", q)
	}
	out, _, _ = run(t, c, "music status")
	for _, want := range []string{"Hold music: playing jingle.mp3", "refused: (unnamed upload)", "Queue music: playing the default piece (licence-free)",
		"scp -P ", ":music/hold"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}

	if _, errOut, code := run(t, c, "music reset hold"); code != cmdkit.ExitUsage || !strings.Contains(errOut, "pass --yes") {
		t.Fatalf("reset without a terminal: %d %q", code, errOut)
	}
	if out, _, code := run(t, c, "music reset hold --yes"); code != 0 || !strings.Contains(out, "is the default piece (licence-free) again") {
		t.Fatalf("reset --yes: %d %q", code, out)
	}
	if _, errOut, code := run(t, c, "music upload jingle"); code != cmdkit.ExitUsage || !strings.Contains(errOut, "hold or queue") {
		t.Fatalf("bad kind: %d %q", code, errOut)
	}
}

// TestMusicUploadCutOffByADroppedConnection: the channel reports EOF when
// the connection drops, as when the client finished; the upload must not
// take the half file for a whole one.
func TestMusicUploadCutOffByADroppedConnection(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c, err := p.dial("alice@example.ch", kbd(testPassword, nil))
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := s.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start("music upload queue --name cut.wav"); err != nil {
		t.Fatal(err)
	}
	// The licence notice comes first: the server is reading the upload.
	if _, err := io.ReadFull(stderr, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	// What arrived is a whole valid file, but the client meant to send
	// more: it never sent EOF, its connection dropped.
	if _, err := stdin.Write(audioFixture(t, "mp3-cbr64-mono-22k.mp3")); err != nil {
		t.Fatal(err)
	}
	c.Close()
	sl := p.waitMusic(t, alice, portal.MusicQueue, func(sl portal.MusicSlot) bool { return sl.LastRefusal != nil })
	if !sl.Playing.Default() || sl.Pending != nil || !strings.Contains(sl.LastRefusal.Reason, "interrupted") {
		t.Fatalf("after the dropped connection: %+v refusal %+v", sl, sl.LastRefusal)
	}
}
