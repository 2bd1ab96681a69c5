package main

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// startStuckInMigration starts `serve` on a new Postgres database whose
// proxy stops answering new connections after the first ping: the
// migrations' own connection is held, accepted and never answered.
func startStuckInMigration(t *testing.T, storeTimeout string) (*exec.Cmd, *syncBuffer, chan error) {
	t.Helper()
	dsn := dbtest.NewPostgresDatabase(t)
	proxy := dbtest.NewProxy(t, dbtest.PostgresHost(t))
	proxy.HoldStartupWith(db.MigrationAppName)
	dir := t.TempDir()
	cmd := exec.Command(binary, "serve", "--listen", "ch=127.0.0.1:0", "--data-dir", dir,
		"--database-url", dbtest.ViaProxy(t, dsn, proxy.Addr()), "--store-timeout", storeTimeout)
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	proxy.WaitHeld(t, 1)
	return cmd, logs, done
}

// exited waits for the process within the test's bound (far below the
// migrations' 30-minute I/O timeout) and returns its output.
func exited(t *testing.T, cmd *exec.Cmd, logs *syncBuffer, done chan error, what string) string {
	t.Helper()
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("sipdesk exited 0 %s:\n%s", what, logs.String())
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("sipdesk still running 30 s %s:\n%s", what, logs.String())
	}
	out := logs.String()
	if strings.Contains(out, "store ready") {
		t.Fatalf("the migrations completed although their connection was held:\n%s", out)
	}
	return out
}

// Issue 13.2: Postgres stalls after the first ping; SIGTERM during the
// migrations ends the start at once, although the store timeout (and so
// the connect timeout) is an hour.
func TestE2ESIGTERMDuringAStuckMigration(t *testing.T) {
	cmd, logs, done := startStuckInMigration(t, "1h")
	_ = cmd.Process.Signal(syscall.SIGTERM)
	out := exited(t, cmd, logs, done, "after SIGTERM during the migrations")
	if !strings.Contains(out, "apply migrations") {
		t.Fatalf("the exit does not say the migrations were abandoned:\n%s", out)
	}
}

// Issue 13.2: without a signal, the migrations' connection gives up after
// the connect timeout (--store-timeout), not the 30 minutes a silent
// migration statement may take.
func TestE2EStuckMigrationConnectTimesOut(t *testing.T) {
	cmd, logs, done := startStuckInMigration(t, "1s")
	out := exited(t, cmd, logs, done, "with the migrations' connection unanswered")
	if !strings.Contains(out, "apply migrations") {
		t.Fatalf("the exit does not name the migrations:\n%s", out)
	}
}
