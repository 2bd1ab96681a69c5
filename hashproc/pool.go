package hashproc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sipdesk/sipdesk/portal"
)

// Options describe the workers of a Pool.
type Options struct {
	// Path and Args start one worker: the server's own binary
	// (os.Executable) and its hidden subcommand that calls RunWorker.
	Path string
	Args []string
	// Workers is the number of child processes; the portal's Hasher
	// sends at most its --hash-workers requests at once.
	Workers int
	// Nice is the workers' nice level, 1..19 (default 19).
	Nice int
	// Timeout bounds the CPU time of one request; a worker that overruns
	// it is killed and replaced (default 10 s, hundreds of times one
	// hash). CPU time, not the wall clock: a worker at nice 19 on a busy
	// machine waits for a CPU far longer than it computes, and a login
	// must then wait, not fail. The wall clock is bounded too, at
	// wallFactor times Timeout.
	Timeout time.Duration
}

// Pool is a fixed set of worker processes; it implements
// portal.HashBackend. A worker that dies or overruns is replaced and its
// request fails with portal.ErrUnavailable.
type Pool struct {
	opt  Options
	idle chan *worker // nil: a slot whose worker must be started

	mu     sync.Mutex
	live   map[*worker]struct{}
	closed bool
}

type worker struct {
	cmd    *exec.Cmd
	in     *bufio.Writer
	stdin  io.Closer
	out    *bufio.Reader
	exited chan struct{}
	// next is the worker started when this one exited, set before
	// replaced closes; nil if none could be started (or the pool closed).
	next     *worker
	replaced chan struct{}
}

// Start starts o.Workers worker processes.
func Start(o Options) (*Pool, error) {
	if o.Workers < 1 {
		o.Workers = 1
	}
	if o.Nice <= 0 || o.Nice > 19 {
		o.Nice = 19
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	p := &Pool{opt: o, idle: make(chan *worker, o.Workers), live: map[*worker]struct{}{}}
	for range o.Workers {
		w, err := p.spawn()
		if err != nil {
			p.Close()
			return nil, err
		}
		p.idle <- w
	}
	return p, nil
}

func (p *Pool) spawn() (*worker, error) {
	cmd := exec.Command(p.opt.Path, p.opt.Args...)
	cmd.Env = append(os.Environ(), NiceEnv+"="+strconv.Itoa(p.opt.Nice))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("start hash worker: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start hash worker: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errors.New("hash workers stopped")
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start hash worker %s: %w", p.opt.Path, err)
	}
	// The worker lowers all its threads itself; this covers its main
	// thread from the first instant.
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, p.opt.Nice)
	w := &worker{cmd: cmd, in: bufio.NewWriter(stdin), stdin: stdin, out: bufio.NewReader(stdout),
		exited: make(chan struct{}), replaced: make(chan struct{})}
	go p.watch(w)
	p.live[w] = struct{}{}
	return w, nil
}

// watch replaces w as soon as it exits, whether it was idle or working,
// so the pool keeps its number of workers.
func (p *Pool) watch(w *worker) {
	_ = w.cmd.Wait()
	close(w.exited)
	p.mu.Lock()
	delete(p.live, w)
	p.mu.Unlock()
	if next, err := p.spawn(); err == nil {
		w.next = next
	}
	close(w.replaced)
}

