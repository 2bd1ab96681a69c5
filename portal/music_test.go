package portal_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// wavOfSize builds a valid 8-bit mono 8 kHz WAV of exactly size bytes (a
// 440 Hz tone): 8-bit samples let the data chunk take any length.
func wavOfSize(size int) []byte {
	n := size - 44
	b := make([]byte, size)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(size-8))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1) // PCM
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 8000)
	binary.LittleEndian.PutUint32(b[28:], 8000)
	binary.LittleEndian.PutUint16(b[32:], 1)
	binary.LittleEndian.PutUint16(b[34:], 8)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(n))
	for i := range n {
		b[44+i] = byte(128 + 60*math.Sin(2*math.Pi*440*float64(i)/8000))
	}
	return b
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "audio", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func uploadBytes(s *testService, acct db.Account, kind portal.MusicKind, name string, data []byte) (portal.MusicFile, error) {
	return s.UploadMusic(context.Background(), acct, portal.MusicUpload{Kind: kind, Name: name, Via: "ssh", Remote: "192.0.2.1"}, bytes.NewReader(data))
}

func slot(t *testing.T, s *testService, acct db.Account, kind portal.MusicKind) portal.MusicSlot {
	t.Helper()
	slots, err := s.MusicStatus(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range slots {
		if sl.Kind == kind {
			return sl
		}
	}
	t.Fatalf("no %s slot", kind)
	return portal.MusicSlot{}
}

func liveRows(t *testing.T, d *db.DB, acct db.Account) int {
	t.Helper()
	live, err := db.LiveMusic(context.Background(), d, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(live)
}

func activateAll(t *testing.T, s *testService) {
	t.Helper()
	for {
		did, err := s.ActivateNextMusic(context.Background(), "test-worker", portal.DefaultMusicWorkerOptions().Stale)
		if err != nil {
			t.Fatal(err)
		}
		if !did {
			return
		}
	}
}

func TestMusicSizeLimitIsExactForBothKinds(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		for _, tc := range []struct {
			kind  portal.MusicKind
			limit int
			msg   string
		}{
			{portal.MusicHold, 1_572_864, "hold music may be at most 1,572,864 bytes (1.5 MB); this file is larger"},
			{portal.MusicQueue, 3_145_728, "queue music may be at most 3,145,728 bytes (3 MB); this file is larger"},
		} {
			if int64(tc.limit) != tc.kind.Limit() {
				t.Fatalf("%s limit %d", tc.kind, tc.kind.Limit())
			}
			f, err := uploadBytes(s, acct, tc.kind, "exact.wav", wavOfSize(tc.limit))
			if err != nil || f.Size != int64(tc.limit) || f.Status != "pending" {
				t.Fatalf("%s at exactly %d bytes: %+v %v", tc.kind, tc.limit, f, err)
			}
			_, err = uploadBytes(s, acct, tc.kind, "over.wav", wavOfSize(tc.limit+1))
			var refused *portal.MusicRefusedError
			if !errors.As(err, &refused) || !errors.Is(err, portal.ErrMusicTooLarge) || err.Error() != tc.msg {
				t.Fatalf("%s at %d bytes: %v, want %q", tc.kind, tc.limit+1, err, tc.msg)
			}
			if sl := slot(t, s, acct, tc.kind); sl.Pending == nil || sl.Pending.Name != "exact.wav" ||
				sl.LastRefusal == nil || sl.LastRefusal.Reason != tc.msg || sl.LastRefusal.Name != "over.wav" {
				t.Fatalf("%s status after the refusal: %+v", tc.kind, sl)
			}
		}
	})
}

