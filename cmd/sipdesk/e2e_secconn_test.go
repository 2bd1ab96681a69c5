package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// controlSocket is a short path for an OpenSSH control socket (a Unix
// socket path must stay under ~100 bytes).
func controlSocket(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sdmux")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "m")
}

// muxed runs ssh over the master connection at sock (BatchMode: if the
// master is gone it fails instead of asking for a password).
func muxed(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(requireSSH(t), args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), 0
}

// A multiplexing master connection (ssh -M -N) loses its rights when the
// password is changed through another replica on the same Postgres: the
// master ends, and a client reusing it (ssh -S) gets nothing.
func TestE2EMasterConnectionEndsWhenThePasswordChangesOnAnotherReplica(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dsn := dbtest.NewPostgresDatabase(t)
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	key := base64.StdEncoding.EncodeToString(raw)
	p1 := startPortal(t, t.TempDir(), "--database-url", dsn, "--server-key", key)
	user, password := p1.demo(t)
	p2 := startPortal(t, t.TempDir(), "--database-url", dsn, "--server-key", key)

	sock := controlSocket(t)
	master := openTerminal(t, sshArgs(p1, "", "-M", "-S", sock, "-N", "-o", "ControlPersist=no", user+"@127.0.0.1")...)
	master.expect("Password:")
	master.typeLine(password)
	through := func(command ...string) (string, int) {
		return muxed(t, sshArgs(p1, "", append([]string{"-S", sock, "-o", "BatchMode=yes", user + "@127.0.0.1"}, command...)...)...)
	}
	waitUntil(t, "the master connection is up", func() bool {
		_, rc := muxed(t, "-S", sock, "-O", "check", "x")
		return rc == 0
	})
	voip := demoVoIPPassword(t, openPostgresService(t, dsn, key), user, "+41441234567")
	if out, rc := through("credentials", "+41441234567"); rc != 0 || !strings.Contains(out, voip) {
		t.Fatalf("credentials over the master before the change (%d):\n%s", rc, out)
	}

	term := loginTUI(t, p2, user, password)
	term.send("4")
	term.expectNew("Change password")
	term.send("p")
	term.expectNew("Current")
	newPW := "Brand-new-2026"
	term.send(password + "\t" + newPW + "\t" + newPW + "\r")
	term.expect("Your password was changed")

	// The replica that holds the master learns it from the store within
	// its epoch interval (15 s); the master's ssh then exits.
	master.exitCode()
	if out, rc := through("credentials", "+41441234567"); rc == 0 || strings.Contains(out, voip) {
		t.Fatalf("credentials after the password change (%d):\n%s", rc, out)
	}
	// The session that made the change is still open and usable.
	term.send("1")
	term.expectNew("+41 44 123 45 67")
	term.send("q")
	if rc := term.exitCode(); rc != 0 {
		t.Fatalf("the TUI that changed the password ended with %d", rc)
	}
}

// An admin's master connection made with a key ends when the key is
// removed; admin commands over it fail.
func TestE2EAdminMasterConnectionEndsWhenItsKeyIsRemoved(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	key, other := adminKey(t), adminKey(t)
	p := startPortal(t, t.TempDir(), "--initial-admin-keys", key+".pub")
	sock := controlSocket(t)
	master := exec.Command(requireSSH(t), keyArgs(p, key, "-M", "-S", sock, "-N", "-o", "ControlPersist=no", "admin@127.0.0.1")...)
	var masterOut bytes.Buffer
	master.Stdout, master.Stderr = &masterOut, &masterOut
	if err := master.Start(); err != nil {
		t.Fatal(err)
	}
	masterDone := make(chan error, 1)
	go func() { masterDone <- master.Wait() }()
	t.Cleanup(func() {
		_ = master.Process.Kill()
	})
	waitUntil(t, "the admin's master connection is up", func() bool {
		_, rc := muxed(t, "-S", sock, "-O", "check", "x")
		return rc == 0
	})
	through := func(args ...string) (string, int) {
		return muxed(t, keyArgs(p, key, append([]string{"-S", sock, "admin@127.0.0.1", "admin"}, args...)...)...)
	}
	if out, rc := through("customer", "list"); rc != 0 {
		t.Fatalf("admin over the master before (%d):\n%s", rc, out)
	}
	pub, err := os.ReadFile(other + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	addCmd := exec.Command(requireSSH(t), keyArgs(p, key, "admin@127.0.0.1", "admin", "key", "add", "admin")...)
	addCmd.Stdin = bytes.NewReader(pub)
	if out, err := addCmd.CombinedOutput(); err != nil {
		t.Fatalf("admin key add: %v\n%s", err, out)
	}
	fp, err := exec.Command("ssh-keygen", "-l", "-E", "sha256", "-f", key+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	mustAdmin(t, p, other, 0, "key", "remove", strings.Fields(string(fp))[1])

	waitUntil(t, "the master connection ends", func() bool {
		select {
		case err := <-masterDone:
			masterDone <- err
			return true
		default:
			return false
		}
	})
	if out, rc := through("customer", "create", "--email", "eve@example.ch", "--region", "CH"); rc == 0 {
		t.Fatalf("admin command over the master after the key was removed:\n%s", out)
	}
}

// openPostgresService opens the replicas' Postgres store with their server
// key, as an operator's tool would.
func openPostgresService(t *testing.T, dsn, key string) *portal.Service {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		t.Fatal(err)
	}
	box, err := portal.NewSecretBox(raw)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	svc, err := portal.NewService(d, box, portal.NewHasher(portal.OWASPArgon2, 1, 4), portal.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}