// take returns an idle worker: the replacement of one that died, or a
// fresh one for a slot left empty.
func (p *Pool) take(ctx context.Context) (*worker, error) {
	var w *worker
	select {
	case w = <-p.idle:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	for w != nil {
		select {
		case <-w.exited:
			<-w.replaced
			w = w.next
		default:
			return w, nil
		}
	}
	w, err := p.spawn()
	if err != nil {
		p.idle <- nil
		return nil, unavailable(err)
	}
	return w, nil
}

func (p *Pool) do(ctx context.Context, req request) (response, error) {
	if len(req.Password) > MaxPassword || len(req.Encoded) > MaxEncoded {
		return response{}, ErrTooLong
	}
	w, err := p.take(ctx)
	if err != nil {
		return response{}, err
	}
	resp, err := p.ask(w, req)
	if errors.Is(err, errWorkerDied) {
		// Killed from outside (the OOM killer, an operator) just before
		// or while it worked, or found dead before watch saw it: the
		// request is idempotent, so the replacement, started after the
		// death, gets it once. A second death is the caller's error.
		<-w.replaced
		if w.next != nil {
			w = w.next
			resp, err = p.ask(w, req)
		}
	}
	p.idle <- w
	if err != nil {
		return response{}, unavailable(err)
	}
	return resp, nil
}

// errWorkerDied marks a request whose worker ended before answering,
// other than by the pool's own deadline.
var errWorkerDied = errors.New("worker ended without answering")

// ask sends req to w and reads the answer. On any failure w is ended
// (the stream is out of step) and has exited when ask returns; watch
// replaces it.
func (p *Pool) ask(w *worker, req request) (response, error) {
	// The deadline kills the worker: a stuck hash must not hold a slot.
	stop := make(chan struct{})
	overran := make(chan struct{})
	go p.deadline(w, stop, overran)
	var resp response
	err := writeFrame(w.in, req)
	if err == nil {
		err = readFrame(w.out, &resp)
	}
	close(stop)
	if isClosed(overran) {
		err = fmt.Errorf("no answer within %s of CPU time", p.opt.Timeout)
	} else if err != nil {
		err = fmt.Errorf("%w: %v", errWorkerDied, err)
	}
	if err != nil {
		_ = w.cmd.Process.Kill()
		<-w.exited
		// A buffered writer keeps its error; the replacement has its own.
		return response{}, err
	}
	return resp, nil
}

// wallFactor bounds a request's wall-clock time as a multiple of Timeout,
// for a worker whose CPU time cannot be read.
const wallFactor = 10

// deadline kills w and closes overran once the request has used Timeout
// of CPU time, or wallFactor times Timeout of wall time; it returns when
// stop is closed.
func (p *Pool) deadline(w *worker, stop <-chan struct{}, overran chan<- struct{}) {
	pid := w.cmd.Process.Pid
	base, cpuOK := cpuTime(pid)
	start := time.Now()
	tick := time.NewTicker(min(p.opt.Timeout/10, 200*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		used, ok := cpuTime(pid)
		wall := time.Since(start)
		if cpuOK && ok && used-base > p.opt.Timeout || (!cpuOK || !ok) && wall > p.opt.Timeout || wall > wallFactor*p.opt.Timeout {
			close(overran)
			_ = w.cmd.Process.Kill()
			return
		}
	}
}

// cpuTime is the CPU time (user and system, all threads) process pid has
// used, from /proc/PID/stat; false where it cannot be read.
func cpuTime(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: count from its end.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14 of proc(5)
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / userHZ, true
}

// userHZ is the unit of /proc's CPU times: USER_HZ, 100 on every Linux
// architecture Go builds for.
const userHZ = 100

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func unavailable(err error) error {
	return fmt.Errorf("%w (hash worker: %v)", portal.ErrUnavailable, err)
}

// Verify reports whether password matches the PHC string encoded.
func (p *Pool) Verify(ctx context.Context, encoded, password string) (bool, error) {
	resp, err := p.do(ctx, request{Op: opVerify, Encoded: encoded, Password: []byte(password)})
	if err != nil {
		return false, err
	}
	if resp.Error != "" {
		return false, errors.New(resp.Error)
	}
	return resp.OK, nil
}

// Hash returns the PHC string of password with a fresh salt and params.
func (p *Pool) Hash(ctx context.Context, password string, params portal.Argon2Params) (string, error) {
	resp, err := p.do(ctx, request{Op: opHash, Password: []byte(password), Params: params})
	if err != nil {
		return "", err
	}
	if resp.Error != "" {
		return "", errors.New(resp.Error)
	}
	return resp.Hash, nil
}

// PIDs returns the process IDs of the running workers (for tests and
// measurements).
func (p *Pool) PIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pids []int
	for w := range p.live {
		pids = append(pids, w.cmd.Process.Pid)
	}
	return pids
}

// Close stops every worker; requests under way fail as unavailable.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	ws := make([]*worker, 0, len(p.live))
	for w := range p.live {
		ws = append(ws, w)
	}
	p.mu.Unlock()
	for _, w := range ws {
		_ = w.stdin.Close() // a worker ends on EOF; all of them at once
	}
	for _, w := range ws {
		select {
		case <-w.exited:
		case <-time.After(2 * time.Second):
			_ = w.cmd.Process.Kill()
			<-w.exited
		}
	}
}
