package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Screen texts the scenarios wait for: the header of every frame, and a
// line that only the help page (key 5) or only the dashboard (key 1) shows.
type markers struct {
	frame, help, dashboard string
}

func (m *markers) bind(fs *flag.FlagSet) {
	fs.StringVar(&m.frame, "frame-text", "signed in as", "text of the first TUI frame")
	fs.StringVar(&m.help, "help-text", "Cannot log in?", "text that appears when key 5 opens the help page")
	fs.StringVar(&m.dashboard, "dashboard-text", "Your phone numbers", "text that appears when key 1 opens the dashboard")
}

// sample is one measured operation.
type sample struct {
	a, b time.Duration // up to two latencies per operation
	err  error
}

// loop runs total operations on conc workers and returns their samples and
// the wall time.
func loop(ctx context.Context, total, conc int, op func(i int) sample) ([]sample, time.Duration) {
	var next atomic.Int64
	out := make([]sample, total)
	for i := range out {
		out[i].err = errNotRun // until it runs: an interrupted run counts only what ran
	}
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= total || ctx.Err() != nil {
					return
				}
				out[i] = op(i)
			}
		}()
	}
	wg.Wait()
	return out, time.Since(start)
}

var errNotRun = errors.New("not run (interrupted)")

// split returns the latencies of successful samples and the errors.
func split(s []sample) (a, b []time.Duration, errs []error) {
	for _, x := range s {
		if x.err == errNotRun {
			continue
		}
		if x.err != nil {
			errs = append(errs, x.err)
			continue
		}
		a, b = append(a, x.a), append(b, x.b)
	}
	return a, b, errs
}

func firstErrs(errs []error) string {
	if len(errs) == 0 {
		return ""
	}
	seen := map[string]int{}
	var order []string
	for _, e := range errs {
		k := e.Error()
		if seen[k] == 0 {
			order = append(order, k)
		}
		seen[k]++
	}
	var parts []string
	for i, k := range order {
		if i == 3 {
			break
		}
		parts = append(parts, fmt.Sprintf("%dx %s", seen[k], k))
	}
	return " errors: " + strings.Join(parts, "; ")
}

// cpuMeter reads the server's CPU time around a phase.
type cpuMeter struct {
	pid   int
	t0    time.Time
	cpu0  time.Duration
	valid bool
}

func startCPU(pid int) *cpuMeter {
	m := &cpuMeter{pid: pid, t0: time.Now()}
	if pid > 0 {
		if c, err := cpuTime(pid); err == nil {
			m.cpu0, m.valid = c, true
		}
	}
	return m
}

// percent is the server's CPU since start as a share of one core.
func (m *cpuMeter) percent() (float64, bool) {
	if !m.valid {
		return 0, false
	}
	c, err := cpuTime(m.pid)
	if err != nil {
		return 0, false
	}
	return 100 * float64(c-m.cpu0) / float64(time.Since(m.t0)), true
}

func runLogin(ctx context.Context, args []string) error {
	var c common
	fs := flag.NewFlagSet("login", flag.ExitOnError)
	c.bind(fs)
	fs.IntVar(&c.totp, "totp-accounts", 1500, "TOTP accounts to log in with (a code is good once per 30 s step)")
	n := fs.Int("logins", 300, "logins per run")
	conc := fs.Int("concurrency", 16, "clients logging in at once")
	_ = fs.Parse(args)
	if err := c.check(); err != nil {
		return err
	}
	set, err := ensureAccounts(ctx, &c, 0, c.totp)
	if err != nil {
		return err
	}
	d := newDialer(c.addr, c.sources)
	rep := newReport()
	for run := 1; run <= c.runs && ctx.Err() == nil; run++ {
		waits0 := set.totp.waits.Load()
		cpu := startCPU(c.pid)
		s, wall := loop(ctx, *n, *conc, func(int) sample {
			a, code, err := set.totp.take(ctx)
			if err != nil {
				return sample{err: err}
			}
			res, err := d.connect(ctx, a.user, c.password, func() string { return code }, 1)
			if err != nil {
				return sample{err: fmt.Errorf("%w %s", err, strings.TrimSpace(res.banner))}
			}
			_ = res.client.Close()
			return sample{a: res.authed.Sub(res.start)}
		})
		auth, _, errs := split(s)
		rate := float64(len(auth)) / wall.Seconds()
		cpuPct, _ := cpu.percent()
		fmt.Printf("run %d: %d password+TOTP logins in %s: %.1f logins/s, auth p50 %.1f ms p99 %.1f ms, server CPU %.0f%% of a core, pool waits %d%s\n",
			run, len(auth), wall.Round(time.Millisecond), rate, percentile(auth, 50), percentile(auth, 99), cpuPct,
			set.totp.waits.Load()-waits0, firstErrs(errs))
		rep.add("password+TOTP logins/s", "1/s", rate)
		rep.add("password+TOTP auth p50", "ms", percentile(auth, 50))
		rep.add("password+TOTP auth p99", "ms", percentile(auth, 99))
		rep.add("failed logins", "", float64(len(errs)))
	}
	rep.print(fmt.Sprintf("login: %d password+TOTP logins per run, %d at once", *n, *conc))
	return nil
}

