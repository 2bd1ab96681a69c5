package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// serveFails runs `sipdesk serve` in dir and returns its output; it must
// exit with an error, within a bound the test sets.
func serveFails(t *testing.T, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, append([]string{"serve", "--listen", "ch=127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("sipdesk %v did not exit:\n%s", args, out)
	}
	if err == nil {
		t.Fatalf("sipdesk %v started:\n%s", args, out)
	}
	return string(out)
}

// A mistyped database URL is refused at start with the accepted forms,
// and leaves no SQLite file behind (issue 13.1).
func TestE2EMistypedDatabaseURLIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := serveFails(t, dir, "--data-dir", filepath.Join(dir, "data"), "--database-url", "postgress://sipdesk@127.0.0.1/sipdesk")
	if !strings.Contains(out, "postgres://") || !strings.Contains(out, "sqlite:PATH") {
		t.Fatalf("the refusal does not name the accepted forms:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "postgress:")); !os.IsNotExist(err) {
		t.Fatalf("a SQLite file was created for the mistyped URL: %v", err)
	}
	if strings.Contains(out, "demo customer created") {
		t.Fatalf("an empty portal started:\n%s", out)
	}
}

// A wrong server key, or a lost key file beside a populated store, is
// refused at start with one line; no new key is generated (issue 13.5).
func TestE2EWrongOrLostServerKeyIsRefused(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	p := startPortal(t, dataDir)
	p.stop(t)
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	out := serveFails(t, dataDir, "--data-dir", dataDir, "--server-key", base64.StdEncoding.EncodeToString(k))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "sipdesk: ") || !strings.Contains(last, "server key does not match") {
		t.Fatalf("another key: want one line naming the key:\n%s", out)
	}
	keyFile := filepath.Join(dataDir, "server.key")
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	out = serveFails(t, dataDir, "--data-dir", dataDir)
	if !strings.Contains(out, "missing") {
		t.Fatalf("a lost key file: %s", out)
	}
	if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
		t.Fatalf("a new server key was generated beside a populated store: %v", err)
	}
}

// A Postgres that accepts but never answers: SIGTERM during the start
// ends it (issue 13.2).
func TestE2ESIGTERMDuringAStuckStart(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewPostgresDatabase(t)
	proxy := dbtest.NewProxy(t, dbtest.PostgresHost(t))
	proxy.Pause()
	dir := t.TempDir()
	cmd := exec.Command(binary, "serve", "--listen", "ch=127.0.0.1:0", "--data-dir", dir,
		"--database-url", dbtest.ViaProxy(t, dsn, proxy.Addr()))
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Once the server is connecting to the store (the proxy accepted it),
	// and so has its signal handler, SIGTERM must end the start.
	proxy.WaitAccepted(t, 1)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("sipdesk ignored SIGTERM during a stuck start:\n%s", logs.String())
	}
}
