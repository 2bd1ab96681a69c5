package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// askpass makes an SSH_ASKPASS program that answers every prompt with
// password, so ssh's standard input stays free for the command's input.
func askpass(t *testing.T, password string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "askpass")
	if err := os.WriteFile(path, []byte("#!/bin/sh\nprintf '%s\\n' '"+password+"'\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "SSH_ASKPASS="+path, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0")
}

// sshRun runs ssh with args and stdin, returning stdout, stderr and the
// exit status.
func sshRun(t *testing.T, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(requireSSH(t), args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func waitExit(t *testing.T, what string, done <-chan error) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not end", what)
	}
}

func TestE2ECustomerKeyLoginRevokeAndRemove(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, password := p.demo(t)
	key := adminKey(t)
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	pwEnv := askpass(t, password)
	pwArgs := func(cmd ...string) []string {
		return sshArgs(p, "", append([]string{"-o", "PreferredAuthentications=keyboard-interactive,password", user + "@127.0.0.1"}, cmd...)...)
	}
	keyRun := func(cmd ...string) (string, string, int) {
		return sshRun(t, os.Environ(), "", keyArgs(p, key, append([]string{user + "@127.0.0.1"}, cmd...)...)...)
	}

	// Before it is added, the key is refused.
	if _, _, code := keyRun("whoami"); code != 255 {
		t.Fatalf("an unregistered key: exit %d", code)
	}
	// Added through the command (the key line, then the password, on stdin).
	out, errOut, code := sshRun(t, pwEnv, string(pub)+password+"\n", pwArgs("keys", "add", "--name", "laptop")...)
	if code != 0 || !strings.Contains(out, "Added SHA256:") {
		t.Fatalf("keys add: exit %d\n%s%s", code, out, errOut)
	}
	fp := strings.Fields(strings.TrimPrefix(out, "Added "))[0]
	if out, errOut, code := keyRun("whoami"); code != 0 || !strings.Contains(out, user) {
		t.Fatalf("key login: exit %d\n%s%s", code, out, errOut)
	}

	// A ControlMaster connection of the key, with a session waiting on it.
	sock := filepath.Join(t.TempDir(), "cm")
	master := exec.Command(requireSSH(t), keyArgs(p, key, "-M", "-S", sock, "-N", user+"@127.0.0.1")...)
	if err := master.Start(); err != nil {
		t.Fatal(err)
	}
	masterDone := make(chan error, 1)
	go func() { masterDone <- master.Wait() }()
	t.Cleanup(func() { _ = master.Process.Kill() })
	waitWithin(t, 30*time.Second, "the ControlMaster connection comes up", func() bool {
		return exec.Command(requireSSH(t), "-S", sock, "-O", "check", "x").Run() == nil
	})
	held := exec.Command(requireSSH(t), keyArgs(p, key, "-S", sock, "-o", "ControlMaster=no", user+"@127.0.0.1", "keys", "add")...)
	heldIn, _ := held.StdinPipe()
	defer heldIn.Close()
	var heldErr bytes.Buffer
	held.Stderr = &heldErr
	if err := held.Start(); err != nil {
		t.Fatal(err)
	}
	heldDone := make(chan error, 1)
	go func() { heldDone <- held.Wait() }()

	// A password session, held open, then revoked from the key's side.
	victim := exec.Command(requireSSH(t), pwArgs("keys", "add")...)
	victim.Env = pwEnv
	victimIn, _ := victim.StdinPipe()
	defer victimIn.Close()
	if err := victim.Start(); err != nil {
		t.Fatal(err)
	}
	victimDone := make(chan error, 1)
	go func() { victimDone <- victim.Wait() }()
	var victimID string
	waitWithin(t, 30*time.Second, "the password session is listed", func() bool {
		out, _, _ := keyRun("sessions", "--json")
		var list []portal.LiveSession
		_ = json.Unmarshal([]byte(out), &list)
		for _, l := range list {
			if l.Auth == portal.AuthPassword && !l.Current {
				victimID = l.ID
			}
		}
		return victimID != ""
	})
	if out, errOut, code := keyRun("sessions", "revoke", victimID); code != 0 {
		t.Fatalf("sessions revoke: exit %d\n%s%s", code, out, errOut)
	}
	waitExit(t, "the revoked session", victimDone)

	// Removing the key ends its ControlMaster connection.
	if out, errOut, code := sshRun(t, pwEnv, password+"\n", pwArgs("keys", "remove", fp)...); code != 0 {
		t.Fatalf("keys remove: exit %d\n%s%s", code, out, errOut)
	}
	waitExit(t, "the key's session on the ControlMaster connection", heldDone)
	waitExit(t, "the ControlMaster connection", masterDone)
	if !strings.Contains(heldErr.String(), "SSH key of this session was removed") {
		t.Fatalf("the key's session was told %q", heldErr.String())
	}
	if _, _, code := keyRun("whoami"); code != 255 {
		t.Fatalf("a removed key: exit %d", code)
	}

	// The timeline lists each step (--json: the event codes, whatever
	// language the client's LANG chooses for the table).
	out, errOut, code = sshRun(t, pwEnv, "", pwArgs("security", "log", "--json")...)
	if code != 0 {
		t.Fatalf("security log: exit %d\n%s", code, errOut)
	}
	var events []struct{ Action, Detail string }
	if err := json.Unmarshal([]byte(out), &events); err != nil {
		t.Fatalf("security log --json: %v\n%s", err, out)
	}
	var steps []string
	for _, e := range events {
		steps = append(steps, strings.Join(strings.Fields(e.Action+" "+e.Detail), " "))
	}
	timeline := strings.Join(steps, "\n")
	for _, want := range []string{"key.add", "login publickey " + fp, "session.revoke", "key.remove"} {
		if !strings.Contains(timeline, want) {
			t.Fatalf("timeline lacks %q:\n%s", want, timeline)
		}
	}
}

