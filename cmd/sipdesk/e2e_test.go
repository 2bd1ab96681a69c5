package main

// End-to-end tests: the real sipdesk binary, the real OpenSSH client in a
// pseudo-terminal, asserting on what a user sees.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sipdesk-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "sipdesk")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build sipdesk:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// requireSSH finds the OpenSSH client; CI must have it.
func requireSSH(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ssh")
	if err != nil {
		if dbtest.InCI() {
			t.Fatal("the OpenSSH client (ssh) is required in CI")
		}
		fmt.Fprintln(os.Stderr, "\n*** SKIPPING end-to-end tests: no OpenSSH client (ssh) on PATH ***")
		t.Skip("SKIPPED: no ssh binary")
	}
	return path
}

// portal is a running sipdesk serve process.
type serverProc struct {
	cmd     *exec.Cmd
	dataDir string
	port    string            // the first portal's port
	ports   map[string]string // port by region (CH, AT)
	logs    *syncBuffer
	done    chan error
}

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

var listenRe = regexp.MustCompile(`msg="portal listening" region=(\w+) addr=127\.0\.0\.1:(\d+)`)

// startPortal runs `sipdesk serve` on a random port with dataDir.
func startPortal(t *testing.T, dataDir string, args ...string) *serverProc {
	t.Helper()
	all := append([]string{"serve", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0"}, args...)
	cmd := exec.Command(binary, all...)
	cmd.Env = append(os.Environ(), "SIPDESK_LOG_LEVEL=info")
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProc{cmd: cmd, dataDir: dataDir, logs: logs, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		p.stop(t)
		if t.Failed() { // what the server saw, for a failure in CI
			t.Logf("sipdesk log (%s):\n%s", dataDir, tailLines(logs.String(), 80))
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if all := listenRe.FindAllStringSubmatch(logs.String(), -1); len(all) >= wantListeners(args) {
			p.port = all[0][2]
			p.ports = map[string]string{}
			for _, m := range all {
				p.ports[m[1]] = m[2]
			}
			return p
		}
		select {
		case err := <-p.done:
			t.Fatalf("sipdesk exited: %v\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("sipdesk did not start listening:\n%s", logs.String())
	return nil
}

// tailLines is the last n lines of s.
func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// wantListeners counts the portals a command line asks for.
func wantListeners(args []string) int {
	n := 1
	for _, a := range args {
		if a == "--listen" {
			n++
		}
	}
	return n
}

// stop sends SIGTERM and waits for a clean exit.
func (p *serverProc) stop(t *testing.T) {
	select {
	case err := <-p.done: // exited already (read through the channel: the
		p.done <- err // waiting goroutine owns cmd.ProcessState)
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Errorf("sipdesk exit after SIGTERM: %v\n%s", err, p.logs.String())
		}
	case <-time.After(40 * time.Second):
		// SIGQUIT makes the Go runtime print every goroutine: the log then
		// shows where the shutdown waits.
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			_ = p.cmd.Process.Kill()
		}
		t.Errorf("sipdesk did not stop within 40 s of SIGTERM; its log and goroutines:\n%s", p.logs.String())
	}
}

var demoRe = regexp.MustCompile(`demo customer created.* user=(\S+) password=(\S+)`)

func (p *serverProc) demo(t *testing.T) (user, password string) {
	t.Helper()
	m := demoRe.FindStringSubmatch(p.logs.String())
	if m == nil {
		t.Fatalf("no demo account in the log:\n%s", p.logs.String())
	}
	return m[1], m[2]
}

// terminal is an OpenSSH client running in a pseudo-terminal.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
	// drained is closed when everything ssh wrote has been read.
	drained chan struct{}
	mark    int // length of out at the last send

}

func sshArgs(p *serverProc, knownHosts string, extra ...string) []string {
	if knownHosts == "" {
		knownHosts = "/dev/null"
	}
	args := []string{
		"-F", "/dev/null", // no user config
		"-p", p.port,
		"-o", "UserKnownHostsFile=" + knownHosts,
		"-o", "StrictHostKeyChecking=accept-new",
		"-o", "PubkeyAuthentication=no",
		"-o", "ConnectTimeout=10",
	}
	// The tests read English texts, as a client with LANG=en_GB.UTF-8
	// gets them; a test of another language passes its own SetEnv.
	lang := true
	for _, a := range extra {
		if strings.HasPrefix(a, "SetEnv=") {
			lang = false
		}
	}
	if lang {
		args = append(args, "-o", "SetEnv=LANG=en_GB.UTF-8")
	}
	return append(args, extra...)
}

// openTerminal starts ssh in a 100x30 pseudo-terminal.
func openTerminal(t *testing.T, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(requireSSH(t), args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 30})
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, cmd: cmd, pty: f, done: make(chan error, 1), drained: make(chan struct{})}
	go func() {
		defer close(term.drained)
		r := bufio.NewReader(f)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				term.mu.Lock()
				term.out.Write(buf[:n])
				term.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { term.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		f.Close()
	})
	return term
}

// ansiRe matches terminal control sequences (CSI and OSC), which a user does
// not read.
var ansiRe = regexp.MustCompile(`\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-B]|\r`)

// screen is everything the terminal printed, without control sequences.
func (term *terminal) screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return ansiRe.ReplaceAllString(term.out.String(), "")
}

