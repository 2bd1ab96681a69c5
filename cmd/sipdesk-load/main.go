// Command sipdesk-load measures a running sipdesk over SSH on the loopback
// interface: logins per second, exec commands, the TUI's first frame, the
// cost of idle TUI sessions held open, keypress latency, and a flood of
// wrong passwords. It seeds the accounts it needs through the store API
// (the same --database-url and --server-key as the server), so the server
// verifies real argon2id hashes at the production parameters.
//
// Every scenario is repeated (--runs) and reported per run and as the median
// over the runs; latencies are p50/p99 of all samples of a run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

const usage = `usage: sipdesk-load SCENARIO [flags]

Scenarios (each takes -h for its flags):
  seed    create the load accounts (password-only and with TOTP) and exit
  login   password + TOTP logins: logins/s, auth p50/p99
  exec    password login + "whoami": execs/s, auth and total p50/p99
  keylogin  ed25519 key login + "whoami": key logins/s; key login ->
          first TUI frame p50/p99 with 8 starting at once; optionally a
          soft-serve listener measured in the same run (-soft-serve-addr)
          and a reference wish server (-reference-addr)
  reference  a bare wish server (same SSH library, Bubble Tea, no store):
          what any portal on this stack can reach here, for keylogin
  tui     connect -> first TUI frame p50/p99, sessions starting in parallel
  hold    hold N idle TUI sessions: server RSS/PSS per session, idle CPU,
          keypress -> redraw p50/p99 with all of them open
  flood   200 parallel wrong-password connections: server peak RSS and the
          keypress latency of live TUI sessions meanwhile
  attack  KIND: the memory attacks of issue 11 (scp-line, sftp-ooo,
          sftp-handles, env): server peak RSS against RSS before

Start the server for load runs with a high --max-unauth-per-source and
--source-lock-threshold (every client connects from 127.0.0.x), e.g.
  sipdesk serve --max-unauth-per-source 100000 --source-lock-threshold 1000000000
`

func main() {
	if len(os.Args) < 2 || strings.HasPrefix(os.Args[1], "-") {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	raiseFileLimit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	scenario, args := os.Args[1], os.Args[2:]
	var err error
	switch scenario {
	case "seed":
		err = runSeed(ctx, args)
	case "login":
		err = runLogin(ctx, args)
	case "exec":
		err = runExec(ctx, args)
	case "keylogin":
		err = runKeyLogin(ctx, args)
	case "tui":
		err = runTUI(ctx, args)
	case "hold":
		err = runHold(ctx, args)
	case "flood":
		err = runFlood(ctx, args)
	case "attack":
		err = runAttack(ctx, args)
	case "reference":
		err = runReference(ctx, args)
	case "flood-worker": // the flooders of "flood", in a child process
		err = runFloodWorker(ctx, args)
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sipdesk-load:", err)
		os.Exit(1)
	}
}

// raiseFileLimit lifts the soft open-files limit to the hard one: thousands
// of held sessions are thousands of sockets.
func raiseFileLimit() {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil && rl.Cur < rl.Max {
		rl.Cur = rl.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
}

// common are the flags every scenario shares.
type common struct {
	addr        string
	databaseURL string
	serverKey   string
	keyFile     string
	password    string
	pid         int
	runs        int
	sources     int
	accounts    int
	totp        int
}

func (c *common) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "addr", "127.0.0.1:2222", "the sipdesk listener (loopback only)")
	fs.StringVar(&c.databaseURL, "database-url", "sqlite:./data/sipdesk.db", "the server's --database-url")
	fs.StringVar(&c.serverKey, "server-key", "", "the server's --server-key (base64); empty: read --server-key-file")
	fs.StringVar(&c.keyFile, "server-key-file", "./data/server.key", "the server's key file when --server-key is empty")
	fs.StringVar(&c.password, "password", "Load-Test-2026!", "login password of every load account")
	fs.IntVar(&c.pid, "server-pid", 0, "PID of the sipdesk process, for RSS/PSS and CPU from /proc (0: not measured)")
	fs.IntVar(&c.runs, "runs", 5, "repetitions; the report gives each run and the median")
	fs.IntVar(&c.sources, "sources", 8, "client source addresses 127.0.0.1 .. 127.0.0.N (spreads ephemeral ports)")
}

func (c *common) check() error {
	if err := loopbackOnly(c.addr); err != nil {
		return err
	}
	if c.runs < 1 {
		c.runs = 1
	}
	if c.sources < 1 || c.sources > 250 {
		return fmt.Errorf("--sources must be 1..250")
	}
	return nil
}

// report collects per-run figures and prints their medians.
type report struct {
	names []string
	runs  map[string][]float64
	units map[string]string
}

func newReport() *report {
	return &report{runs: map[string][]float64{}, units: map[string]string{}}
}

func (r *report) add(name, unit string, v float64) {
	if _, ok := r.runs[name]; !ok {
		r.names = append(r.names, name)
		r.units[name] = unit
	}
	r.runs[name] = append(r.runs[name], v)
}

func (r *report) print(title string) {
	fmt.Printf("\n== %s: median over runs ==\n", title)
	for _, n := range r.names {
		vals := r.runs[n]
		fmt.Printf("%-44s %12s %-8s runs: %s\n", n, fmtVal(median(vals)), r.units[n], joinVals(vals))
	}
}

func fmtVal(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func joinVals(vals []float64) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = fmtVal(v)
	}
	return strings.Join(s, " ")
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// percentile is the nearest-rank percentile of durations, in milliseconds.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	idx := int(p/100*float64(len(s))+0.5) - 1
	idx = min(max(idx, 0), len(s)-1)
	return float64(s[idx]) / float64(time.Millisecond)
}