// endless counts what is read from it: an upload that never ends.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestAnEndlessUploadIsReadOnlyUpToTheLimit(t *testing.T) {
	t.Parallel()
	s := newService(t, dbtest.SQLite(t))
	acct := seedAlice(t, s)
	src := &endless{}
	_, err := s.UploadMusic(context.Background(), acct, portal.MusicUpload{Kind: portal.MusicHold, Via: "ssh"}, src)
	if !errors.Is(err, portal.ErrMusicTooLarge) {
		t.Fatalf("endless upload: %v", err)
	}
	if src.n > portal.HoldMusicLimit+1+32*1024 {
		t.Fatalf("read %d bytes of an endless upload; the limit is %d", src.n, portal.HoldMusicLimit)
	}
}

// Every class of the audio fixtures, through the upload rules.
var musicFixtures = []struct {
	file string
	err  error  // nil: accepted
	msg  string // substring of the refusal
}{
	{file: "mp3-cbr128-stereo-44k.mp3"},
	{file: "mp3-vbr-stereo-48k.mp3"},
	{file: "mp3-cbr32-mono-11k.mp3"},
	{file: "mp3-cbr16-mono-8k.mp3"},
	{file: "mp3-notag-cbr96-stereo-44k.mp3"},
	{file: "mp3-id3v2-cover.mp3"},
	{file: "mp3-id3v1.mp3"},
	{file: "mp3-renamed.wav"},
	{file: "wav-renamed.mp3"},
	{file: "wav-pcm8-mono-8k.wav"},
	{file: "wav-pcm16-stereo-44k.wav"},
	{file: "wav-pcm24-mono-16k.wav"},
	{file: "wav-float32-mono-48k.wav"},
	{file: "wav-mulaw-mono-8k.wav"},
	{file: "wav-alaw-mono-8k.wav"},
	{file: "wav-extensible-6ch-8k.wav"},
	{file: "mp3-notag-truncated.mp3"}, // played without its cut last frame
	{file: "wav-truncated.wav"},       // played as far as it goes
	{file: "empty.wav", err: audio.ErrEmpty, msg: "the file is empty"},
	{file: "wma.wma", err: audio.ErrWMA, msg: "wma and wmv are not supported; upload wav or mp3"},
	{file: "wmv.wmv", err: audio.ErrWMA, msg: "wma and wmv are not supported; upload wav or mp3"},
	{file: "ogg-vorbis.ogg", err: audio.ErrUnsupported, msg: "this looks like an Ogg Vorbis file; only wav and mp3 files are supported"},
	{file: "flac.flac", err: audio.ErrUnsupported, msg: "FLAC file; only wav and mp3"},
	{file: "m4a.m4a", err: audio.ErrUnsupported, msg: "M4A (AAC) file; only wav and mp3"},
	{file: "mp2-as.mp3", err: audio.ErrUnsupported, msg: "Layer I/II"},
	{file: "video.mp4", err: audio.ErrUnsupported, msg: "MP4 file"},
	{file: "text-as.mp3", err: audio.ErrUnsupported, msg: "this looks like a text file"},
	{file: "mp3-truncated.mp3", err: audio.ErrTruncated, msg: "decoding stopped at 1.2 s of 2.0 s"},
}

func TestEveryFixtureClassIsAcceptedOrRefusedWithItsReason(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		for _, fx := range musicFixtures {
			f, err := uploadBytes(s, acct, portal.MusicQueue, fx.file, fixture(t, fx.file))
			if fx.err == nil {
				if err != nil || f.Name != fx.file || f.Duration <= 0 {
					t.Errorf("%s: %+v %v", fx.file, f, err)
				}
				continue
			}
			var refused *portal.MusicRefusedError
			if !errors.As(err, &refused) || !errors.Is(err, fx.err) || !strings.Contains(err.Error(), fx.msg) {
				t.Errorf("%s: %v, want %v saying %q", fx.file, err, fx.err, fx.msg)
				continue
			}
			if sl := slot(t, s, acct, portal.MusicQueue); sl.LastRefusal == nil || sl.LastRefusal.Name != fx.file || sl.LastRefusal.Reason != err.Error() {
				t.Errorf("%s: last refusal %+v", fx.file, sl.LastRefusal)
			}
		}
		// The newest accepted upload replaced every older pending one.
		if n := liveRows(t, d, acct); n != 1 {
			t.Fatalf("%d live rows, want the newest pending upload only", n)
		}
	})
}

