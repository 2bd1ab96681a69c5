package provision

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sipdesk/sipdesk/sip/kamailio"
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

// Attach starts provisioning with the registrar database: it connects,
// makes sure the database is this store's to provision, and makes the
// subscriber table equal to the truth (the start-up sync), which catches
// up with what no event covers: numbers created before the registrar was
// configured, the demo and load seeds, changes made while the database
// was away. It is idempotent, so replicas starting together do no harm.
// A repair that deletes or overwrites rows is logged at WARN with its
// counts.
//
// The database is this store's when it is bound to it (kamailio.Binding).
// One bound to no store yet is bound to this one only if that is
// harmless: the start-up sync would delete and overwrite nothing (a new
// database, or one that matches this store already, as after the upgrade
// to a sipdesk that binds); otherwise an *UnboundError says so and the
// operator binds deliberately (`admin provisioning bind`). One bound to
// another store is refused with a *kamailio.OtherStoreError. A refusal
// (kamailio.IsRefusal) has changed nothing.
func (w *Worker) Attach(ctx context.Context) (Report, error) {
	pctx, cancel := context.WithTimeout(ctx, PingTimeout)
	err := w.Registrar.Ping(pctx)
	cancel()
	if err != nil {
		return Report{}, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	store, err := w.Truth.StoreID(ctx)
	if err != nil {
		return Report{}, err
	}
	b, err := w.Registrar.Binding(ctx)
	switch {
	case errors.Is(err, kamailio.ErrUnbound):
		if err := w.bindIfHarmless(ctx, store); err != nil {
			return Report{}, err
		}
	case err != nil:
		return Report{}, err
	case b.StoreID != store:
		return Report{}, &kamailio.OtherStoreError{Bound: b, Store: store}
	}
	rep, err := w.reconcile(ctx, false, "provisioning: start-up sync")
	if err != nil && !kamailio.IsRefusal(err) {
		err = fmt.Errorf("start-up sync: %w", err)
	}
	return rep, err
}

// UnboundError is a registrar database bound to no store yet that this
// store does not bind by itself, since its start-up sync would delete or
// overwrite rows there: they may be another store's customers.
type UnboundError struct {
	Store        string
	Extra, Stale int
}

func (e *UnboundError) Error() string {
	return fmt.Sprintf("the registrar database is not bound to a sipdesk store yet, and this store %s would delete %d "+
		"and overwrite %d of its subscriber rows: nothing was changed. Compare with admin provisioning sync --dry-run; "+
		"if this store is the one that should provision it: admin provisioning bind", e.Store, e.Extra, e.Stale)
}

// Is makes an UnboundError a kamailio.ErrUnbound (a refusal).
func (e *UnboundError) Is(target error) bool { return target == kamailio.ErrUnbound }

// bindIfHarmless binds the unbound registrar database to store if the
// start-up sync would delete and overwrite nothing there.
func (w *Worker) bindIfHarmless(ctx context.Context, store string) error {
	rep, err := w.reconcile(ctx, true, "")
	if err != nil {
		return err
	}
	if len(rep.Extra)+len(rep.Stale) > 0 {
		return &UnboundError{Store: store, Extra: len(rep.Extra), Stale: len(rep.Stale)}
	}
	b, err := w.Registrar.Bind(ctx, store, w.name())
	if err != nil {
		return err
	}
	if b.StoreID != store { // another store bound it a moment earlier
		return &kamailio.OtherStoreError{Bound: b, Store: store}
	}
	w.log().Info("provisioning: bound the registrar database to this store (it held nothing this store would delete or overwrite)",
		"store", store)
	return nil
}

// checkBound reports whether the registrar database is (still) this
// store's to provision: nil, a refusal, or another error (one that says
// nothing about the binding, such as a database that does not answer).
func (w *Worker) checkBound(ctx context.Context) error {
	store, err := w.Truth.StoreID(ctx)
	if err != nil {
		return err
	}
	b, err := w.Registrar.Binding(ctx)
	if err != nil {
		return err
	}
	if b.StoreID != store {
		return &kamailio.OtherStoreError{Bound: b, Store: store}
	}
	return nil
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
		w.log().Info("provisioning: resumed, the registrar database answers and is this store's", "worker", w.name())
	case err == nil:
	case prev != nil && prev.Error() == err.Error() && !wasAttached:
		w.log().Debug("provisioning: still waiting for Kamailio's database", "error", err)
	case errors.Is(err, ErrUnreachable):
		w.log().Error("provisioning: Kamailio's database does not answer; the portal serves without it, "+
			"SIP credential changes wait in the queue and are provisioned when it answers (retrying)", "error", err)
	case kamailio.IsRefusal(err):
		w.log().Error("provisioning: off, this store may not provision the registrar database; "+
			"SIP credential changes wait in the queue", "error", err)
	default:
		w.log().Error("provisioning: the start-up sync with Kamailio's database failed; "+
			"SIP credential changes wait in the queue (retrying)", "error", err)
	}
}