func TestE2ECustomerKeyWithTwoFactorAsksForTheCode(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dataDir := t.TempDir()
	p := startPortal(t, dataDir)
	user, _ := p.demo(t)
	svc := openService(t, dataDir)
	ctx := context.Background()
	acct, err := db.AccountByUserID(ctx, svc.DB, user)
	if err != nil {
		t.Fatal(err)
	}
	setup, err := svc.NewTOTPSetup(user)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	code, _ := totp.GenerateCode(setup.Secret, now)
	recovery, err := svc.ActivateTOTP(ctx, acct, setup, code)
	if err != nil {
		t.Fatal(err)
	}
	key := adminKey(t)
	pub, _ := os.ReadFile(key + ".pub")
	if _, err := svc.AddCustomerKey(ctx, acct, portal.KeyChange{Line: string(pub), Proof: recovery[0]}); err != nil {
		t.Fatal(err)
	}
	// The key alone is not enough: BatchMode allows no prompt.
	if _, _, code := sshRun(t, os.Environ(), "", keyArgs(p, key, user+"@127.0.0.1", "whoami")...); code != 255 {
		t.Fatalf("key alone with 2FA: exit %d", code)
	}
	args := sshArgs(p, "", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey,keyboard-interactive",
		user+"@127.0.0.1", "whoami")
	for i, a := range args {
		if a == "PubkeyAuthentication=no" {
			args[i] = "PubkeyAuthentication=yes"
		}
	}
	term := openTerminal(t, args...)
	term.expect("One-time code:")
	next, _ := totp.GenerateCode(setup.Secret, now.Add(30*time.Second))
	term.typeLine(next)
	if code := term.exitCode(); code != 0 || !strings.Contains(term.screen(), user) {
		t.Fatalf("key then code: exit %d\n%s", code, term.screen())
	}
	if strings.Contains(term.screen(), "Password:") {
		t.Fatalf("the password was asked after the key:\n%s", term.screen())
	}
}

// A TUI whose session is revoked from another session is told why in a
// restored terminal, as after a password change: the connection closes
// only after the program has left the alternate screen.
func TestE2ERevokedTUIIsToldWhyInARestoredTerminal(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, password := p.demo(t)
	tui := loginTUI(t, p, user, password)
	if out, code := runCmd(t, p, user, []string{password}, "sessions", "revoke", "--others"); code != 0 {
		t.Fatalf("sessions revoke --others: exit %d\n%s", code, out)
	}
	const why = "this session was ended from another session of your account"
	tui.expect(why)
	if code := tui.exitCode(); code != 1 {
		t.Fatalf("the revoked TUI: exit %d, want 1:\n%s", code, tui.screen())
	}
	wantTerminalRestored(t, tui, why)
}
