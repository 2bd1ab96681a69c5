package server

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

func audioFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "audio", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sftpLogin opens an SFTP session as the account.
func (p *testPortal) sftpLogin(t *testing.T, user string) (*sftp.Client, *gossh.Client) {
	t.Helper()
	return p.sftpLoginIn(t, user, "en_GB.UTF-8")
}

// sftpLoginIn opens an SFTP session whose client sends LANG=lang, as
// OpenSSH's sftp does with SendEnv LANG.
func (p *testPortal) sftpLoginIn(t *testing.T, user, lang string) (*sftp.Client, *gossh.Client) {
	t.Helper()
	c, err := p.dial(user, kbd(testPassword, nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Setenv("LANG", lang); err != nil {
		t.Fatal(err)
	}
	w, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestSubsystem("sftp"); err != nil {
		t.Fatal(err)
	}
	sc, err := sftp.NewClientPipe(r, w)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sc.Close() })
	return sc, c
}

func put(sc *sftp.Client, path string, data []byte) error {
	f, err := sc.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// waitMusic polls the store until cond holds for the account's slot.
func (p *testPortal) waitMusic(t *testing.T, acct db.Account, kind portal.MusicKind, cond func(portal.MusicSlot) bool) portal.MusicSlot {
	t.Helper()
	var last portal.MusicSlot
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		slots, err := p.svc.MusicStatus(t.Context(), acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sl := range slots {
			if sl.Kind == kind {
				last = sl
			}
		}
		if cond(last) {
			return last
		}
	}
	t.Fatalf("%s music never reached the expected state: %+v", kind, last)
	return last
}

func playing(name string) func(portal.MusicSlot) bool {
	return func(sl portal.MusicSlot) bool { return sl.Playing.Name == name && sl.Pending == nil }
}

func TestSFTPUploadListAndDownload(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := startPortal(t, d, nil)
		alice := p.customer(t, "alice@example.ch")
		p.customer(t, "bob@example.ch")
		sc, _ := p.sftpLogin(t, "alice@example.ch")

		if err := put(sc, "music/hold/hold.mp3", audioFixture(t, "mp3-cbr128-stereo-44k.mp3")); err != nil {
			t.Fatal(err)
		}
		sl := p.waitMusic(t, alice, portal.MusicHold, playing("hold.mp3"))
		if sl.Playing.Via != "sftp" || sl.Playing.Rendition == 0 {
			t.Fatalf("active %+v", sl.Playing)
		}
		entries, err := sc.ReadDir("music")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		sizes := map[string]int64{}
		for _, e := range entries {
			names = append(names, e.Name())
			sizes[e.Name()] = e.Size()
		}
		sort.Strings(names)
		if strings.Join(names, " ") != "hold hold.wav queue queue.wav status.txt" || sizes["hold.wav"] != sl.Playing.Rendition {
			t.Fatalf("ls music: %v %v", names, sizes)
		}
		f, err := sc.Open("music/hold.wav")
		if err != nil {
			t.Fatal(err)
		}
		wav, err := io.ReadAll(f)
		f.Close()
		if err != nil || int64(len(wav)) != sl.Playing.Rendition || !bytes.HasPrefix(wav, []byte("RIFF")) {
			t.Fatalf("get music/hold.wav: %d bytes, %v", len(wav), err)
		}
		if orig, err := sc.ReadDir("music/hold"); err != nil || len(orig) != 1 || orig[0].Name() != "hold.mp3" {
			t.Fatalf("ls music/hold: %v %v", orig, err)
		}

		// Bob sees his own music only: the default piece.
		bob, _ := p.sftpLogin(t, "bob@example.ch")
		if orig, err := bob.ReadDir("music/hold"); err != nil || len(orig) != 0 {
			t.Fatalf("bob's music/hold: %v %v", orig, err)
		}
		if st, err := bob.Stat("music/hold.wav"); err != nil || st.Size() == sl.Playing.Rendition {
			t.Fatalf("bob's hold.wav: %v %v", st, err)
		}
	})
}

