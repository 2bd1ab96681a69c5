package metrics

import (
	"context"
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// ReadyTimeout bounds all of /readyz's checks together: a load balancer
// asks every few seconds, and a store that takes longer than this is not
// ready to serve a login either.
const ReadyTimeout = 2 * time.Second

// Check is one readiness condition, e.g. "the store answers". A Run
// that returns an Advisory error reports a problem that readiness shows
// without failing (/readyz says "warn").
type Check struct {
	Name string
	Run  func(context.Context) error
}

// Advisory marks err as a problem to show on /readyz that does not make
// the process unready: one that every replica shares (a registrar database
// down for maintenance), where taking them all out of the load balancer
// would take the whole portal down for what only a part of it needs.
// Advisory(nil) is nil.
func Advisory(err error) error {
	if err == nil {
		return nil
	}
	return advisoryError{err}
}

type advisoryError struct{ error }

func (e advisoryError) Unwrap() error { return e.error }

// IsAdvisory reports whether err was marked with Advisory.
func IsAdvisory(err error) bool {
	var a advisoryError
	return errors.As(err, &a)
}

// Ready is the readiness state /readyz reports: the checks pass, every
// expected background worker runs, and the process is not draining.
// All methods are safe on a nil *Ready and for concurrent use.
type Ready struct {
	draining atomic.Bool

	mu      sync.Mutex
	checks  []Check
	workers map[string]int // expected worker name -> running instances
}

// AddCheck adds a check after construction, for a part that exists only
// once the process has started it (the registrar's provisioning).
func (r *Ready) AddCheck(c Check) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checks = append(r.checks, c)
}

// NewReady makes a readiness state with checks.
func NewReady(checks ...Check) *Ready {
	return &Ready{checks: checks, workers: map[string]int{}}
}

// ExpectWorkers names the background workers that must run for the
// process to be ready (e.g. "mail", "music").
func (r *Ready) ExpectWorkers(names ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range names {
		if _, ok := r.workers[n]; !ok {
			r.workers[n] = 0
		}
	}
}

// WorkerStarted records that worker name runs; call the returned function
// when its Run returns. Call it first thing in the worker's goroutine.
func (r *Ready) WorkerStarted(name string) (stopped func()) {
	if r == nil {
		return func() {}
	}
	r.mu.Lock()
	r.workers[name]++
	r.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			r.workers[name]--
			r.mu.Unlock()
		})
	}
}

// Drain marks the process as shutting down: /readyz answers 503 from now
// on, so a load balancer sends new connections elsewhere while open
// sessions end. Call it on SIGTERM, before closing the listeners.
func (r *Ready) Drain() {
	if r != nil {
		r.draining.Store(true)
	}
}

// Draining reports whether Drain was called.
func (r *Ready) Draining() bool { return r != nil && r.draining.Load() }

// Result is one line of a readiness answer. An Advisory Err is shown
// but does not make the process unready.
type Result struct {
	Name string
	Err  error
}

// Warning reports whether the result is a problem shown without failing.
func (r Result) Warning() bool { return r.Err != nil && IsAdvisory(r.Err) }

// Evaluate runs every check within ReadyTimeout and lists the results,
// workers and draining included; ready is true when all passed.
func (r *Ready) Evaluate(ctx context.Context) (results []Result, ready bool) {
	if r == nil {
		return nil, true
	}
	ready = true
	add := func(name string, err error) {
		results = append(results, Result{Name: name, Err: err})
		ready = ready && (err == nil || IsAdvisory(err))
	}
	if r.Draining() {
		add("draining", errDraining)
	}
	ctx, cancel := context.WithTimeout(ctx, ReadyTimeout)
	defer cancel()
	r.mu.Lock()
	checks := append([]Check(nil), r.checks...)
	r.mu.Unlock()
	for _, c := range checks {
		// Bounded even when the check cannot cancel its own call (a stuck
		// Postgres connection): the load balancer gets its answer in time.
		add(c.Name, withinDeadline(ctx, c.Run))
	}
	r.mu.Lock()
	names := make([]string, 0, len(r.workers))
	for n := range r.workers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var err error
		if r.workers[n] < 1 {
			err = errNotRunning
		}
		results = append(results, Result{Name: "worker " + n, Err: err})
		ready = ready && err == nil
	}
	r.mu.Unlock()
	return results, ready
}

type readyError string

func (e readyError) Error() string { return string(e) }

const (
	errDraining   = readyError("shutting down: open sessions are ending, new ones go elsewhere")
	errNotRunning = readyError("not running")
)
