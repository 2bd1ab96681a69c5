package main

// End-to-end tests of hold and queue music with the real OpenSSH scp, sftp
// and ssh clients. scp and sftp cannot read a password from stdin, so
// they get it from an SSH_ASKPASS script.

import (
	"bytes"
	"context"
	le "encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// musicClient runs OpenSSH clients as the demo customer.
type musicClient struct {
	t       *testing.T
	p       *serverProc
	user    string
	askpass string
	// password reaches the askpass script through its environment only.
	password string
	dir      string // where test files are written
	// lang is the LANG the clients send (SetEnv): English unless a test
	// of another language sets it.
	lang string
}

func newMusicClient(t *testing.T, p *serverProc) *musicClient {
	t.Helper()
	requireSSH(t)
	user, password := p.demo(t)
	dir := t.TempDir()
	askpass := filepath.Join(dir, "askpass.sh")
	// The password reaches the script through the environment, never its text.
	if err := os.WriteFile(askpass, []byte("#!/bin/sh\nprintf '%s\\n' \"$SIPDESK_E2E_PASSWORD\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return &musicClient{t: t, p: p, user: user, password: password, askpass: askpass, dir: dir, lang: "en_GB.UTF-8"}
}

// opts are the options every client gets (scp wants -P for the port).
func (m *musicClient) opts(portFlag string) []string {
	return []string{"-F", "/dev/null", portFlag, m.p.port,
		"-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=accept-new",
		"-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive",
		"-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "-o", "SetEnv=LANG=" + m.lang}
}

// run runs an OpenSSH client with stdin from a file ("" for none).
func (m *musicClient) run(stdin, name string, args ...string) (stdout, stderr string, code int) {
	m.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "SSH_ASKPASS="+m.askpass, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0",
		"SIPDESK_E2E_PASSWORD="+m.password)
	if stdin != "" {
		f, err := os.Open(stdin)
		if err != nil {
			m.t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		m.t.Fatalf("%s: %v", name, err)
	}
	return out.String(), errb.String(), code
}

func (m *musicClient) scp(args ...string) (string, int) {
	_, stderr, code := m.run("", "scp", append(m.opts("-P"), args...)...)
	return stderr, code
}

func (m *musicClient) ssh(stdin string, command ...string) (string, string, int) {
	return m.run(stdin, "ssh", append(append(m.opts("-p"), m.user+"@127.0.0.1"), command...)...)
}

func (m *musicClient) remote(path string) string { return m.user + "@127.0.0.1:" + path }

// file writes a test file under name and returns its path.
func (m *musicClient) file(name string, data []byte) string {
	m.t.Helper()
	p := filepath.Join(m.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		m.t.Fatal(err)
	}
	return p
}

func (m *musicClient) fixture(name, as string) string {
	m.t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "audio", "testdata", name))
	if err != nil {
		m.t.Fatal(err)
	}
	return m.file(as, b)
}

// status is `music status --json`.
func (m *musicClient) status() map[string]portal.MusicSlot {
	m.t.Helper()
	out, errOut, code := m.ssh("", "music", "status", "--json")
	var st map[string]portal.MusicSlot
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil {
		m.t.Fatalf("music status --json: exit %d\n%s\n%s", code, out, errOut)
	}
	return st
}

// waitPlaying polls `music status --json` until kind plays name. The
// bound is generous: the server may run under the race detector, which
// makes converting a 3 MB file many times slower, beside other tests.
func (m *musicClient) waitPlaying(kind, name string) portal.MusicSlot {
	m.t.Helper()
	var sl portal.MusicSlot
	waitShowing(m.t, 3*time.Minute, fmt.Sprintf("%s music plays %s", kind, name), func() bool {
		sl = m.status()[kind]
		return sl.Playing.Name == name && sl.Playing.Status == "active" && sl.Pending == nil
	}, func() string { return fmt.Sprintf("%+v", sl) })
	return sl
}

func TestE2EMusicScpUploadBecomesActive(t *testing.T) {
	t.Parallel()
	m := newMusicClient(t, startPortal(t, t.TempDir()))
	if st := m.status(); st["hold"].Playing.Status != "default" || st["hold"].Playing.Name != "default piece (licence-free)" {
		t.Fatalf("a new account plays %+v", st["hold"].Playing)
	}
	// OpenSSH 9 scp speaks SFTP.
	stderr, code := m.scp(m.fixture("mp3-cbr128-stereo-44k.mp3", "hold.mp3"), m.remote("music/hold"))
	if code != 0 || !strings.Contains(stderr, "sipdesk: Licence:") ||
		!strings.Contains(stderr, "sipdesk: hold.mp3 received for hold music (MP3 128 kbit/s CBR, 2.0 s, 33,017 bytes)") {
		t.Fatalf("scp exit %d:\n%s", code, stderr)
	}
	sl := m.waitPlaying("hold", "hold.mp3")
	if sl.Playing.Via != "sftp" || sl.Playing.DurationSeconds < 1.9 || sl.Playing.DurationSeconds > 2.1 {
		t.Fatalf("active %+v", sl.Playing)
	}

	// The same through ssh, reading stdin.
	out, errOut, code := m.ssh(m.fixture("mp3-vbr-mono-44k.mp3", "queue.mp3"), "music", "upload", "queue", "--name", "queue.mp3")
	if code != 0 || !strings.Contains(out, "queue.mp3 received for queue music") || !strings.Contains(errOut, "SUISA") {
		t.Fatalf("ssh music upload: exit %d\n%s\n%s", code, out, errOut)
	}
	m.waitPlaying("queue", "queue.mp3")

	// sftp lists the tree and downloads what callers hear. (Commands on
	// stdin, not -b: batch mode turns off the password prompt.)
	batch := m.file("batch", []byte("ls -l music\nget music/hold.wav "+filepath.Join(m.dir, "got.wav")+"\n"))
	out, errOut, code = m.run(batch, "sftp", append(m.opts("-P"), m.user+"@127.0.0.1")...)
	if code != 0 || !strings.Contains(out, "hold.wav") || !strings.Contains(out, "queue.wav") || !strings.Contains(out, "status.txt") {
		t.Fatalf("sftp: exit %d\n%s\n%s", code, out, errOut)
	}
	got, err := os.ReadFile(filepath.Join(m.dir, "got.wav"))
	if err != nil || int64(len(got)) != sl.Playing.Rendition || string(got[8:12]) != "WAVE" ||
		le.LittleEndian.Uint32(got[24:]) != 8000 {
		t.Fatalf("downloaded hold.wav: %d bytes, %v", len(got), err)
	}
}

func TestE2EMusicScpRefusesWMAWithTheReason(t *testing.T) {
	t.Parallel()
	m := newMusicClient(t, startPortal(t, t.TempDir()))
	stderr, code := m.scp(m.fixture("wma.wma", "song.wma"), m.remote("music/hold"))
	// OpenSSH's scp prints only "close remote: Failure" for the status;
	// the reason reaches the terminal on the channel's stderr.
	if code != 1 || !strings.Contains(stderr, "scp: close remote: Failure") ||
		!strings.Contains(stderr, "sipdesk: song.wma was refused: wma and wmv are not supported; upload wav or mp3. Your hold music is unchanged.") {
		t.Fatalf("scp wma: exit %d:\n%s", code, stderr)
	}
	out, _, code := m.ssh("", "music", "status")
	if code != 0 || !strings.Contains(out, "refused: song.wma") || !strings.Contains(out, "via sftp: wma and wmv are not supported; upload wav or mp3") ||
		!strings.Contains(out, "Hold music: playing the default piece (licence-free)") {
		t.Fatalf("music status after the refusal:\n%s", out)
	}
}

// wavOfSize is a valid 8-bit mono 8 kHz WAV of exactly size bytes.
func wavOfSize(size int) []byte {
	b := make([]byte, size)
	copy(b, "RIFF")
	le.LittleEndian.PutUint32(b[4:], uint32(size-8))
	copy(b[8:], "WAVEfmt ")
	le.LittleEndian.PutUint32(b[16:], 16)
	le.LittleEndian.PutUint16(b[20:], 1)
	le.LittleEndian.PutUint16(b[22:], 1)
	le.LittleEndian.PutUint32(b[24:], 8000)
	le.LittleEndian.PutUint32(b[28:], 8000)
	le.LittleEndian.PutUint16(b[32:], 1)
	le.LittleEndian.PutUint16(b[34:], 8)
	copy(b[36:], "data")
	le.LittleEndian.PutUint32(b[40:], uint32(size-44))
	for i := 44; i < size; i++ {
		b[i] = byte(128 + (i%40)*2)
	}
	return b
}

func TestE2EMusicOverSizeQueueFileKeepsTheActiveOne(t *testing.T) {
	t.Parallel()
	m := newMusicClient(t, startPortal(t, t.TempDir()))
	if stderr, code := m.scp(m.fixture("mp3-cbr64-mono-22k.mp3", "queue.mp3"), m.remote("music/queue")); code != 0 {
		t.Fatalf("scp: exit %d\n%s", code, stderr)
	}
	before := m.waitPlaying("queue", "queue.mp3")

	big := m.file("big.wav", wavOfSize(int(portal.QueueMusicLimit)+1))
	stderr, code := m.scp(big, m.remote("music/queue"))
	if code != 1 || !strings.Contains(stderr, "sipdesk: big.wav was refused: queue music may be at most 3,145,728 bytes (3 MB); this file is larger. Your queue music is unchanged.") {
		t.Fatalf("scp over-size: exit %d\n%s", code, stderr)
	}
	sl := m.status()["queue"]
	if sl.Playing.ID != before.Playing.ID || sl.Playing.Name != "queue.mp3" || sl.Pending != nil ||
		sl.LastRefusal == nil || sl.LastRefusal.Name != "big.wav" {
		t.Fatalf("after the over-size upload: %+v refusal %+v", sl, sl.LastRefusal)
	}
	// Exactly the limit is fine.
	if stderr, code := m.scp(m.file("exact.wav", wavOfSize(int(portal.QueueMusicLimit))), m.remote("music/queue")); code != 0 {
		t.Fatalf("scp of exactly the limit: exit %d\n%s", code, stderr)
	}
	m.waitPlaying("queue", "exact.wav")
}

func TestE2EMusicLegacySCP(t *testing.T) {
	t.Parallel()
	m := newMusicClient(t, startPortal(t, t.TempDir()))
	stderr, code := m.scp("-O", m.fixture("mp3-id3v2-cover.mp3", "hold.mp3"), m.remote("music/hold"))
	if code != 0 || !strings.Contains(stderr, "sipdesk: hold.mp3 received for hold music") {
		t.Fatalf("scp -O: exit %d\n%s", code, stderr)
	}
	sl := m.waitPlaying("hold", "hold.mp3")
	if sl.Playing.Via != "scp" {
		t.Fatalf("via %q", sl.Playing.Via)
	}
	// Over the limit: refused from the announced size, before any data.
	stderr, code = m.scp("-O", m.file("big.wav", wavOfSize(int(portal.HoldMusicLimit)+1)), m.remote("music/hold"))
	if code != 1 || !strings.Contains(stderr, "sipdesk: big.wav was refused: hold music may be at most 1,572,864 bytes (1.5 MB); this file has 1,572,865 bytes.") {
		t.Fatalf("scp -O over-size: exit %d\n%s", code, stderr)
	}
	stderr, code = m.scp("-O", m.fixture("wmv.wmv", "clip.wmv"), m.remote("music/hold"))
	if code != 1 || !strings.Contains(stderr, "sipdesk: clip.wmv was refused: wma and wmv are not supported; upload wav or mp3.") {
		t.Fatalf("scp -O wmv: exit %d\n%s", code, stderr)
	}
	local := filepath.Join(m.dir, "callers-hear.wav")
	if stderr, code := m.scp("-O", m.remote("music/hold.wav"), local); code != 0 {
		t.Fatalf("scp -O download: exit %d\n%s", code, stderr)
	}
	if got, err := os.ReadFile(local); err != nil || int64(len(got)) != sl.Playing.Rendition {
		t.Fatalf("downloaded %d bytes, want %d (%v)", len(got), sl.Playing.Rendition, err)
	}
	if m.waitPlaying("hold", "hold.mp3").Playing.ID != sl.Playing.ID {
		t.Fatal("a refused upload replaced the active file")
	}
}

// TestE2EMusicPageShowsPendingThenActive plays a second replica on the
// same store: it takes the upload and converts slowly, so the page shows
// it pending; then it hands the upload back and the portal's own worker
// activates it (at its next poll: the second replica cannot wake it).
func TestE2EMusicPageShowsPendingThenActive(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dataDir := t.TempDir()
	p := startPortal(t, dataDir)
	user, password := p.demo(t)
	term := loginTUI(t, p, user, password)
	term.send("3")
	term.expect("Hold and queue music", "default piece (licence-free) · 24.0 s", fmt.Sprintf("scp -P %s hold.mp3 %s@localhost:music/hold", p.port, user))

	replica := openService(t, dataDir)
	ctx := context.Background()
	acct, err := db.AccountByUserID(ctx, replica.DB, user)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "audio", "testdata", "mp3-cbr128-stereo-44k.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	var job db.MusicJob
	for attempt := 0; job.ID == 0; attempt++ {
		if attempt == 10 {
			t.Fatal("the portal's worker always took the upload first")
		}
		up, err := replica.UploadMusic(ctx, acct, portal.MusicUpload{Kind: portal.MusicHold, Name: "hold.mp3", Via: "sftp"}, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if j, err := db.ClaimMusic(ctx, replica.DB, "replica-b", now, now.Add(-time.Hour)); err == nil && j.ID == up.ID {
			job = j
		}
	}
	term.send("r")
	term.expect("pending hold.mp3 · 2.0 s · being converted")
	if err := db.ReleaseMusic(ctx, replica.DB, job.ID, "replica-b"); err != nil {
		t.Fatal(err)
	}
	term.expect("hold.mp3 · MP3 128 kbit/s CBR · 2.0 s", "33,017 bytes · active since")
	term.send("q")
	if code := term.exitCode(); code != 0 {
		t.Fatalf("ssh exit %d", code)
	}
}

// With LANG=de_CH the real scp (SFTP and legacy protocol) and `music
// status` speak German: the licence, the accepted and refused lines, the
// status with local time, and the refusal's reason too.
func TestE2EMusicSpeaksGerman(t *testing.T) {
	t.Parallel()
	m := newMusicClient(t, startPortal(t, t.TempDir()))
	m.lang = "de_CH.UTF-8"
	stderr, code := m.scp(m.fixture("mp3-id3v2-cover.mp3", "hold.mp3"), m.remote("music/hold"))
	if code != 0 || !strings.Contains(stderr, "sipdesk: Lizenz: Für Musik") || !strings.Contains(stderr, "sipdesk: hold.mp3 für Wartemusik erhalten") {
		t.Fatalf("scp: exit %d\n%s", code, stderr)
	}
	m.waitPlaying("hold", "hold.mp3")
	stderr, code = m.scp("-O", m.fixture("wmv.wmv", "clip.wmv"), m.remote("music/queue"))
	if code != 1 || !strings.Contains(stderr, "sipdesk: clip.wmv wurde abgelehnt: wma und wmv werden nicht unterstützt; laden Sie wav oder mp3 hoch. Ihre Warteschlangenmusik bleibt unverändert.") {
		t.Fatalf("scp -O wmv: exit %d\n%s", code, stderr)
	}
	out, stderr, code := m.ssh("", "music", "status")
	if code != 0 || !strings.Contains(out, "Wartemusik: spielt hold.mp3") || !strings.Contains(out, "aktiv seit ") ||
		!strings.Contains(out, "abgelehnt: clip.wmv, ") || !strings.Contains(out, "über scp: wma und wmv werden nicht unterstützt") || strings.Contains(out, "UTC") {
		t.Fatalf("music status: exit %d\n%s%s", code, out, stderr)
	}
}