func runExec(ctx context.Context, args []string) error {
	var c common
	fs := flag.NewFlagSet("exec", flag.ExitOnError)
	c.bind(fs)
	fs.IntVar(&c.accounts, "accounts", 200, "password accounts to log in with")
	n := fs.Int("execs", 300, "commands per run")
	conc := fs.Int("concurrency", 16, "clients at once")
	_ = fs.Parse(args)
	if err := c.check(); err != nil {
		return err
	}
	set, err := ensureAccounts(ctx, &c, c.accounts, 0)
	if err != nil {
		return err
	}
	d := newDialer(c.addr, c.sources)
	rep := newReport()
	for run := 1; run <= c.runs && ctx.Err() == nil; run++ {
		s, wall := loop(ctx, *n, *conc, func(i int) sample {
			a := set.plain[i%len(set.plain)]
			res, err := d.connect(ctx, a.user, c.password, nil, 1)
			if err != nil {
				return sample{err: fmt.Errorf("%w %s", err, strings.TrimSpace(res.banner))}
			}
			defer res.client.Close()
			sess, err := res.client.NewSession()
			if err != nil {
				return sample{err: err}
			}
			out, err := sess.Output("whoami")
			if err != nil || !strings.Contains(string(out), a.user) {
				return sample{err: fmt.Errorf("whoami: %q %v", out, err)}
			}
			return sample{a: res.authed.Sub(res.start), b: time.Since(res.start)}
		})
		auth, total, errs := split(s)
		rate := float64(len(auth)) / wall.Seconds()
		fmt.Printf("run %d: %d whoami in %s: %.1f/s, auth p50 %.1f ms p99 %.1f ms, total p50 %.1f ms p99 %.1f ms%s\n",
			run, len(auth), wall.Round(time.Millisecond), rate, percentile(auth, 50), percentile(auth, 99),
			percentile(total, 50), percentile(total, 99), firstErrs(errs))
		rep.add("exec whoami/s", "1/s", rate)
		rep.add("exec auth p50", "ms", percentile(auth, 50))
		rep.add("exec auth p99", "ms", percentile(auth, 99))
		rep.add("exec total p50", "ms", percentile(total, 50))
		rep.add("exec total p99", "ms", percentile(total, 99))
		rep.add("failed execs", "", float64(len(errs)))
	}
	rep.print(fmt.Sprintf("exec: %d whoami per run, %d at once", *n, *conc))
	return nil
}

// openFrame logs in, opens the TUI and waits for its first frame. It
// returns the session and two latencies: from before the TCP connect and
// from the accepted login to the arrival of the frame.
func openFrame(ctx context.Context, d *dialer, user, password, frame string) (*tuiSession, sample) {
	res, err := d.connect(ctx, user, password, nil, 1)
	if err != nil {
		return nil, sample{err: fmt.Errorf("%w %s", err, strings.TrimSpace(res.banner))}
	}
	t, err := openTUI(res.client, frame)
	if err != nil {
		_ = res.client.Close()
		return nil, sample{err: err}
	}
	at, err := t.wait(30 * time.Second)
	if err != nil {
		t.close()
		return nil, sample{err: err}
	}
	return t, sample{a: at.Sub(res.start), b: at.Sub(res.authed)}
}

