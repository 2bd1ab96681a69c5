package hashproc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"

	"github.com/sipdesk/sipdesk/portal"
)

// NiceEnv carries the nice level from the server to a worker, which lowers
// all of its threads (see LowerPriority).
const NiceEnv = "HASHPROC_NICE"

// Serve is a worker's main loop: it answers requests from r on w, one at a
// time, until r ends (the server closed the pipe or died). A message that
// breaks the protocol (oversized, undecodable) ends it with an error: the
// stream can no longer be trusted, and the server starts a fresh worker.
func Serve(r io.Reader, w io.Writer) error {
	br, bw := bufio.NewReader(r), bufio.NewWriter(w)
	for {
		var req request
		if err := readFrame(br, &req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("hash worker: %w", err)
		}
		if err := writeFrame(bw, answer(req)); err != nil {
			return fmt.Errorf("hash worker: write answer: %w", err)
		}
	}
}

func answer(req request) response {
	if len(req.Password) > MaxPassword || len(req.Encoded) > MaxEncoded {
		return response{Error: ErrTooLong.Error()}
	}
	switch req.Op {
	case opVerify:
		ok, err := portal.VerifyLocal(req.Encoded, string(req.Password))
		if err != nil {
			return response{Error: err.Error()}
		}
		return response{OK: ok}
	case opHash:
		if req.Params.MemoryKiB == 0 || req.Params.Time == 0 || req.Params.Threads == 0 {
			return response{Error: "hash parameters missing"}
		}
		h, err := portal.HashLocal(req.Params, string(req.Password))
		if err != nil {
			return response{Error: err.Error()}
		}
		return response{Hash: h}
	default:
		return response{Error: fmt.Sprintf("unknown operation %q", req.Op)}
	}
}

// LowerPriority sets every thread of this process to nice n. Linux keeps
// the nice value per thread and a new thread inherits its creator's, so
// once the threads that exist now are lowered, the Go runtime's later
// threads start lowered too. The server lowers the worker's main thread
// as well; the runtime may have started others before that.
func LowerPriority(n int) error {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return syscall.Setpriority(syscall.PRIO_PROCESS, 0, n)
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := syscall.Setpriority(syscall.PRIO_PROCESS, tid, n); err != nil && !errors.Is(err, syscall.ESRCH) {
			return fmt.Errorf("lower the priority of thread %d: %w", tid, err)
		}
	}
	return nil
}

// RunWorker is the body of the hidden worker subcommand: it lowers this
// process's priority to the level the server passed and serves requests on
// stdin and stdout until the server closes them.
func RunWorker() error {
	nice, err := strconv.Atoi(os.Getenv(NiceEnv))
	if err != nil || nice < 1 || nice > 19 {
		return fmt.Errorf("hash worker: %s must be 1..19; this command is started by sipdesk serve", NiceEnv)
	}
	// Twice: a thread the runtime starts during the first pass from a
	// thread not yet lowered is caught by the second.
	for range 2 {
		if err := LowerPriority(nice); err != nil {
			return err
		}
	}
	return Serve(os.Stdin, os.Stdout)
}
