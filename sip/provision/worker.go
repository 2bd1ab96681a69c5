package provision

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/sip/kamailio"
)

// Truth is sipdesk's side: what Kamailio should hold. The portal
// implements it (it decrypts VoIP passwords to derive HA1).
type Truth interface {
	// SIPSubscriber returns the SIP username of the number e164 and the
	// row it should have, or nil when it should have none (the number is
	// gone or its product has no SIP credentials).
	SIPSubscriber(ctx context.Context, e164 string) (username string, want *kamailio.Subscriber, err error)
	// SIPSubscribers returns every row the table should hold.
	SIPSubscribers(ctx context.Context) ([]kamailio.Subscriber, error)
	// StoreID is the identity of sipdesk's store: the registrar database
	// takes writes only from the store it is bound to.
	StoreID(ctx context.Context) (string, error)
}

// Registrar is Kamailio's database; *kamailio.Store implements it. Put
// and Remove write only for the store the database is bound to.
type Registrar interface {
	Ping(ctx context.Context) error
	Binding(ctx context.Context) (kamailio.Binding, error)
	Bind(ctx context.Context, store, by string) (kamailio.Binding, error)
	Put(ctx context.Context, store string, sub kamailio.Subscriber) error
	Remove(ctx context.Context, store, username string) (subscribers, locations int64, err error)
	Subscribers(ctx context.Context) ([]kamailio.Subscriber, error)
}

// Worker defaults, used when the corresponding field is zero.
const (
	DefaultMaxAttempts = 10
	DefaultPoll        = 5 * time.Second
	DefaultBatch       = 20
	// DefaultLease is how long a claimed event is reserved for its worker:
	// far more than applying one takes (milliseconds), and the time after
	// which another replica takes over from one that died.
	DefaultLease = time.Minute
)

// Worker applies provisioning events. Set the fields before Run; zero
// values get the documented defaults.
type Worker struct {
	DB        *db.DB
	Truth     Truth
	Registrar Registrar
	// Name identifies this worker in claimed_by: db.ClaimantID(replica,
	// start, "provisioning"), so a restarted replica retakes its killed
	// run's claims at once (default: the host name as the replica).
	Name        string
	MaxAttempts int
	Poll        time.Duration
	Batch       int
	Lease       time.Duration
	// Backoff is the delay after failed attempt n (default DefaultBackoff).
	Backoff func(attempt int) time.Duration
	// Log gets one line per event: id, number, event, outcome; never a secret.
	Log *slog.Logger
	Now func() time.Time
	// Observer, if set, is told the outcome of every attempt to apply an
	// event (the metrics).
	Observer DeliveryObserver

	nameOnce sync.Once
	wakeOnce sync.Once
	wake     chan struct{}

	mu       sync.Mutex
	attached bool  // Attach succeeded: Run applies events
	problem  error // why not, the last time it tried
}

// DeliveryObserver is told the outcome of each attempt: "sent" (applied),
// "retry" or "failed" (given up). *metrics.Metrics is one.
type DeliveryObserver interface {
	ProvisioningDelivery(outcome string)
}

func (w *Worker) observe(outcome string) {
	if w.Observer != nil {
		w.Observer.ProvisioningDelivery(outcome)
	}
}

// DefaultBackoff is 5 s·2^(attempt-1), capped at 10 minutes, less up to 25%
// jitter so events that failed together (registrar database down) do not
// all retry in the same second.
func DefaultBackoff(attempt int) time.Duration {
	d := 10 * time.Minute
	if attempt >= 1 && attempt <= 8 {
		d = min(5*time.Second<<(attempt-1), d)
	}
	return d - rand.N(d/4+1)
}

func (w *Worker) wakeCh() chan struct{} {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

// Wake makes Run look for events now; call it after committing a change
// that queued one. It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wakeCh() <- struct{}{}:
	default:
	}
}

