package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"
)

// Queued is one outbox row as the worker sees it.
type Queued struct {
	ID                int64
	To, Subject, Body string
	// Attempts counts delivery attempts including the one this claim is
	// for: Claim increments it (see Outbox).
	Attempts int
	// MessageID is fixed when the row is written (see NewMessageID), so
	// every retry sends the same Message-ID.
	MessageID string
}

// Outbox is the storage side of the transactional outbox: mail rows are
// inserted in the same database transaction as the change that causes
// them, and the Worker delivers them. The db package implements it.
//
// Contract for implementations:
//   - Claim increments Attempts of each row it returns (returning the new
//     value) and moves next_attempt_at forward by a lease (a few times the
//     SMTP timeout, e.g. 10 minutes) in the same atomic statement, e.g.
//     UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING ...
//     Counting at claim time means a mail that crashes the worker is still
//     counted and eventually fails; the lease means a replica that died
//     mid-send releases its rows by itself, and no other replica picks
//     them up meanwhile.
//   - MarkSent, MarkRetry and MarkFailed do not change Attempts.
//   - MarkRetry puts the row back to queued, due at next.
type Outbox interface {
	// Claim atomically takes up to n due rows (status queued, next_attempt_at <= now) for this worker, so two replicas never send the same mail.
	Claim(ctx context.Context, worker string, now time.Time, n int) ([]Queued, error)
	// MarkSent records delivery; the row is done.
	MarkSent(ctx context.Context, id int64, now time.Time) error
	// MarkRetry schedules another attempt at next and records the error.
	MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error
	// MarkFailed gives up on the row and records the error.
	MarkFailed(ctx context.Context, id int64, lastErr string) error
}

// Worker defaults, used when the corresponding field is zero.
const (
	DefaultMaxAttempts = 8
	DefaultPoll        = 10 * time.Second
	DefaultBatch       = 10
)

// markTimeout bounds recording an outcome. Outcomes are recorded even
// after ctx is cancelled: forgetting that a mail went out would send it
// again.
const markTimeout = 10 * time.Second

// maxErrLen caps the error text stored in the outbox and logged.
const maxErrLen = 1000

// DefaultBackoff is the delay before retrying after failed attempt number
// attempt (1-based): 30s·2^(attempt-1), capped at one hour, minus up to 25%
// random jitter so mails that failed together (relay down) do not all
// retry in the same second. With DefaultMaxAttempts a mail is given up
// after roughly two hours.
func DefaultBackoff(attempt int) time.Duration {
	const base, maxDelay = 30 * time.Second, time.Hour
	d := maxDelay
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 8 { // 30s<<7 = 64m: beyond that it is capped anyway
		d = min(base<<(attempt-1), maxDelay)
	}
	return d - rand.N(d/4+1)
}

// Worker delivers outbox rows through a Sender. Set the exported fields
// before calling Run or RunOnce; zero values get the documented defaults.
// Run several replicas against the same Outbox as you like: Claim keeps
// them apart.
type Worker struct {
	Outbox Outbox
	Sender Sender
	// Name identifies this worker in Claim (default host name and pid).
	Name string
	// MaxAttempts is how many attempts a mail gets (default 8).
	MaxAttempts int
	// Backoff gives the delay after failed attempt n (default DefaultBackoff).
	Backoff func(attempt int) time.Duration
	// Poll is how often Run looks for due rows when not woken (default 10s).
	Poll time.Duration
	// Batch is how many rows one Claim takes (default 10).
	Batch int
	// Logger receives one line per attempt (default slog.Default()).
	// It gets row id, attempt, outcome and error text, never the subject,
	// the body or the token in it.
	Logger *slog.Logger
	// Now is the clock (default time.Now); tests replace it.
	Now func() time.Time
	// Observer, if set, is told the outcome of every delivery attempt
	// (the metrics).
	Observer DeliveryObserver

	wakeOnce sync.Once
	wake     chan struct{}
}

func (w *Worker) wakeCh() chan struct{} {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

// Wake makes a running Run poll now instead of at the next Poll tick. Call
// it after committing a transaction that queued mail, so a reset link
// arrives in seconds. It never blocks and is safe from any goroutine.
func (w *Worker) Wake() {
	select {
	case w.wakeCh() <- struct{}{}:
	default: // a wake-up is already pending
	}
}

func (w *Worker) name() string {
	if w.Name != "" {
		return w.Name
	}
	h, _ := os.Hostname()
	return h + "-" + strconv.Itoa(os.Getpid())
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

func (w *Worker) maxAttempts() int {
	if w.MaxAttempts > 0 {
		return w.MaxAttempts
	}
	return DefaultMaxAttempts
}

func (w *Worker) batch() int {
	if w.Batch > 0 {
		return w.Batch
	}
	return DefaultBatch
}

func (w *Worker) backoff(attempt int) time.Duration {
	if w.Backoff != nil {
		return w.Backoff(attempt)
	}
	return DefaultBackoff(attempt)
}

func (w *Worker) check() error {
	if w.Outbox == nil || w.Sender == nil {
		return errors.New("mail: worker needs an Outbox and a Sender")
	}
	return nil
}

// Run polls the outbox and delivers due mail until ctx is cancelled, then
// returns nil. It returns an error only for a misconfigured Worker; storage
// errors are logged and retried at the next poll.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.check(); err != nil {
		return err
	}
	poll := w.Poll
	if poll <= 0 {
		poll = DefaultPoll
	}
	timer := time.NewTimer(poll)
	defer timer.Stop()
	for {
		_, _, claimed, err := w.runOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			w.logger().Error("mail outbox: poll failed", "worker", w.name(), "error", err)
		} else if claimed == w.batch() {
			continue // a full batch: more mail is probably due right now
		}
		timer.Reset(poll)
		select {
		case <-ctx.Done():
			return nil
		case <-w.wakeCh():
		case <-timer.C:
		}
	}
}