func runTUI(ctx context.Context, args []string) error {
	var c common
	var m markers
	fs := flag.NewFlagSet("tui", flag.ExitOnError)
	c.bind(fs)
	m.bind(fs)
	fs.IntVar(&c.accounts, "accounts", 200, "password accounts to log in with")
	n := fs.Int("sessions", 64, "sessions per run")
	par := fs.Int("parallel", 8, "sessions starting at once")
	_ = fs.Parse(args)
	if err := c.check(); err != nil {
		return err
	}
	set, err := ensureAccounts(ctx, &c, c.accounts, 0)
	if err != nil {
		return err
	}
	d := newDialer(c.addr, c.sources)
	rep := newReport()
	for run := 1; run <= c.runs && ctx.Err() == nil; run++ {
		s, wall := loop(ctx, *n, *par, func(i int) sample {
			t, s := openFrame(ctx, d, set.plain[i%len(set.plain)].user, c.password, m.frame)
			if t != nil {
				t.close()
			}
			return s
		})
		full, after, errs := split(s)
		fmt.Printf("run %d: %d sessions (%d at once) in %s: %.1f sessions/s; connect->first frame p50 %.1f ms p99 %.1f ms; login accepted->first frame p50 %.1f ms p99 %.1f ms%s\n",
			run, len(full), *par, wall.Round(time.Millisecond), float64(len(full))/wall.Seconds(),
			percentile(full, 50), percentile(full, 99), percentile(after, 50), percentile(after, 99), firstErrs(errs))
		rep.add("TUI sessions set up/s", "1/s", float64(len(full))/wall.Seconds())
		rep.add("connect->first frame p50", "ms", percentile(full, 50))
		rep.add("connect->first frame p99", "ms", percentile(full, 99))
		rep.add("login accepted->first frame p50", "ms", percentile(after, 50))
		rep.add("login accepted->first frame p99", "ms", percentile(after, 99))
		rep.add("failed sessions", "", float64(len(errs)))
	}
	rep.print(fmt.Sprintf("tui: %d sessions per run, %d starting at once", *n, *par))
	return nil
}

// keypresses makes each of the sessions switch pages like a person: key 5
// (help), then key 1 (dashboard), with think time between, and returns the
// latency from each key to the arrival of the changed page.
func keypresses(ctx context.Context, sessions []*tuiSession, presses int, think time.Duration, m markers, stop <-chan struct{}) ([]time.Duration, []error) {
	var mu sync.Mutex
	var lat []time.Duration
	var errs []error
	var wg sync.WaitGroup
	for i, t := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Spread the first keys over one think time.
			time.Sleep(think * time.Duration(i) / time.Duration(len(sessions)))
			for k := 0; presses <= 0 || k < presses; k++ {
				select {
				case <-ctx.Done():
					return
				case <-stop:
					return
				default:
				}
				key, want := "5", m.help
				if k%2 == 1 {
					key, want = "1", m.dashboard
				}
				sent, err := t.press(key, want)
				var at time.Time
				if err == nil {
					at, err = t.wait(10 * time.Second)
				}
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					lat = append(lat, at.Sub(sent))
				}
				mu.Unlock()
				if err != nil {
					return
				}
				// Jitter the pause: a fixed one would lock the keys into
				// phase with a renderer's ticker and measure only one point
				// of its frame interval.
				time.Sleep(think/2 + time.Duration(mrand.Int64N(int64(think)+1)))
			}
		}()
	}
	wg.Wait()
	return lat, errs
}

// spread picks k sessions evenly from all.
func spread(all []*tuiSession, k int) []*tuiSession {
	k = min(k, len(all))
	out := make([]*tuiSession, 0, k)
	for i := range k {
		out = append(out, all[i*len(all)/k])
	}
	return out
}

// openMany opens n TUI sessions, conc at a time, each waiting for its
// first frame.
func openMany(ctx context.Context, d *dialer, set *accountSet, n, conc int, frame string) ([]*tuiSession, []sample, time.Duration) {
	sessions := make([]*tuiSession, n)
	s, wall := loop(ctx, n, conc, func(i int) sample {
		t, s := openFrame(ctx, d, set.plain[i%len(set.plain)].user, set.password, frame)
		sessions[i] = t
		return s
	})
	var held []*tuiSession
	for _, t := range sessions {
		if t != nil {
			held = append(held, t)
		}
	}
	return held, s, wall
}

func closeAll(sessions []*tuiSession) {
	var wg sync.WaitGroup
	for _, t := range sessions {
		wg.Add(1)
		go func() { defer wg.Done(); t.close() }()
	}
	wg.Wait()
}

