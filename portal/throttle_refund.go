package portal

import (
	"context"
	"sync"
	"time"
)

// Refunds that failed (the store died between counting an attempt and
// giving it back) are retried by one goroutine per service, which runs
// only while some are waiting: first after refundRetryMin, doubling to
// refundRetryMax, each try bounded by refundTryTimeout. A refund older
// than refundGiveUp is dropped with an error in the log (customer care can
// unlock the account); so is one beyond maxPendingRefunds.
const (
	refundRetryMin    = 500 * time.Millisecond
	refundRetryMax    = 15 * time.Second
	refundTryTimeout  = 5 * time.Second
	refundGiveUp      = time.Hour
	maxPendingRefunds = 10000
)

// refundQueue holds the attempts to give back once the store answers.
type refundQueue struct {
	mu      sync.Mutex
	pending []pendingRefund
	running bool
}

type pendingRefund struct {
	keys  []throttleKey
	since time.Time
}

// add queues keys' refund and starts the retrying goroutine if it is not
// running.
func (q *refundQueue) add(s *Service, keys []throttleKey) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) >= maxPendingRefunds {
		s.Log.Error("too many login attempts waiting to be given back; this one stays counted", "subject", keys[0].subject)
		return
	}
	q.pending = append(q.pending, pendingRefund{keys: keys, since: s.now()})
	if !q.running {
		q.running = true
		go q.run(s)
	}
}

// run retries the queue until it is empty.
func (q *refundQueue) run(s *Service) {
	wait := refundRetryMin
	for {
		time.Sleep(wait) // the retry interval itself; the store is checked by the refunds
		q.mu.Lock()
		batch := q.pending
		q.pending = nil
		q.mu.Unlock()
		var failed []pendingRefund
		for i, r := range batch {
			// Too old to give back: checked before the try, so a store that
			// answers again after the give-up time does not take back
			// attempts that the failures since have been counted on top
			// of, and a store still hanging costs no try for it.
			if s.now().Sub(r.since) > refundGiveUp {
				s.Log.Error("gave up giving back a login attempt; it stays counted", "subject", r.keys[0].subject)
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), refundTryTimeout)
			err := s.refund(ctx, r.keys)
			cancel()
			if err == nil {
				s.settled.settled()
				continue
			}
			// The store is still in trouble: keep this one and the
			// untried rest for the next round.
			failed = batch[i:]
			break
		}
		q.mu.Lock()
		q.pending = append(failed, q.pending...)
		if len(q.pending) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		q.mu.Unlock()
		if len(failed) > 0 {
			wait = min(2*wait, refundRetryMax)
		} else {
			wait = refundRetryMin
		}
	}
}