// failingReader delivers part of a file, then the connection drops.
type failingReader struct {
	r     io.Reader
	after int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	n, err := f.r.Read(p[:min(len(p), f.after)])
	f.after -= n
	return n, err
}

func TestAnInterruptedUploadChangesNothing(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		if _, err := uploadBytes(s, acct, portal.MusicHold, "playing.mp3", fixture(t, "mp3-cbr64-mono-22k.mp3")); err != nil {
			t.Fatal(err)
		}
		activateAll(t, s)
		before, _, err := s.ActiveRendition(context.Background(), acct.ID, portal.MusicHold)
		if err != nil {
			t.Fatal(err)
		}

		data := fixture(t, "mp3-cbr128-stereo-44k.mp3")
		_, err = s.UploadMusic(context.Background(), acct, portal.MusicUpload{Kind: portal.MusicHold, Name: "cut.mp3", Via: "sftp"},
			&failingReader{r: bytes.NewReader(data), after: len(data) / 2})
		if !errors.Is(err, portal.ErrUploadInterrupted) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("interrupted upload: %v", err)
		}
		if n := liveRows(t, d, acct); n != 1 {
			t.Fatalf("%d live rows after an interrupted upload, want the active one", n)
		}
		after, playing, err := s.ActiveRendition(context.Background(), acct.ID, portal.MusicHold)
		if err != nil || playing.Name != "playing.mp3" || !bytes.Equal(before, after) {
			t.Fatalf("active after the interruption: %s %v", playing.Name, err)
		}
		activateAll(t, s)
		if sl := slot(t, s, acct, portal.MusicHold); sl.Playing.Name != "playing.mp3" || sl.Pending != nil || sl.LastRefusal == nil {
			t.Fatalf("status %+v", sl)
		}
	})
}

func TestActivationReplacesTheDefaultPieceAndResetRestoresIt(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		sl := slot(t, s, acct, portal.MusicHold)
		if !sl.Playing.Default() || sl.Playing.Name != "default piece (licence-free)" || sl.Playing.Duration <= 0 {
			t.Fatalf("a new account plays %+v", sl.Playing)
		}
		if _, err := uploadBytes(s, acct, portal.MusicHold, "older.mp3", fixture(t, "mp3-cbr64-mono-22k.mp3")); err != nil {
			t.Fatal(err)
		}
		if _, err := uploadBytes(s, acct, portal.MusicHold, "hold.mp3", fixture(t, "mp3-cbr128-stereo-44k.mp3")); err != nil {
			t.Fatal(err)
		}
		sl = slot(t, s, acct, portal.MusicHold)
		if !sl.Playing.Default() || sl.Pending == nil || sl.Pending.Name != "hold.mp3" {
			t.Fatalf("before activation: %+v", sl)
		}
		activateAll(t, s)
		sl = slot(t, s, acct, portal.MusicHold)
		p := sl.Playing
		if p.Status != "active" || p.Name != "hold.mp3" || p.Format != "mp3" || p.Duration < 1900e6 || p.Rendition == 0 ||
			len(p.Peaks) != audio.PeakBuckets || sl.Pending != nil || sl.LastRefusal != nil {
			t.Fatalf("after activation: %+v", sl)
		}
		wav, _, err := s.ActiveRendition(context.Background(), acct.ID, portal.MusicHold)
		if err != nil || !bytes.HasPrefix(wav, []byte("RIFF")) {
			t.Fatalf("rendition: %v", err)
		}
		if q := slot(t, s, acct, portal.MusicQueue); !q.Playing.Default() {
			t.Fatalf("queue plays %+v", q.Playing)
		}
		changed, err := s.ResetMusic(context.Background(), acct, portal.MusicHold, "192.0.2.1")
		if err != nil || !changed {
			t.Fatalf("reset: %v %v", changed, err)
		}
		if sl := slot(t, s, acct, portal.MusicHold); !sl.Playing.Default() {
			t.Fatalf("after reset: %+v", sl.Playing)
		}
		if changed, err := s.ResetMusic(context.Background(), acct, portal.MusicHold, ""); err != nil || changed {
			t.Fatalf("second reset: %v %v", changed, err)
		}
	})
}