func runHold(ctx context.Context, args []string) error {
	var c common
	var m markers
	fs := flag.NewFlagSet("hold", flag.ExitOnError)
	c.bind(fs)
	m.bind(fs)
	n := fs.Int("sessions", 1000, "idle TUI sessions to hold (one account each)")
	conc := fs.Int("concurrency", 16, "sessions set up at once")
	settle := fs.Duration("settle", 20*time.Second, "wait after the last session opened before measuring")
	window := fs.Duration("idle-window", 60*time.Second, "how long to measure the server's CPU while every session is idle")
	kSess := fs.Int("keypress-sessions", 50, "sessions that switch pages while the others stay idle")
	presses := fs.Int("keypresses", 20, "keys each of them presses")
	think := fs.Duration("think", 200*time.Millisecond, "pause between a session's keys")
	_ = fs.Parse(args)
	if err := c.check(); err != nil {
		return err
	}
	if c.pid <= 0 {
		return errors.New("hold measures the server: give --server-pid")
	}
	set, err := ensureAccounts(ctx, &c, *n, 0)
	if err != nil {
		return err
	}
	d := newDialer(c.addr, c.sources)
	rep := newReport()
	// The baseline is the server before the first session: Go keeps the
	// memory of closed sessions for reuse, so a baseline taken between runs
	// would hide what the sessions cost.
	base, err := settledMemory(c.pid, 5, time.Second)
	if err != nil {
		return err
	}
	for run := 1; run <= c.runs && ctx.Err() == nil; run++ {
		held, s, wall := openMany(ctx, d, set, *n, *conc, m.frame)
		full, _, errs := split(s)
		fmt.Printf("run %d: %d of %d sessions open in %s (%.1f/s), first frame under setup load p50 %.1f ms p99 %.1f ms%s\n",
			run, len(held), *n, wall.Round(time.Millisecond), float64(len(held))/wall.Seconds(),
			percentile(full, 50), percentile(full, 99), firstErrs(errs))
		time.Sleep(*settle)
		mem, err := settledMemory(c.pid, 5, time.Second)
		if err != nil {
			closeAll(held)
			return err
		}
		cpu := startCPU(c.pid)
		time.Sleep(*window)
		idle, _ := cpu.percent()
		lat, kerrs := keypresses(ctx, spread(held, *kSess), *presses, *think, m, nil)
		perRSS := float64(mem.rss-base.rss) / float64(max(len(held), 1)) / mib
		perPSS := float64(mem.pss-base.pss) / float64(max(len(held), 1)) / mib
		fmt.Printf("run %d: %d sessions held; server RSS %.0f MiB (before %.0f), %.3f MiB per session (PSS %.3f); idle CPU %.2f%% of a core over %s; keypress->redraw (%d sessions pressing) p50 %.1f ms p99 %.1f ms, %d keys%s\n",
			run, len(held), float64(mem.rss)/mib, float64(base.rss)/mib, perRSS, perPSS, idle, *window,
			min(*kSess, len(held)), percentile(lat, 50), percentile(lat, 99), len(lat), firstErrs(kerrs))
		rep.add("sessions held", "", float64(len(held)))
		rep.add("sessions set up/s", "1/s", float64(len(held))/wall.Seconds())
		rep.add("server RSS with sessions", "MiB", float64(mem.rss)/mib)
		rep.add("RSS per idle session", "MiB", perRSS)
		rep.add("PSS per idle session", "MiB", perPSS)
		rep.add("server CPU, all idle", "% core", idle)
		rep.add("keypress->redraw p50", "ms", percentile(lat, 50))
		rep.add("keypress->redraw p99", "ms", percentile(lat, 99))
		closeAll(held)
		// Let the server end the sessions before the next baseline.
		time.Sleep(5 * time.Second)
	}
	rep.print(fmt.Sprintf("hold: %d idle TUI sessions", *n))
	return nil
}