func (w *Worker) name() string {
	w.nameOnce.Do(func() {
		if w.Name == "" {
			h, _ := os.Hostname()
			w.Name = db.ClaimantID(h, time.Now(), "provisioning")
		}
	})
	return w.Name
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

func orDefault[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Run attaches to the registrar database (Attach, retried until it
// succeeds), then applies due events until ctx ends; storage errors are
// logged and retried at the next poll. When the registrar database stops
// taking this store's writes (re-bound to another store), it stops
// applying and attaches again.
func (w *Worker) Run(ctx context.Context) {
	for w.attach(ctx) {
		if !w.runEvents(ctx) {
			return
		}
	}
}

// runEvents applies due events until ctx ends (false) or the registrar
// refuses this store (true, having recorded why).
func (w *Worker) runEvents(ctx context.Context) bool {
	timer := time.NewTimer(orDefault(w.Poll, DefaultPoll))
	defer timer.Stop()
	for {
		claimed, _, err := w.RunOnce(ctx)
		if ctx.Err() != nil {
			return false
		}
		if kamailio.IsRefusal(err) {
			w.setProblem(err)
			return true
		}
		if err != nil {
			w.log().Error("provisioning: poll failed", "worker", w.name(), "error", err)
		} else if claimed == orDefault(w.Batch, DefaultBatch) {
			continue // a full batch: more are probably due
		}
		timer.Reset(orDefault(w.Poll, DefaultPoll))
		select {
		case <-ctx.Done():
			return false
		case <-w.wakeCh():
		case <-timer.C:
		}
	}
}

// RunOnce claims one batch of due events and applies each once. It
// returns how many it claimed and how many it applied; err reports
// storage errors of the outbox, not failures to apply (those are retried).
// It claims nothing while the registrar database is bound to another
// store or to none (err is then that refusal, see kamailio.IsRefusal):
// the events wait, their attempts untouched. A registrar database that
// does not answer is no refusal: events are claimed and retried.
func (w *Worker) RunOnce(ctx context.Context) (claimed, applied int, err error) {
	if w.DB == nil || w.Truth == nil || w.Registrar == nil {
		return 0, 0, errors.New("provision: worker needs DB, Truth and Registrar")
	}
	if err := w.checkBound(ctx); kamailio.IsRefusal(err) {
		return 0, 0, err
	}
	evs, err := db.ClaimProvisioning(ctx, w.DB, w.DB.Dialect, w.name(), w.now(), orDefault(w.Batch, DefaultBatch),
		orDefault(w.Lease, DefaultLease))
	if err != nil {
		return 0, 0, fmt.Errorf("provision: claim events: %w", err)
	}
	var errs []error
	for _, ev := range evs {
		ok, err := w.handle(ctx, ev)
		if ok {
			applied++
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return len(evs), applied, errors.Join(errs...)
}

// handle applies one claimed event and records the outcome; the error is
// a storage error of recording it.
func (w *Worker) handle(ctx context.Context, ev db.ProvisioningEvent) (bool, error) {
	log := w.log().With("id", ev.ID, "number", ev.E164, "event", ev.Event, "attempt", ev.Attempts)
	what, err := w.apply(ctx, ev.E164)
	// Record the outcome even when ctx ends meanwhile: forgetting an
	// applied event would only apply it again, but forgetting a failure
	// would hide it until the lease ends.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now := w.now()
	switch {
	case err == nil:
		log.Info("provisioned", "outcome", what)
		w.observe("sent")
		if merr := db.MarkProvisioningDone(mctx, w.DB, ev.ID, w.name(), now); merr != nil {
			return true, fmt.Errorf("provision: mark event %d done: %w", ev.ID, merr)
		}
		return true, nil
	case ev.Attempts >= orDefault(w.MaxAttempts, DefaultMaxAttempts):
		log.Error("provisioning failed; run admin provisioning sync once the cause is fixed", "error", err)
		w.observe("failed")
		if merr := db.MarkProvisioningFailed(mctx, w.DB, ev.ID, w.name(), truncate(err.Error())); merr != nil {
			return false, fmt.Errorf("provision: mark event %d failed: %w", ev.ID, merr)
		}
	default:
		backoff := DefaultBackoff
		if w.Backoff != nil {
			backoff = w.Backoff
		}
		next := now.Add(backoff(ev.Attempts))
		log.Warn("provisioning deferred", "next", next, "error", err)
		w.observe("retry")
		if merr := db.MarkProvisioningRetry(mctx, w.DB, ev.ID, w.name(), next, truncate(err.Error())); merr != nil {
			return false, fmt.Errorf("provision: mark event %d for retry: %w", ev.ID, merr)
		}
	}
	return false, nil
}

// apply makes Kamailio hold the truth of one number and says what it did.
func (w *Worker) apply(ctx context.Context, e164 string) (string, error) {
	store, err := w.Truth.StoreID(ctx)
	if err != nil {
		return "", err
	}
	username, want, err := w.Truth.SIPSubscriber(ctx, e164)
	if err != nil {
		return "", fmt.Errorf("read the number's SIP credentials: %w", err)
	}
	if want != nil {
		if err := w.Registrar.Put(ctx, store, *want); err != nil {
			return "", err
		}
		return "subscriber " + username + "@" + want.Domain + " up to date", nil
	}
	subs, locs, err := w.Registrar.Remove(ctx, store, username)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("subscriber %s removed (%d rows, %d registrations)", username, subs, locs), nil
}

func truncate(s string) string {
	const n = 500
	if len(s) <= n {
		return s
	}
	for n := n; n > 0; n-- {
		if s[n]&0xC0 != 0x80 {
			return s[:n] + "…"
		}
	}
	return ""
}
