package platform_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// lockedBuffer is a log destination the exporter's goroutine and the test
// share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// One customer's class that cannot be written keeps neither the replica
// from starting nor the other customers' music from being exported: the
// start logs the class by name, and the running export retries it until
// it is delivered.
func TestStartGoesOnPastAClassItCannotWrite(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	svc := portaltest.New(t, d, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	alice, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "bob@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "moh")
	blocked := filepath.Join(dir, portal.MusicClassName(alice.ID, portal.MusicHold))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blocked, []byte("in the way"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	wait, err := platform.Start(ctx, svc, platform.Options{MusicDir: dir, MusicPoll: 50 * time.Millisecond},
		slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("start with one class that cannot be written: %v", err)
	}
	defer func() { cancel(); wait() }()
	for _, class := range []string{portal.MusicClassName(alice.ID, portal.MusicQueue), portal.MusicClassName(bob.ID, portal.MusicHold), portal.MusicClassName(bob.ID, portal.MusicQueue)} {
		if _, err := os.Stat(filepath.Join(dir, class, "music.ulaw")); err != nil {
			t.Errorf("%s not exported at start: %v", class, err)
		}
	}
	if !strings.Contains(logs.String(), "class="+filepath.Base(blocked)) {
		t.Fatalf("the log does not name %s:\n%s", filepath.Base(blocked), logs.String())
	}
	if err := os.Remove(blocked); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(blocked, "music.ulaw")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not delivered 10 s after the obstacle went:\n%s", filepath.Base(blocked), logs.String())
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, bounded by the deadline
	}
}
