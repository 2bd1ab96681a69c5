package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// hashWorkers returns the server's `hash-worker` children. Linux lists a
// child under the thread that started it, so every thread is read.
func hashWorkers(t *testing.T, server int) []int {
	t.Helper()
	files, _ := filepath.Glob("/proc/" + strconv.Itoa(server) + "/task/*/children")
	var out []int
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, field := range strings.Fields(string(b)) {
			pid, _ := strconv.Atoi(field)
			cmdline, _ := os.ReadFile("/proc/" + field + "/cmdline")
			if bytes.Contains(cmdline, []byte("hash-worker")) {
				out = append(out, pid)
			}
		}
	}
	return out
}

// threadNices returns the nice value of every thread of pid.
func threadNices(pid int) []int {
	dirs, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/stat")
	var out []int
	for _, d := range dirs {
		stat, err := os.ReadFile(d)
		if err != nil {
			continue
		}
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		n, _ := strconv.Atoi(f[16]) // proc(5) field 19, counted after the name
		out = append(out, n)
	}
	return out
}

func gone(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return errors.Is(err, os.ErrNotExist)
}

// serve hashes in worker processes at nice 19 by default; a killed
// worker is replaced without the next login noticing; SIGTERM ends them.
func TestE2EPasswordsAreHashedInLowPriorityWorkers(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--hash-workers", "2")
	user, password := p.demo(t)
	workers := hashWorkers(t, p.cmd.Process.Pid)
	if len(workers) != 2 {
		t.Fatalf("hash workers %v, want 2", workers)
	}
	term := loginTUI(t, p, user, password) // the first hash: the workers have lowered themselves
	term.send("q")
	_ = term.exitCode()
	for _, w := range workers {
		for _, n := range threadNices(w) {
			if n != hashWorkerNice {
				t.Fatalf("worker %d has a thread at nice %d: %v", w, n, threadNices(w))
			}
		}
	}
	for _, w := range workers {
		if err := syscall.Kill(w, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range workers {
		waitUntil(t, "the killed hash worker is reaped", func() bool { return gone(w) })
	}
	term = loginTUI(t, p, user, password)
	term.send("q")
	_ = term.exitCode()
	replaced := hashWorkers(t, p.cmd.Process.Pid)
	if len(replaced) != 2 {
		t.Fatalf("hash workers after the kill: %v", replaced)
	}
	p.stop(t)
	for _, w := range replaced {
		if !gone(w) {
			t.Errorf("hash worker %d outlived the server", w)
		}
	}
}

// With --hash-processes=false the server hashes itself, as before.
func TestE2EHashProcessesOffStartsNoWorkers(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--hash-processes=false")
	user, password := p.demo(t)
	term := loginTUI(t, p, user, password)
	term.send("q")
	_ = term.exitCode()
	if w := hashWorkers(t, p.cmd.Process.Pid); len(w) != 0 {
		t.Fatalf("hash workers with --hash-processes=false: %v", w)
	}
}
