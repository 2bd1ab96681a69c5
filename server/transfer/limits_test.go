package transfer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// syncBuffer is a log sink for goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (l *uploadLimiter) inUse() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

func TestAPanicInTheSFTPUploadRefusesThatUploadOnly(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	// A Music without a portal service panics (nil pointer) as soon as
	// the upload is checked: the same place a decoder's panic would.
	m := New(nil, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	u := m.startSFTPUpload(context.Background(), db.Account{ID: 7, UserID: "alice@example.ch"},
		portal.MusicUpload{Kind: portal.MusicHold, Name: "hold.wav", Via: "sftp"})
	if _, err := u.WriteAt([]byte("RIFF"), 0); err != nil {
		t.Fatal(err)
	}
	if err := u.Close(); !errors.Is(err, errUploadPanicked) {
		t.Fatalf("close: %v, want the internal-error refusal", err)
	}
	if _, err := u.WriteAt([]byte("more"), 4); !errors.Is(err, errUploadPanicked) {
		t.Fatalf("a write after the panic: %v", err)
	}
	if n := m.uploads.inUse(); n != 0 {
		t.Fatalf("%d upload slots still held after the panic", n)
	}
	if !strings.Contains(logs.String(), "upload panicked") {
		t.Fatalf("the panic was not logged: %s", logs.String())
	}
}

// musicFor is a Music over a real test store with one customer.
func musicFor(t *testing.T, pace pacing) (*Music, db.Account) {
	t.Helper()
	d := dbtest.SQLite(t)
	svc := portaltest.New(t, d, nil)
	acct, err := svc.CreateAccount(context.Background(), d, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH", Password: "Correct-Horse-7-Battery"})
	if err != nil {
		t.Fatal(err)
	}
	m := New(svc, portal.NewMusicWorker(svc, portal.MusicWorkerOptions{}), slog.New(slog.DiscardHandler))
	m.pace = pace
	return m, acct
}

func TestATricklingUploadIsRefusedAndReleasesItsSlot(t *testing.T) {
	t.Parallel()
	m, acct := musicFor(t, pacing{minRate: 1000, grace: 300 * time.Millisecond, deadline: time.Minute, tick: 20 * time.Millisecond})
	u := m.startSFTPUpload(context.Background(), acct, portal.MusicUpload{Kind: portal.MusicHold, Name: "slow.wav", Via: "sftp"})
	// One byte at a time, as the attack of issue 11 did, until refused.
	var err error
	for off := int64(0); err == nil && off < 10_000; off++ {
		_, err = u.WriteAt([]byte{'R'}, off)
		time.Sleep(10 * time.Millisecond) // the trickle itself, not a wait for a condition
	}
	cerr := u.Close()
	var refused *portal.MusicRefusedError
	if !errors.As(cerr, &refused) || !strings.Contains(refused.Reason, "below the 1000 bytes/s an upload needs; the upload slot was released") {
		t.Fatalf("close: %v, want a too-slow refusal", cerr)
	}
	if n := m.uploads.inUse(); n != 0 {
		t.Fatalf("%d upload slots still held", n)
	}
}

func TestAStalledUploadIsEndedByTheWatchdog(t *testing.T) {
	t.Parallel()
	m, acct := musicFor(t, pacing{minRate: 1000, grace: 200 * time.Millisecond, deadline: time.Minute, tick: 20 * time.Millisecond})
	u := m.startSFTPUpload(context.Background(), acct, portal.MusicUpload{Kind: portal.MusicQueue, Name: "stalled.mp3", Via: "sftp"})
	if _, err := u.WriteAt([]byte("ID3"), 0); err != nil {
		t.Fatal(err)
	}
	// The client sends nothing more and never closes: the upload must end
	// by itself, without the client's help.
	select {
	case <-u.done:
	case <-time.After(30 * time.Second):
		t.Fatal("a stalled upload still holds its slot after 30 s")
	}
	var refused *portal.MusicRefusedError
	if !errors.As(u.err, &refused) || !strings.Contains(refused.Reason, "below the 1000 bytes/s") || m.uploads.inUse() != 0 {
		t.Fatalf("stalled upload: %v, slots %d", u.err, m.uploads.inUse())
	}
	if _, err := u.WriteAt([]byte("x"), 3); err == nil {
		t.Fatal("a write after the refusal was taken")
	}
}

func TestAnUploadPastItsDeadlineIsRefused(t *testing.T) {
	t.Parallel()
	p := pacing{minRate: 1, grace: time.Hour, deadline: 100 * time.Millisecond, tick: 10 * time.Millisecond}
	pr, pw := io.Pipe()
	defer pw.Close()
	r := p.paced(pipeSource{pr})
	defer r.close()
	_, err := io.ReadAll(r)
	if !isTooSlow(err) || !strings.Contains(err.Error(), "longer than the 100ms an upload may take") {
		t.Fatalf("read: %v", err)
	}
}

func TestOverlappingOutOfOrderWritesHoldNoMoreThanTheLimit(t *testing.T) {
	t.Parallel()
	m, acct := musicFor(t, defaultPacing)
	u := m.startSFTPUpload(context.Background(), acct, portal.MusicUpload{Kind: portal.MusicHold, Name: "ooo.wav", Via: "sftp"})
	chunk := make([]byte, 32<<10)
	var refusedAt int64
	// The attack of issue 11: 32 KB writes at offsets 1, 2, 3, ... all
	// parked, 32 KB each, though they cover only a few bytes of file.
	for off := int64(1); off <= 8000; off++ {
		if _, err := u.WriteAt(chunk, off); err != nil {
			if !strings.Contains(err.Error(), "hold music may be at most 1,572,864 bytes") {
				t.Fatalf("write at %d: %v", off, err)
			}
			refusedAt = off
			break
		}
		u.mu.Lock()
		held := u.held
		u.mu.Unlock()
		if held > portal.MusicHold.Limit()+1 {
			t.Fatalf("%d bytes held after %d writes", held, off)
		}
	}
	if refusedAt == 0 {
		t.Fatal("8,000 overlapping writes were all taken")
	}
	// After the refusal nothing more is held and nothing more taken.
	if _, err := u.WriteAt(chunk, refusedAt+1); err == nil {
		t.Fatal("a write after the refusal was taken")
	}
	u.mu.Lock()
	held, parked := u.held, len(u.parked)
	u.mu.Unlock()
	if held != 0 || parked != 0 {
		t.Fatalf("after the refusal %d bytes in %d writes are still held", held, parked)
	}
	var refused *portal.MusicRefusedError
	if err := u.Close(); !errors.As(err, &refused) {
		t.Fatalf("close: %v", err)
	}
}

func TestReadHandlesShareOneCopy(t *testing.T) {
	t.Parallel()
	var h sftpHandles
	loads := 0
	e := musicEntry{name: "hold.wav", size: 5, mtime: time.Unix(1, 0), read: func(context.Context) ([]byte, error) {
		loads++
		return []byte("audio"), nil
	}}
	var open []*sharedReader
	for range maxSFTPHandles {
		r, err := h.reader(context.Background(), "/music/hold.wav", e)
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, r)
	}
	if loads != 1 {
		t.Fatalf("%d handles loaded the file %d times", len(open), loads)
	}
	if _, err := h.reader(context.Background(), "/music/hold.wav", e); !errors.Is(err, errTooManyHandles) {
		t.Fatalf("handle %d: %v", maxSFTPHandles+1, err)
	}
	for _, r := range open {
		_ = r.Close()
		_ = r.Close() // twice frees one handle only
	}
	if h.open != 0 || len(h.shared) != 0 {
		t.Fatalf("after closing: %d open, %d copies kept", h.open, len(h.shared))
	}
}
