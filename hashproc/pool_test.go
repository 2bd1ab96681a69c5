package hashproc_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/hashproc"
	"github.com/sipdesk/sipdesk/portal"
)

// The test binary is its own hash worker, as sipdesk is in production:
// started with the nice level in its environment, it serves instead of
// running the tests.
func TestMain(m *testing.M) {
	if os.Getenv(hashproc.NiceEnv) != "" {
		if err := hashproc.RunWorker(); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var cheap = portal.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}

func startPool(t *testing.T, workers int, timeout time.Duration) *hashproc.Pool {
	t.Helper()
	p, err := hashproc.Start(hashproc.Options{Path: os.Args[0], Workers: workers, Nice: 15, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func TestWorkersHashAndVerifyRightAndWrong(t *testing.T) {
	t.Parallel()
	p := startPool(t, 2, 0)
	ctx := context.Background()
	h, err := p.Hash(ctx, "Sunshine-2026\xff", cheap) // not UTF-8: must arrive byte for byte
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q %v", h, err)
	}
	if ok, err := portal.VerifyLocal(h, "Sunshine-2026\xff"); !ok || err != nil {
		t.Fatalf("the worker's hash does not verify here: %v %v", ok, err)
	}
	if ok, err := p.Verify(ctx, h, "Sunshine-2026\xff"); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, err := p.Verify(ctx, h, "Sunshine-2026"); ok || err != nil {
		t.Fatalf("wrong password: %v %v", ok, err)
	}
	if _, err := p.Verify(ctx, "$bcrypt$x", "pw"); err == nil || errors.Is(err, portal.ErrUnavailable) {
		t.Fatalf("malformed hash: want the input's error, got %v", err)
	}
}

// niceOf returns the nice value of every thread of pid.
func niceOf(t *testing.T, pid int) []int {
	t.Helper()
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, task := range tasks {
		stat, err := os.ReadFile(dir + "/" + task.Name() + "/stat")
		if err != nil {
			continue // the thread ended
		}
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		n, _ := strconv.Atoi(f[16]) // field 19 of proc(5), counted after the name
		out = append(out, n)
	}
	return out
}

func TestEveryWorkerThreadRunsAtTheLowerPriority(t *testing.T) {
	t.Parallel()
	p := startPool(t, 2, 0)
	for range 4 { // every worker has answered once, so it has lowered itself
		if _, err := p.Hash(context.Background(), "pw", cheap); err != nil {
			t.Fatal(err)
		}
	}
	for _, pid := range p.PIDs() {
		for _, n := range niceOf(t, pid) {
			if n != 15 {
				t.Fatalf("worker %d has a thread at nice %d, want 15 (all: %v)", pid, n, niceOf(t, pid))
			}
		}
	}
}

// rssKiB is the resident memory of pid.
func rssKiB(pid int) int {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}

// killInsideHash waits until a worker other than skip holds the slow
// hash's memory (it is inside the hash), kills it and returns its PID.
func killInsideHash(t *testing.T, p *hashproc.Pool, skip int, done <-chan error) int {
	t.Helper()
	for {
		for _, pid := range p.PIDs() {
			if pid != skip && rssKiB(pid) >= 64*1024 {
				if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				return pid
			}
		}
		select {
		case err := <-done:
			t.Fatalf("the slow hash ended before the kill: %v", err)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// A worker killed from outside while it hashes (the OOM killer, an
// operator) costs the request nothing: its replacement answers it. A
// replacement killed too fails the request; it is not tried a third time.
func TestAKilledWorkersRequestIsAnsweredByItsReplacementOnce(t *testing.T) {
	t.Parallel()
	p := startPool(t, 1, 0)
	slow := portal.Argon2Params{MemoryKiB: 128 * 1024, Time: 8, Threads: 1}
	done := make(chan error, 1)
	go func() {
		h, err := p.Hash(context.Background(), "pw", slow)
		if err == nil && !strings.HasPrefix(h, "$argon2id$v=19$m=131072,t=8,p=1$") {
			err = errors.New("unexpected hash " + h)
		}
		done <- err
	}()
	first := killInsideHash(t, p, 0, done)
	if err := <-done; err != nil {
		t.Fatalf("request of the killed worker: want the replacement's answer, got %v", err)
	}
	if pids := p.PIDs(); len(pids) != 1 || pids[0] == first {
		t.Fatalf("workers after the kill: %v (killed %d)", pids, first)
	}

	go func() { _, err := p.Hash(context.Background(), "pw", slow); done <- err }()
	second := killInsideHash(t, p, 0, done)
	killInsideHash(t, p, second, done)
	if err := <-done; !errors.Is(err, portal.ErrUnavailable) {
		t.Fatalf("worker and replacement killed: want ErrUnavailable, got %v", err)
	}
	h, err := p.Hash(context.Background(), "pw", cheap)
	if err != nil {
		t.Fatalf("after the kills: %v", err)
	}
	if ok, err := p.Verify(context.Background(), h, "pw"); !ok || err != nil {
		t.Fatalf("after the kills: %v %v", ok, err)
	}
}

func TestAWorkerOverItsDeadlineIsKilledAndReplaced(t *testing.T) {
	t.Parallel()
	// The deadline is far above a cheap hash at nice 15 on a busy machine,
	// far below the slow one (tens of seconds).
	p := startPool(t, 1, 2*time.Second)
	slow := portal.Argon2Params{MemoryKiB: 64 * 1024, Time: 1000, Threads: 1}
	if _, err := p.Hash(context.Background(), "pw", slow); !errors.Is(err, portal.ErrUnavailable) {
		t.Fatalf("overrun: want ErrUnavailable, got %v", err)
	}
	if _, err := p.Hash(context.Background(), "pw", cheap); err != nil {
		t.Fatalf("after the overrun: %v", err)
	}
}

func TestOversizedInputIsRefused(t *testing.T) {
	t.Parallel()
	p := startPool(t, 1, 0)
	long := strings.Repeat("x", hashproc.MaxPassword+1)
	if _, err := p.Hash(context.Background(), long, cheap); !errors.Is(err, hashproc.ErrTooLong) {
		t.Fatalf("long password: %v", err)
	}
	if _, err := p.Verify(context.Background(), "$argon2id$"+strings.Repeat("A", hashproc.MaxEncoded), "pw"); !errors.Is(err, hashproc.ErrTooLong) {
		t.Fatalf("long hash: %v", err)
	}
	if _, err := p.Hash(context.Background(), strings.Repeat("x", hashproc.MaxPassword), cheap); err != nil {
		t.Fatalf("longest password: %v", err)
	}
}

// A worker reads no message beyond the frame limit: a length of 1 GiB
// ends it at once with a clear error, without reading or allocating it.
func TestAWorkerRefusesAnOversizedFrame(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), hashproc.NiceEnv+"=19")
	cmd.Stdin = bytes.NewReader([]byte{0x40, 0, 0, 0})
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil || !strings.Contains(stderr.String(), "message of 1073741824 bytes refused") {
		t.Fatalf("oversized frame: %v, stderr %q", err, stderr.String())
	}
}

// A worker waiting for a CPU (at nice 19 on a busy machine) is not
// stuck: the deadline counts its CPU time, so a request whose worker is
// held longer than the deadline without computing is still answered.
// SIGSTOP holds it as a saturated machine would, only more so.
func TestAWorkerWaitingForACPUIsNotKilled(t *testing.T) {
	t.Parallel()
	p := startPool(t, 1, time.Second)
	pid := p.PIDs()[0]
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := p.Hash(context.Background(), "pw", cheap); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("the request ended while its worker was held: %v", err)
	case <-time.After(3 * time.Second): // three deadlines of wall time: the condition itself
	}
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("held worker: %v, want its answer", err)
	}
	if pids := p.PIDs(); len(pids) != 1 || pids[0] != pid {
		t.Fatalf("workers %v: the held worker %d was replaced", pids, pid)
	}
}