// RunOnce claims one batch of due mail and tries to deliver each once.
// sent counts delivered mails, failed those given up on; mails scheduled
// for a retry count in neither. err reports storage errors (a failed Claim
// or Mark call); delivery errors are outcomes, not errors.
func (w *Worker) RunOnce(ctx context.Context) (sent, failed int, err error) {
	sent, failed, _, err = w.runOnce(ctx)
	return sent, failed, err
}

func (w *Worker) runOnce(ctx context.Context) (sent, failed, claimed int, err error) {
	if err := w.check(); err != nil {
		return 0, 0, 0, err
	}
	rows, err := w.Outbox.Claim(ctx, w.name(), w.now(), w.batch())
	if err != nil {
		return 0, 0, 0, fmt.Errorf("mail: claim outbox rows: %w", err)
	}
	var errs []error
	for i, q := range rows {
		if ctx.Err() != nil {
			// Shutting down: hand the unsent rest back for prompt pickup
			// (by us after a restart or by another replica).
			errs = append(errs, w.release(ctx, rows[i:])...)
			break
		}
		outcome, merr := w.deliver(ctx, q)
		w.observe(outcome)
		switch outcome {
		case outcomeSent:
			sent++
		case outcomeFailed:
			failed++
		}
		if merr != nil {
			errs = append(errs, merr)
		}
	}
	return sent, failed, len(rows), errors.Join(errs...)
}

// DeliveryObserver is told the outcome of each delivery attempt: "sent",
// "retry" or "failed". *metrics.Metrics is one.
type DeliveryObserver interface {
	MailDelivery(outcome string)
}

type outcome int

var outcomeNames = [...]string{outcomeSent: "sent", outcomeRetry: "retry", outcomeFailed: "failed"}

func (w *Worker) observe(o outcome) {
	if w.Observer != nil {
		w.Observer.MailDelivery(outcomeNames[o])
	}
}

const (
	outcomeSent outcome = iota
	outcomeRetry
	outcomeFailed
)

// pathSender is implemented by DirSender; the worker logs the file path.
type pathSender interface {
	SendPath(ctx context.Context, m Message) (string, error)
}

// deliver makes one attempt at q and records the outcome. The returned
// error is a storage error from recording it.
func (w *Worker) deliver(ctx context.Context, q Queued) (outcome, error) {
	attempt := max(q.Attempts, 1)
	m := Message{To: q.To, Subject: q.Subject, Body: q.Body, MessageID: q.MessageID}
	var path string
	var err error
	if ps, ok := w.Sender.(pathSender); ok {
		path, err = ps.SendPath(ctx, m)
	} else {
		err = w.Sender.Send(ctx, m)
	}

	log := w.logger().With("id", q.ID, "attempt", attempt)
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	now := w.now()

	if err == nil {
		if path != "" {
			log.Info("mail written", "outcome", "sent", "path", path)
		} else {
			log.Info("mail sent", "outcome", "sent")
		}
		if merr := w.Outbox.MarkSent(mctx, q.ID, now); merr != nil {
			log.Error("mail outbox: mark sent failed", "error", merr)
			return outcomeSent, fmt.Errorf("mail: mark %d sent: %w", q.ID, merr)
		}
		return outcomeSent, nil
	}

	errText := truncate(err.Error(), maxErrLen)
	perm := IsPermanent(err)
	if perm || attempt >= w.maxAttempts() {
		log.Warn("mail failed", "outcome", "failed", "permanent", perm, "error", errText)
		if merr := w.Outbox.MarkFailed(mctx, q.ID, errText); merr != nil {
			log.Error("mail outbox: mark failed failed", "error", merr)
			return outcomeFailed, fmt.Errorf("mail: mark %d failed: %w", q.ID, merr)
		}
		return outcomeFailed, nil
	}

	next := now.Add(w.backoff(attempt))
	log.Warn("mail deferred", "outcome", "retry", "next", next, "error", errText)
	if merr := w.Outbox.MarkRetry(mctx, q.ID, next, errText); merr != nil {
		log.Error("mail outbox: mark retry failed", "error", merr)
		return outcomeRetry, fmt.Errorf("mail: mark %d for retry: %w", q.ID, merr)
	}
	return outcomeRetry, nil
}

// release makes claimed but unattempted rows due again right away.
func (w *Worker) release(ctx context.Context, rows []Queued) []error {
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	now := w.now()
	var errs []error
	for _, q := range rows {
		if err := w.Outbox.MarkRetry(mctx, q.ID, now, "worker stopped before sending"); err != nil {
			errs = append(errs, fmt.Errorf("mail: release %d: %w", q.ID, err))
		}
	}
	return errs
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
