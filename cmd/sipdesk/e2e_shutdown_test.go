package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

const (
	enterAltScreen = "\x1b[?1049h"
	leaveAltScreen = "\x1b[?1049l"
	exitEnded      = 75 // cmdkit.ExitEnded
)

// raw is everything the terminal received, control sequences included.
func (term *terminal) raw() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.out.String()
}

// wantTerminalRestored fails unless the alternate screen was left after it
// was last entered, and the notice came after that, on the normal screen.
func wantTerminalRestored(t *testing.T, term *terminal, notice string) {
	t.Helper()
	raw := term.raw()
	enter, leave := strings.LastIndex(raw, enterAltScreen), strings.LastIndex(raw, leaveAltScreen)
	if enter < 0 || leave < enter {
		t.Fatalf("the alternate screen was not left (entered at %d, left at %d):\n%q", enter, leave, raw[max(0, len(raw)-400):])
	}
	if !strings.Contains(raw[leave:], notice) {
		t.Fatalf("%q is not shown after leaving the alternate screen:\n%q", notice, raw[leave:])
	}
}

// Issue 13.6: SIGTERM with a TUI open and an upload running. The TUI is
// told at once and leaves a restored terminal; the upload may go on until
// --shutdown-timeout, then it is told too and its refusal is stored
// before the store closes.
func TestE2ESIGTERMTellsSessionsAndKeepsTheCutUploadsRefusal(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dir := t.TempDir()
	p := startPortal(t, dir, "--shutdown-timeout", "2s")
	m := newMusicClient(t, p)
	tui := loginTUI(t, p, m.user, m.password)

	upload := exec.Command("ssh", append(append(m.opts("-p"), m.user+"@127.0.0.1"), "music", "upload", "hold", "--name", "cut.wav")...)
	upload.Env = append(os.Environ(), "SSH_ASKPASS="+m.askpass, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0", "SIPDESK_E2E_PASSWORD="+m.password)
	stdin, err := upload.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stderr := &syncBuffer{}
	upload.Stderr = stderr
	if err := upload.Start(); err != nil {
		t.Fatal(err)
	}
	uploadDone := make(chan error, 1)
	go func() { uploadDone <- upload.Wait() }()
	t.Cleanup(func() { _ = upload.Process.Kill() })
	// Half a file, and the stream stays open: an upload in flight.
	if _, err := stdin.Write(wavOfSize(200_000)[:64_000]); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the upload's stderr: %q", stderr.String())
		}
	})
	waitFor(t, "the upload to start", func() bool { return strings.Contains(stderr.String(), "Licence:") })

	_ = p.cmd.Process.Signal(syscall.SIGTERM)

	tui.expect("the portal is restarting, reconnect in a moment")
	if code := tui.exitCode(); code != exitEnded {
		t.Fatalf("TUI exit %d, want %d", code, exitEnded)
	}
	wantTerminalRestored(t, tui, "the portal is restarting, reconnect in a moment")

	select {
	case err := <-uploadDone:
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != exitEnded {
			t.Fatalf("upload ended with %v, want exit %d:\n%s", err, exitEnded, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("the upload was not ended:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "the portal is restarting, reconnect in a moment") {
		t.Fatalf("the upload was not told why:\n%s", stderr.String())
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("sipdesk exit: %v\n%s", err, p.logs.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("sipdesk did not stop:\n%s", p.logs.String())
	}
	if strings.Contains(p.logs.String(), "database is closed") {
		t.Fatalf("the store was closed under a session:\n%s", p.logs.String())
	}
	svc := openService(t, dir)
	acct, err := db.AccountByUserID(context.Background(), svc.DB, m.user)
	if err != nil {
		t.Fatal(err)
	}
	slots, err := svc.MusicStatus(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	var refusal *portal.MusicRefusal
	for _, s := range slots {
		if s.Kind == portal.MusicHold {
			refusal = s.LastRefusal
		}
	}
	if refusal == nil || refusal.Name != "cut.wav" {
		t.Fatalf("the cut upload's refusal was not stored: %+v\n%s", slots, p.logs.String())
	}
}

// Issue 13.6: with only TUIs open (the portal's and the forgot-password
// form), SIGTERM does not wait for the shutdown timeout (an hour here):
// they are ended at once, each told why, and the server stops.
func TestE2ESIGTERMWithOnlyTUIsStopsAtOnce(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--shutdown-timeout", "1h")
	user, password := p.demo(t)
	tui := loginTUI(t, p, user, password)
	form := openTerminal(t, sshArgs(p, "", "forgot@127.0.0.1")...)
	form.expect("Forgot your password?")
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	for name, term := range map[string]*terminal{"TUI": tui, "forgot form": form} {
		term.expect("the portal is restarting, reconnect in a moment")
		if code := term.exitCode(); code != exitEnded {
			t.Fatalf("%s exit %d, want %d", name, code, exitEnded)
		}
		wantTerminalRestored(t, term, "the portal is restarting, reconnect in a moment")
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("sipdesk exit: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("sipdesk waited for the shutdown timeout:\n%s", p.logs.String())
	}
}

// Issue 13.7: an idle session is closed through the session: the reason,
// an exit status, and the terminal restored (not ssh's exit 255).
func TestE2EIdleTimeoutTellsTheReason(t *testing.T) {
	// Runs alone: the 2 s idle timer counts from the login's end (the
	// server's hashing is not idleness), so a first screen slowed by
	// parallel tests would trip it.
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--idle-timeout", "2s")
	user, password := p.demo(t)
	tui := loginTUI(t, p, user, password)
	form := openTerminal(t, sshArgs(p, "", "forgot@127.0.0.1")...)
	for name, term := range map[string]*terminal{"TUI": tui, "forgot form": form} {
		term.expect("the session was closed after 2s without activity")
		if code := term.exitCode(); code != exitEnded {
			t.Fatalf("%s exit %d, want %d:\n%s", name, code, exitEnded, term.screen())
		}
		wantTerminalRestored(t, term, "the session was closed after 2s without activity")
	}
}

// waitFor is waitUntil with a minute: shutdown waits for uploads and
// workers, which take longer under the race detector.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitWithin(t, time.Minute, what, cond)
}
