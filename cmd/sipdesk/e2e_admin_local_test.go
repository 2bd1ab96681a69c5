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
	"time"
)

// localAdmin runs `sipdesk admin ARGS...` on the host, with stdin, and
// returns stdout, stderr and the exit status.
func localAdmin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, append([]string{"admin"}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

// The day the only admin key is lost: the operator on the host registers
// a new key to the admin account with `sipdesk admin` while the portal
// serves, removes the lost one, and customer care logs in with the new key;
// the audit trail names the operator as local:<unix user>. Without the
// server key, or with another one, the command is refused.
func TestE2ELocalAdminRecoversALostAdminKey(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	lost, fresh := adminKey(t), adminKey(t)
	dataDir := t.TempDir()
	p := startPortal(t, dataDir, "--initial-admin-keys", lost+".pub")
	settings := []string{"--data-dir", dataDir, "--listen", "ch=127.0.0.1:" + p.port}

	pub, err := os.ReadFile(fresh + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := localAdmin(t, string(pub), append(settings, "key", "add", "admin")...)
	if code != 0 {
		t.Fatalf("local key add: exit %d\n%s%s", code, out, errOut)
	}
	keys, _, code := localAdmin(t, "", append(settings, "key", "list", "admin", "--json")...)
	if code != 0 || strings.Count(keys, `"fingerprint"`) != 2 {
		t.Fatalf("local key list: exit %d\n%s", code, keys)
	}
	lostFP := fingerprint(t, lost+".pub")
	if out, errOut, code := localAdmin(t, "", append(settings, "key", "remove", lostFP)...); code != 0 {
		t.Fatalf("local key remove: exit %d\n%s%s", code, out, errOut)
	}

	if _, _, code := asAdmin(t, p, lost, "customer", "list"); code == 0 {
		t.Fatal("the removed key still logs in")
	}
	trail, _ := mustAdmin(t, p, fresh, 0, "audit", "admin")
	operator := localOperator()
	for _, want := range []string{"local:" + operator + " ", "admin.key-add", "admin.key-remove", lostFP} {
		if !strings.Contains(trail, want) {
			t.Errorf("the audit trail lacks %q:\n%s", want, trail)
		}
	}

	// The same tree, its exit statuses and flags after the command.
	if _, _, code := localAdmin(t, "", append(settings, "customer", "show", "nobody@example.ch")...); code != 3 {
		t.Errorf("an unknown account: exit %d, want 3", code)
	}
	if _, _, code := localAdmin(t, "", append(settings, "customer", "create", "--region", "CH")...); code != 2 {
		t.Errorf("a missing --email: exit %d, want 2", code)
	}
	if out, _, code := localAdmin(t, "", "--help"); code != 0 || !strings.Contains(out, "local:<your Unix user name>") || !strings.Contains(out, "--data-dir") {
		t.Errorf("admin --help: exit %d\n%s", code, out)
	}

	// Not the operator: no server key, or another one.
	elsewhere := t.TempDir()
	if err := os.Link(filepath.Join(dataDir, "sipdesk.db"), filepath.Join(elsewhere, "sipdesk.db")); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = localAdmin(t, "", "--data-dir", elsewhere, "customer", "list")
	if code != 5 || !strings.Contains(errOut, "refused: cannot read the server key") {
		t.Errorf("without the server key: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "server.key")); err == nil {
		t.Error("the refused command created a server key")
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	_, errOut, code = localAdmin(t, "", "--data-dir", dataDir, "--server-key", base64.StdEncoding.EncodeToString(key), "customer", "list")
	if code != 5 || !strings.Contains(errOut, "the server key does not open the stored secrets") {
		t.Errorf("with another server key: exit %d\n%s", code, errOut)
	}
}

// fingerprint is ssh-keygen's SHA256 fingerprint of a public key file.
func fingerprint(t *testing.T, pubFile string) string {
	t.Helper()
	out, err := exec.Command("ssh-keygen", "-l", "-E", "sha256", "-f", pubFile).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(out))[1]
}

// The audit name keeps to plain characters: a control character in a
// user name (here through SUDO_USER) never reaches an audit line.
func TestLocalOperatorNameIsPlain(t *testing.T) {
	// Runs alone: t.Setenv changes the environment of the whole test process.
	t.Setenv("SUDO_USER", "alice")
	if got := localOperator(); !strings.HasSuffix(got, "(sudo:alice)") {
		t.Errorf("with sudo: %q", got)
	}
	t.Setenv("SUDO_USER", "eve\x1b[2J")
	if got := localOperator(); strings.Contains(got, "sudo") || strings.ContainsAny(got, "\x1b[") {
		t.Errorf("with a control character in SUDO_USER: %q", got)
	}
}