func runFlood(ctx context.Context, args []string) error {
	var c common
	var m markers
	fs := flag.NewFlagSet("flood", flag.ExitOnError)
	c.bind(fs)
	m.bind(fs)
	live := fs.Int("live", 50, "live TUI sessions whose keypresses are timed during the flood")
	flooders := fs.Int("flooders", 200, "parallel connections sending wrong passwords")
	tries := fs.Int("tries", 3, "wrong passwords per flood connection")
	dur := fs.Duration("duration", 20*time.Second, "how long each flood lasts")
	think := fs.Duration("think", 200*time.Millisecond, "pause between a live session's keys")
	niceness := fs.Int("flood-nice", 19, "run the flooders in a child process at this nice level, so that on a machine shared with the server their own SSH handshakes do not take the server's CPU as a remote attacker's would not (0: in this process)")
	_ = fs.Parse(args)
	if err := c.check(); err != nil {
		return err
	}
	if c.pid <= 0 {
		return errors.New("flood measures the server: give --server-pid")
	}
	set, err := ensureAccounts(ctx, &c, *live, 0)
	if err != nil {
		return err
	}
	d := newDialer(c.addr, c.sources)
	rep := newReport()
	for run := 1; run <= c.runs && ctx.Err() == nil; run++ {
		held, _, _ := openMany(ctx, d, set, *live, 8, m.frame)
		before, _ := readMemory(c.pid)
		calm, _ := keypresses(ctx, held, 4, *think, m, nil)

		stop := make(chan struct{})
		var peak atomic.Int64
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // peak RSS, sampled every 20 ms
			defer wg.Done()
			for {
				if mem, err := readMemory(c.pid); err == nil && mem.rss > peak.Load() {
					peak.Store(mem.rss)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		var counts floodCounts
		if *niceness > 0 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if counts, err = floodChild(ctx, &c, *flooders, *tries, *dur, *niceness); err != nil {
					fmt.Println("flood worker:", err)
				}
			}()
		} else {
			wg.Add(1)
			go func() { defer wg.Done(); counts = flood(ctx, d, *flooders, *tries, stop) }()
		}
		cpu := startCPU(c.pid)
		t0 := time.Now()
		time.AfterFunc(*dur, func() { close(stop) })
		lat, kerrs := keypresses(ctx, held, 0, *think, m, stop)
		wg.Wait()
		cpuPct, _ := cpu.percent()
		elapsed := time.Since(t0)
		closeAll(held)
		fmt.Printf("run %d: %d flood connections in %s (%.0f/s, %d refused, %d told busy); server RSS before %.0f MiB, peak %.0f MiB; server CPU %.0f%% of a core; live keypress->redraw p50 %.1f ms p99 %.1f ms (%d keys; without flood p50 %.1f ms)%s\n",
			run, counts.conns, elapsed.Round(time.Millisecond), float64(counts.conns)/elapsed.Seconds(), counts.refused, counts.busy,
			float64(before.rss)/mib, float64(peak.Load())/mib, cpuPct, percentile(lat, 50), percentile(lat, 99), len(lat),
			percentile(calm, 50), firstErrs(kerrs))
		rep.add("flood connections/s", "1/s", float64(counts.conns)/elapsed.Seconds())
		rep.add("server peak RSS during flood", "MiB", float64(peak.Load())/mib)
		rep.add("live keypress->redraw p50 during flood", "ms", percentile(lat, 50))
		rep.add("live keypress->redraw p99 during flood", "ms", percentile(lat, 99))
		time.Sleep(3 * time.Second)
	}
	rep.print(fmt.Sprintf("flood: %d wrong-password connections at once, %d live sessions", *flooders, *live))
	return nil
}

type floodCounts struct{ conns, refused, busy int64 }

// flood keeps n connections busy with wrong passwords until stop closes.
func flood(ctx context.Context, d *dialer, n, tries int, stop <-chan struct{}) floodCounts {
	var conns, refused, busy atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-ctx.Done():
					return
				default:
				}
				// An unknown user costs the server the same argon2id hash
				// as a wrong password and is never locked: the flood's
				// worst case.
				b := make([]byte, 6)
				_, _ = rand.Read(b)
				res, err := d.connect(ctx, "flood-"+hex.EncodeToString(b)+"@example.ch", "Wrong-password-1", nil, tries)
				conns.Add(1)
				if err == nil {
					_ = res.client.Close()
					continue
				}
				refused.Add(1)
				if strings.Contains(res.banner, "busy") {
					busy.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return floodCounts{conns.Load(), refused.Load(), busy.Load()}
}

// floodChild runs the flooders as "nice -n N sipdesk-load flood-worker".
func floodChild(ctx context.Context, c *common, n, tries int, dur time.Duration, niceness int) (floodCounts, error) {
	self, err := os.Executable()
	if err != nil {
		return floodCounts{}, err
	}
	cmd := exec.CommandContext(ctx, "nice", "-n", strconv.Itoa(niceness), self, "flood-worker",
		"--addr", c.addr, "--sources", strconv.Itoa(c.sources), "--flooders", strconv.Itoa(n),
		"--tries", strconv.Itoa(tries), "--duration", dur.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return floodCounts{}, err
	}
	var fc floodCounts
	_, err = fmt.Sscanf(strings.TrimSpace(string(out)), "%d %d %d", &fc.conns, &fc.refused, &fc.busy)
	return fc, err
}

// runFloodWorker is the child of floodChild: it floods for a duration and
// prints its counts.
func runFloodWorker(ctx context.Context, args []string) error {
	var c common
	fs := flag.NewFlagSet("flood-worker", flag.ExitOnError)
	c.bind(fs)
	n := fs.Int("flooders", 200, "")
	tries := fs.Int("tries", 3, "")
	dur := fs.Duration("duration", 20*time.Second, "")
	_ = fs.Parse(args)
	if err := c.check(); err != nil {
		return err
	}
	stop := make(chan struct{})
	time.AfterFunc(*dur, func() { close(stop) })
	fc := flood(ctx, newDialer(c.addr, c.sources), *n, *tries, stop)
	fmt.Printf("%d %d %d\n", fc.conns, fc.refused, fc.busy)
	return nil
}