// statusMessage is the text of an SFTP status the server sent.
func statusMessage(err error) string {
	var se *sftp.StatusError
	if errors.As(err, &se) {
		return se.Error()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestSFTPRefusalsCarryTheirReason(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	sc, _ := p.sftpLogin(t, "alice@example.ch")
	if err := put(sc, "music/queue/queue.mp3", audioFixture(t, "mp3-cbr64-mono-22k.mp3")); err != nil {
		t.Fatal(err)
	}
	p.waitMusic(t, alice, portal.MusicQueue, playing("queue.mp3"))

	err := put(sc, "music/queue/song.wma", audioFixture(t, "wma.wma"))
	if msg := statusMessage(err); !strings.Contains(msg, "song.wma was refused: wma and wmv are not supported; upload wav or mp3. Your queue music is unchanged.") {
		t.Fatalf("wma: %q", msg)
	}
	big := bytes.Repeat([]byte{0xFF, 0xFB, 0x90, 0x64}, int(portal.QueueMusicLimit+4096)/4)
	err = put(sc, "music/queue/big.mp3", big)
	if msg := statusMessage(err); !strings.Contains(msg, "queue music may be at most 3,145,728 bytes (3 MB); this file is larger") {
		t.Fatalf("over-size: %q", msg)
	}
	if err := put(sc, "notes.txt", []byte("hello")); !strings.Contains(statusMessage(err), "upload into music/hold or music/queue") {
		t.Fatalf("upload elsewhere: %v", err)
	}
	if err := sc.Remove("music/queue.wav"); !strings.Contains(statusMessage(err), "upload into music/hold or music/queue") {
		t.Fatalf("remove: %v", err)
	}
	sl := p.waitMusic(t, alice, portal.MusicQueue, func(sl portal.MusicSlot) bool { return sl.LastRefusal != nil })
	if sl.Playing.Name != "queue.mp3" || sl.Pending != nil || !strings.Contains(sl.LastRefusal.Reason, "at most 3,145,728 bytes") {
		t.Fatalf("after the refusals: %+v refusal %+v", sl, sl.LastRefusal)
	}
}

func TestSFTPConnectionLostMidUploadChangesNothing(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	sc, conn := p.sftpLogin(t, "alice@example.ch")
	if err := put(sc, "music/hold/hold.mp3", audioFixture(t, "mp3-cbr64-mono-22k.mp3")); err != nil {
		t.Fatal(err)
	}
	p.waitMusic(t, alice, portal.MusicHold, playing("hold.mp3"))

	data := audioFixture(t, "mp3-cbr128-stereo-44k.mp3")
	f, err := sc.Create("music/hold/cut.mp3")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data[:len(data)/2]); err != nil {
		t.Fatal(err)
	}
	conn.Close() // the client dies with the file open
	sl := p.waitMusic(t, alice, portal.MusicHold, func(sl portal.MusicSlot) bool { return sl.LastRefusal != nil })
	if sl.Playing.Name != "hold.mp3" || sl.Pending != nil || sl.LastRefusal.Name != "cut.mp3" ||
		!strings.Contains(sl.LastRefusal.Reason, "the upload was interrupted") {
		t.Fatalf("after the lost connection: %+v refusal %+v", sl, sl.LastRefusal)
	}
}

func TestSFTPSessionGoesThroughTheIdentityChecks(t *testing.T) {
	t.Parallel()
	p, c := mismatchedLogin(t)
	if sc, err := sftp.NewClient(c); err == nil {
		sc.Close()
		t.Fatal("an sftp session opened under a changed user name")
	}
	if !strings.Contains(p.log.String(), "user name changed during authentication") {
		t.Fatal("the refusal was not logged")
	}
}

func TestSFTPListsAPendingUpload(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	sc, _ := p.sftpLogin(t, "alice@example.ch")
	data := audioFixture(t, "mp3-cbr64-mono-22k.mp3")
	// Another replica takes the upload and is still converting it. (If
	// this portal's worker polls in between and takes it first, try again.)
	var job db.MusicJob
	for job.ID == 0 {
		up, err := p.svc.UploadMusic(t.Context(), alice, portal.MusicUpload{Kind: portal.MusicQueue, Name: "q.mp3", Via: "ssh"}, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if j, err := db.ClaimMusic(t.Context(), p.svc.DB, "replica-b", now, now.Add(-time.Hour)); err == nil && j.ID == up.ID {
			job = j
		}
	}
	entries, err := sc.ReadDir("music")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !strings.Contains(strings.Join(names, " "), "queue.pending.mp3") {
		t.Fatalf("ls music: %v", names)
	}
	f, err := sc.Open("music/queue.pending.mp3")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("get the pending file: %d bytes, %v", len(got), err)
	}
	if err := db.ReleaseMusic(t.Context(), p.svc.DB, job.ID, "replica-b"); err != nil {
		t.Fatal(err)
	}
	p.srv.worker.Wake() // rather than wait for the next poll
	p.waitMusic(t, alice, portal.MusicQueue, playing("q.mp3"))
}
