package provision

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Attach bounds and back-off.
const (
	// PingTimeout bounds the first contact with the registrar database,
	// so one that drops packets (a host gone) is retried like one that
	// refuses connections.
	PingTimeout = 10 * time.Second
	// MaxAttachRetry is the longest wait between two attempts to attach.
	MaxAttachRetry = 30 * time.Second
)

// ErrUnreachable is a registrar database that does not answer.
var ErrUnreachable = errors.New("the registrar database does not answer")

// errNotAttached is the problem of a worker that has not tried yet.
var errNotAttached = errors.New("not connected to the registrar database yet")

// Attach starts provisioning with the registrar database: it connects and
// makes the subscriber table equal to the truth (the start-up sync), which
// catches up with what no event covers: numbers created before the
// registrar was configured, the demo and load seeds, changes made while
// the database was away. It is idempotent, so replicas starting together
// do no harm. A repair that deletes or overwrites rows is logged at WARN
// with its counts.
func (w *Worker) Attach(ctx context.Context) (Report, error) {
	pctx, cancel := context.WithTimeout(ctx, PingTimeout)
	err := w.Registrar.Ping(pctx)
	cancel()
	if err != nil {
		return Report{}, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	rep, err := w.reconcile(ctx, false, "provisioning: start-up sync")
	if err != nil {
		return rep, fmt.Errorf("start-up sync: %w", err)
	}
	return rep, nil
}

// Problem says why the worker does not apply events now, or nil when it
// does (Run has attached).
func (w *Worker) Problem() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.attached:
		return nil
	case w.problem != nil:
		return w.problem
	}
	return errNotAttached
}

// attach retries Attach, with back-off and at once when woken, until it
// succeeds (true) or ctx ends (false). Meanwhile events stay queued with
// their attempts untouched, and the portal serves without the registrar.
func (w *Worker) attach(ctx context.Context) bool {
	wait := time.Second
	timer := time.NewTimer(0)
	<-timer.C
	defer timer.Stop()
	for {
		_, err := w.Attach(ctx)
		if ctx.Err() != nil {
			return false
		}
		w.setProblem(err)
		if err == nil {
			return true
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return false
		case <-w.wakeCh():
		case <-timer.C:
		}
		wait = min(2*wait, MaxAttachRetry)
	}
}

// setProblem records the outcome of an attempt to attach, logging an
// ERROR when a problem starts or changes and a line when it ends.
func (w *Worker) setProblem(err error) {
	w.mu.Lock()
	prev, wasAttached := w.problem, w.attached
	w.problem, w.attached = err, err == nil
	w.mu.Unlock()
	switch {
	case err == nil && prev != nil:
		w.log().Info("provisioning: Kamailio's database answers; provisioning resumed", "worker", w.name())
	case err == nil:
	case prev != nil && prev.Error() == err.Error() && !wasAttached:
		w.log().Debug("provisioning: still waiting for Kamailio's database", "error", err)
	case errors.Is(err, ErrUnreachable):
		w.log().Error("provisioning: Kamailio's database does not answer; the portal serves without it, "+
			"SIP credential changes wait in the queue and are provisioned when it answers (retrying)", "error", err)
	default:
		w.log().Error("provisioning: the start-up sync with Kamailio's database failed; "+
			"SIP credential changes wait in the queue (retrying)", "error", err)
	}
}