func TestAFileThatCannotBeConvertedFailsWithItsReason(t *testing.T) {
	t.Parallel()
	s := newService(t, dbtest.SQLite(t))
	acct := seedAlice(t, s)
	// Decode validates without the synthesis filterbank; a file it passes
	// always converts, so put a broken row in place the way a bug would.
	if _, err := db.InsertMusicFile(context.Background(), s.DB, db.NewMusicFile{AccountID: acct.ID, Kind: "queue",
		Name: "odd.mp3", Format: "mp3", ContentType: "audio/mpeg", Original: []byte("not audio"),
		LicenceShownAt: s.now, UploadedAt: s.now}); err != nil {
		t.Fatal(err)
	}
	activateAll(t, s)
	sl := slot(t, s, acct, portal.MusicQueue)
	if !sl.Playing.Default() || sl.LastFailure == nil || sl.LastFailure.Name != "odd.mp3" || !strings.Contains(sl.LastFailure.Error, "text file") {
		t.Fatalf("status %+v failure %+v", sl, sl.LastFailure)
	}
}

// An upload stored before the one-second minimum existed fails in the
// worker with the kind named, as the upload path names it.
func TestAnOldTooShortUploadFailsNamingItsKind(t *testing.T) {
	t.Parallel()
	s := newService(t, dbtest.SQLite(t))
	acct := seedAlice(t, s)
	if _, err := db.InsertMusicFile(context.Background(), s.DB, db.NewMusicFile{AccountID: acct.ID, Kind: "queue",
		Name: "blip.wav", Format: "wav", ContentType: "audio/wav", Original: portaltest.SilentWAV(160),
		LicenceShownAt: s.now, UploadedAt: s.now}); err != nil {
		t.Fatal(err)
	}
	activateAll(t, s)
	sl := slot(t, s, acct, portal.MusicQueue)
	want := "this file is 0.02 s long; queue music must be at least 1 s"
	if !sl.Playing.Default() || sl.LastFailure == nil || sl.LastFailure.Error != want {
		t.Fatalf("status %+v failure %+v, want the failure %q", sl, sl.LastFailure, want)
	}
}

func TestAnUploadOfADeadReplicaIsTakenOverWhenStale(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		if _, err := uploadBytes(s, acct, portal.MusicHold, "hold.mp3", fixture(t, "mp3-cbr64-mono-22k.mp3")); err != nil {
			t.Fatal(err)
		}
		// A replica claims it and dies.
		if _, err := db.ClaimMusic(context.Background(), d, "dead-replica", s.now, s.now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		stale := portal.DefaultMusicWorkerOptions().Stale
		if did, err := s.ActivateNextMusic(context.Background(), "w", stale); did || err != nil {
			t.Fatalf("a fresh claim was taken over: %v %v", did, err)
		}
		if sl := slot(t, s, acct, portal.MusicHold); sl.Pending == nil || sl.Pending.Status != "processing" {
			t.Fatalf("while the claim is fresh: %+v", sl)
		}
		s.now = s.now.Add(stale + time.Second)
		if did, err := s.ActivateNextMusic(context.Background(), "w", stale); !did || err != nil {
			t.Fatalf("stale claim: %v %v", did, err)
		}
		if sl := slot(t, s, acct, portal.MusicHold); sl.Playing.Name != "hold.mp3" || sl.Pending != nil {
			t.Fatalf("after the takeover: %+v", sl)
		}
	})
}
