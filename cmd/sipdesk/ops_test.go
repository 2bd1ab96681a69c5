package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/sipdesk/sipdesk/db"
)

// runBinary runs the sipdesk binary and returns its combined output and
// exit status.
func runBinary(t *testing.T, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, args...).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("run sipdesk %v: %v", args, err)
	}
	return string(out), 0
}

// The operator's story: back up while customers are served, a password
// changes afterwards, restore (refused while the portal runs, and without
// --force), start again: the old password logs in over OpenSSH, the newer
// one does not.
func TestE2EBackupThenRestoreBringsTheOldLoginBack(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dataDir, backup := t.TempDir(), filepath.Join(t.TempDir(), "sipdesk-backup.db")
	p := startPortal(t, dataDir)
	user, oldPW := p.demo(t)

	out, code := runBinary(t, "backup", "--data-dir", dataDir, "--to", backup)
	if code != 0 || !strings.Contains(out, "backup written: "+backup) {
		t.Fatalf("backup while serving: exit %d\n%s", code, out)
	}

	svc := openService(t, dataDir)
	acct, err := db.AccountByUserID(context.Background(), svc.DB, user)
	if err != nil {
		t.Fatal(err)
	}
	const newPW = "After-the-backup-2026"
	hash, err := svc.Hasher.Hash(context.Background(), newPW)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPasswordHash(context.Background(), svc.DB, acct.ID, hash, time.Now()); err != nil {
		t.Fatal(err)
	}
	svc.DB.Close()
	if out, code := sshCommand(t, p, user, newPW, "whoami"); code != 0 {
		t.Fatalf("the new password before the restore: exit %d\n%s", code, out)
	}

	out, code = runBinary(t, "restore", "--data-dir", dataDir, "--from", backup, "--force")
	if code == 0 || !strings.Contains(out, "stop it before restoring") {
		t.Fatalf("restore under the running portal: exit %d\n%s", code, out)
	}
	p.stop(t)
	out, code = runBinary(t, "restore", "--data-dir", dataDir, "--from", backup)
	if code == 0 || !strings.Contains(out, "only with --force") {
		t.Fatalf("restore over a store without --force: exit %d\n%s", code, out)
	}
	out, code = runBinary(t, "restore", "--data-dir", dataDir, "--from", backup, "--force")
	if code != 0 || !strings.Contains(out, "the replaced store is kept as") || !strings.Contains(out, "ok   server key: opens") {
		t.Fatalf("restore: exit %d\n%s", code, out)
	}

	p = startPortal(t, dataDir)
	if out, code := sshCommand(t, p, user, oldPW, "whoami"); code != 0 || !strings.Contains(out, user) {
		t.Fatalf("the backed-up password after the restore: exit %d\n%s", code, out)
	}
	if _, code := runCmd(t, p, user, []string{newPW}, "whoami"); code == 0 {
		t.Fatal("the password set after the backup still logs in")
	}
}

func TestE2ECheck(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	if out, code := runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0"); code != 0 {
		t.Fatalf("check of a new data directory: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "sipdesk.db")); err == nil {
		t.Fatal("check created a store")
	}
	p := startPortal(t, dataDir)
	p.stop(t)

	out, code := runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0")
	for _, want := range []string{"ok   store: sqlite answers", "ok   schema: version", "ok   server key: opens",
		"ok   host key: ssh-ed25519 SHA256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("check of a started store lacks %q", want)
		}
	}
	if code != 0 {
		t.Fatalf("check of a started store: exit %d\n%s", code, out)
	}

	key := make([]byte, 32)
	_, _ = rand.Read(key)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := strconv.Itoa(closed.Addr().(*net.TCPAddr).Port)
	closed.Close()
	out, code = runBinary(t, "check", "--data-dir", dataDir, "--server-key", base64.StdEncoding.EncodeToString(key),
		"--listen", "ch="+busy.Addr().String(), "--smtp-host", "127.0.0.1", "--smtp-port", closedPort, "--smtp-security", "none")
	if code != 1 {
		t.Fatalf("check with a wrong key, a busy address and no relay: exit %d\n%s", code, out)
	}
	for _, want := range []string{"FAIL server key: the server key does not match this database", "cannot decrypt",
		"FAIL listen ch=" + busy.Addr().String(), "FAIL smtp:", "3 checks failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}

	rec := &smtpRecorder{}
	srv := smtp.NewServer(rec)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	out, code = runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0",
		"--smtp-host", "127.0.0.1", "--smtp-port", port, "--smtp-security", "none")
	if code != 0 || !strings.Contains(out, "ok   smtp: 127.0.0.1 answers") {
		t.Fatalf("check with a relay that answers: exit %d\n%s", code, out)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.msgs) != 0 {
		t.Fatal("check sent a mail")
	}
}

// serve runs the checks at start: a wrong server key refuses the start
// (it would make every stored secret unreadable), an SMTP relay that does
// not answer is only logged.
func TestE2EServeRefusesAWrongServerKeyButNotADeadRelay(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	p := startPortal(t, dataDir)
	p.stop(t)

	key := make([]byte, 32)
	_, _ = rand.Read(key)
	out, code := runBinary(t, "serve", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0",
		"--server-key", base64.StdEncoding.EncodeToString(key))
	if code == 0 || !strings.Contains(out, "refusing to start: server key:") || strings.Contains(out, "portal listening") {
		t.Fatalf("serve with a wrong server key: exit %d\n%s", code, out)
	}

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(closed.Addr().(*net.TCPAddr).Port)
	closed.Close()
	p = startPortal(t, dataDir, "--smtp-host", "127.0.0.1", "--smtp-port", port, "--smtp-security", "none")
	if !strings.Contains(p.logs.String(), `msg="check failed" check=smtp`) {
		t.Fatalf("the dead relay is not in the log:\n%s", p.logs.String())
	}
}