// since is what the terminal printed after the last send, without control
// sequences: the answer to the last keys, not an older frame.
func (term *terminal) since() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return ansiRe.ReplaceAllString(string(term.out.Bytes()[term.mark:]), "")
}

// expectNew waits until the output since the last send contains every want.
func (term *terminal) expectNew(want ...string) {
	term.t.Helper()
	waitShowing(term.t, 20*time.Second, fmt.Sprintf("the terminal shows %q after the last keys", want),
		func() bool { return containsAll(term.since(), want) }, term.since)
}

// containsAll says whether s contains every want.
func containsAll(s string, want []string) bool {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func (term *terminal) setMark() {
	term.mu.Lock()
	term.mark = term.out.Len()
	term.mu.Unlock()
}

// expect waits until the output contains every want.
func (term *terminal) expect(want ...string) {
	term.t.Helper()
	waitShowing(term.t, 20*time.Second, fmt.Sprintf("the terminal shows %q", want),
		func() bool { return containsAll(term.screen(), want) }, term.screen)
}

func (term *terminal) typeLine(s string) {
	term.t.Helper()
	term.setMark()
	if _, err := io.WriteString(term.pty, s+"\r"); err != nil {
		term.t.Fatal(err)
	}
}

func (term *terminal) send(s string) {
	term.t.Helper()
	term.setMark()
	if _, err := io.WriteString(term.pty, s); err != nil {
		term.t.Fatal(err)
	}
}

// exitCode waits for ssh to end.
func (term *terminal) exitCode() int {
	term.t.Helper()
	select {
	case err := <-term.done:
		select {
		case <-term.drained:
		case <-time.After(5 * time.Second):
		}
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			term.t.Fatal(err)
		}
		return 0
	case <-time.After(20 * time.Second):
		term.t.Fatalf("ssh did not exit; screen:\n%s", term.screen())
		return -1
	}
}

func TestE2EDemoLoginShowsTheDashboard(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, password := p.demo(t)

	term := loginTUI(t, p, user, password)
	term.expect("Dashboard", "+41 44 123 45 67", "Virtual PBX", "+41 44 555 01 99", "Microsoft Teams")
	term.send("q")
	if code := term.exitCode(); code != 0 {
		t.Fatalf("ssh exit %d after q", code)
	}
}

func TestE2EWrongPasswordAndUnknownUserGetTheSameRefusal(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, _ := p.demo(t)
	refusal := func(login string) string {
		term := openTerminal(t, sshArgs(p, "", "-o", "NumberOfPasswordPrompts=1", "-o", "PreferredAuthentications=keyboard-interactive", login+"@127.0.0.1", "whoami")...)
		term.expect("Password:")
		term.typeLine("Wrong-password-1")
		if code := term.exitCode(); code != 255 {
			t.Fatalf("%s: ssh exit %d, want 255", login, code)
		}
		// What the user sees after typing the password, minus the echo of
		// their own user name.
		s := term.screen()
		s = s[strings.Index(s, "Password:"):]
		return strings.ReplaceAll(s, login, "USER")
	}
	wrong, unknown := refusal(user), refusal("nobody@example.ch")
	if !strings.Contains(wrong, "Permission denied") || wrong != unknown {
		t.Fatalf("wrong password shows:\n%q\nunknown user shows:\n%q", wrong, unknown)
	}
}

func TestE2ERestartKeepsHostKeyAndData(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dataDir := t.TempDir()
	knownHosts := filepath.Join(t.TempDir(), "known_hosts")
	p := startPortal(t, dataDir)
	user, password := p.demo(t)
	login := func(p *serverProc) {
		term := openTerminal(t, sshArgs(p, knownHosts, "-o", "StrictHostKeyChecking=yes", user+"@127.0.0.1", "numbers")...)
		term.expect("Password:")
		term.typeLine(password)
		term.expect("+41 44 123 45 67")
		if code := term.exitCode(); code != 0 {
			t.Fatalf("ssh exit %d:\n%s", code, term.screen())
		}
	}
	// Pin the host key on the first connection.
	first := openTerminal(t, sshArgs(p, knownHosts, user+"@127.0.0.1", "numbers")...)
	first.expect("Password:")
	first.typeLine(password)
	first.expect("+41 44 123 45 67")
	first.exitCode()

	p.stop(t)
	// Same port is not guaranteed, so rewrite the pinned entry's port.
	p2 := startPortal(t, dataDir)
	if strings.Contains(p2.logs.String(), "demo customer created") {
		t.Fatal("a restart seeded a second demo account")
	}
	kh, err := os.ReadFile(knownHosts)
	if err != nil {
		t.Fatal(err)
	}
	kh = bytes.ReplaceAll(kh, []byte("]:"+p.port+" "), []byte("]:"+p2.port+" "))
	if err := os.WriteFile(knownHosts, kh, 0o600); err != nil {
		t.Fatal(err)
	}
	// StrictHostKeyChecking=yes: a changed host key would fail here.
	login(p2)
}

func TestE2EPostgresBehavesTheSame(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dsn := dbtest.NewPostgresDatabase(t)
	p := startPortal(t, t.TempDir(), "--database-url", dsn)
	if !strings.Contains(p.logs.String(), "dialect=postgres") {
		t.Fatalf("not on Postgres:\n%s", p.logs.String())
	}
	user, password := p.demo(t)
	term := loginTUI(t, p, user, password)
	term.expect("+41 44 123 45 67", "Virtual PBX", "Microsoft Teams")
	term.send("q")
	if code := term.exitCode(); code != 0 {
		t.Fatalf("ssh exit %d", code)
	}
}

func TestE2ENeitherTerminalNorCommand(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, password := p.demo(t)
	// -T: no pseudo-terminal, and no command.
	term := openTerminal(t, sshArgs(p, "", "-T", user+"@127.0.0.1")...)
	term.expect("Password:")
	term.typeLine(password)
	term.expect("the portal needs a terminal")
	if code := term.exitCode(); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
}

func TestE2EOldCustomerNumberHint(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	term := openTerminal(t, sshArgs(p, "", "-o", "NumberOfPasswordPrompts=1", "12345@127.0.0.1", "whoami")...)
	// The hint in the region's language and in English, then the end:
	// no password prompt follows that could not work anyway.
	term.expect("Kundennummer", "The old 4- or 5-digit customer number no longer works")
	if code := term.exitCode(); code != 255 {
		t.Fatalf("exit %d, want 255", code)
	}
	if s := term.screen(); strings.Contains(strings.ToLower(s), "password:") {
		t.Fatalf("a password prompt after the hint:\n%s", s)
	}
}

func TestE2EShutdownOnSIGTERM(t *testing.T) {
	t.Parallel()
	p := startPortal(t, t.TempDir())
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("exit status %v", err)
		}
	case <-ctx.Done():
		t.Fatal("no exit after SIGTERM")
	}
	if !strings.Contains(p.logs.String(), "msg=stopped") {
		t.Fatalf("no clean stop in the log:\n%s", p.logs.String())
	}
}
