package portal

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/sipdesk/sipdesk/db"
)

// ErrUnavailable is a login (or another request) that failed for the
// server's reasons: the store is down, stuck or cannot write. It is not
// the person's fault, so it never counts toward a lockout, is logged as an
// error, and the SSH side tells the person "the portal has a problem, try
// again in a few minutes" instead of "Permission denied".
var ErrUnavailable = errors.New("the portal has a problem, try again in a few minutes")

// unavailable wraps a store failure as ErrUnavailable, keeping the detail
// for the log.
func unavailable(what string, err error) error {
	return fmt.Errorf("%w (%s: %v)", ErrUnavailable, what, err)
}

// attempt is one reserved login attempt; release gives it back when the
// attempt succeeded or could not be evaluated.
type attempt struct {
	s            *Service
	keys         []throttleKey
	local        bool // reserved in this replica's memory: the store cannot write
	name, source string
}

// Attempts in flight: a login that finds the lock threshold reached while
// some of the counted attempts are still being evaluated cannot tell yet
// whether those are failures (a right password gives its attempt back), so
// it waits for them to settle, up to inFlightWait, and checks again instead
// of being refused: ten scripts logging in at once with the right password
// must not lock each other out. The waiting attempt is not counted, so
// parallel guesses still get at most the threshold evaluated. It is woken
// by a settle in this replica, and polls the store every inFlightPoll for
// the other replicas'. A reservation older than inFlightStale is taken as
// settled (its replica died while evaluating it), so nobody waits for it.
const (
	inFlightWait  = 5 * time.Second
	inFlightPoll  = 200 * time.Millisecond
	inFlightStale = time.Minute
)

// reserveAttempt counts an attempt of name (and source) before its secret
// is evaluated, so parallel guesses cannot all pass the check (issue 11.5).
// A store that can read but not write (a full disk) falls back to this
// replica's memory, so logins keep working with a per-replica bound; a
// store that cannot even read is ErrUnavailable.
func (s *Service) reserveAttempt(ctx context.Context, name, source, region string) (*attempt, error) {
	var deadline <-chan time.Time
	for {
		// Taken before the check, so a settle between the check and the
		// wait still wakes it.
		settled := s.settled.wait()
		att, locked, st, err := s.tryReserve(ctx, name, source, region)
		if locked == nil || st.InFlight == 0 || s.now().Sub(st.LastFailureAt) >= inFlightStale {
			return att, err
		}
		if deadline == nil {
			if s.waitHook != nil {
				s.waitHook()
			}
			t := time.NewTimer(inFlightWait)
			defer t.Stop()
			deadline = t.C
		}
		poll := time.NewTimer(inFlightPoll)
		select {
		case <-settled:
		case <-poll.C:
		case <-deadline:
			poll.Stop()
			return nil, locked
		case <-ctx.Done():
			poll.Stop()
			return nil, locked
		}
		poll.Stop()
	}
}

// tryReserve is one try of reserveAttempt: a refusal comes with the state
// of the record that refused it.
func (s *Service) tryReserve(ctx context.Context, name, source, region string) (*attempt, *LockedError, db.FailureState, error) {
	now := s.now()
	keys := s.throttleKeys(name, source)
	var locked *LockedError
	var lockedState db.FailureState
	// One transaction for both keys: a refusal under the second gives the
	// first back by rolling back, and the whole reservation is one commit.
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.RelaxDurability(ctx, tx); err != nil {
			return err
		}
		for _, k := range keys {
			st, ok, err := db.ReserveLoginAttempt(ctx, tx, k.scope, k.subject, now, k.max, s.lockWindow(k.threshold))
			if err != nil {
				return err
			}
			if !ok {
				locked, lockedState = s.lockedError(k.scope, st, region), st
				return locked
			}
		}
		return nil
	})
	switch {
	case locked != nil:
		return nil, locked, lockedState, locked
	case err == nil:
		return &attempt{s: s, keys: keys}, nil, db.FailureState{}, nil
	}
	// Can the store still read? Then it is a write failure (a full disk).
	if rerr := s.checkLocks(ctx, name, source, region); rerr != nil {
		var le *LockedError
		if errors.As(rerr, &le) {
			return nil, nil, db.FailureState{}, rerr
		}
		return nil, nil, db.FailureState{}, unavailable("reserve a login attempt", err)
	}
	s.Log.Error("login throttling cannot write to the store; counting in this replica's memory", "err", err)
	if le := s.memThrottle().reserve(s, name, source, now); le != nil {
		return nil, nil, db.FailureState{}, le
	}
	return &attempt{s: s, keys: keys, local: true, name: name, source: source}, nil, db.FailureState{}, nil
}

// fail settles the attempt as a failure: it stays counted, and attempts
// waiting for it see that it is no longer in flight.
func (a *attempt) fail(ctx context.Context) {
	if a == nil || a.local {
		return
	}
	defer a.s.settled.settled()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := a.s.DB.Tx(rctx, func(tx db.Tx) error {
		if err := db.RelaxDurability(rctx, tx); err != nil {
			return err
		}
		for _, k := range a.keys {
			if err := db.SettleFailedLoginAttempt(rctx, tx, k.scope, k.subject); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		// It stays counted either way; it only looks in flight until
		// inFlightStale, so a right password waits for it a little.
		a.s.Log.Warn("settle a failed login attempt", "err", err)
	}
}

// release gives the attempt back. It runs on a context of its own: the
// client that made the attempt may be gone, the count must still drop.
func (a *attempt) release(ctx context.Context) {
	if a == nil {
		return
	}
	if a.local {
		a.s.memThrottle().release(a.name, a.source)
		return
	}
	defer a.s.settled.settled()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.s.refund(rctx, a.keys); err != nil {
		// The store failed after the attempt was counted (it died during
		// the login): the attempt is the server's fault, never the
		// person's, so it is given back once the store answers again.
		a.s.Log.Error("give back a login attempt; retrying until the store answers", "err", err)
		a.s.refunds.add(a.s, a.keys)
	}
}

// refund gives back one attempt under each key, in one transaction.
func (s *Service) refund(ctx context.Context, keys []throttleKey) error {
	return s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.RelaxDurability(ctx, tx); err != nil {
			return err
		}
		for _, k := range keys {
			if err := db.RefundLoginAttempt(ctx, tx, k.scope, k.subject, k.threshold); err != nil {
				return err
			}
		}
		return nil
	})
}

type throttleKey struct {
	scope, subject string
	threshold, max int
}

func (s *Service) throttleKeys(name, source string) []throttleKey {
	keys := []throttleKey{{scope: db.ScopeAccount, subject: name, threshold: s.Cfg.LockThreshold, max: s.Cfg.MaxConsecutive}}
	if source != "" {
		keys = append(keys, throttleKey{scope: db.ScopeSource, subject: source, threshold: s.Cfg.SourceThreshold})
	}
	return keys
}

// lockedError is the refusal of a locked name; a permanent lock names
// customer care of region (the account's, else the portal's the person
// connected to), so an AT customer is not sent to the CH address.
func (s *Service) lockedError(scope string, st db.FailureState, region string) *LockedError {
	if scope == db.ScopeAccount && s.Cfg.MaxConsecutive > 0 && st.Consecutive >= s.Cfg.MaxConsecutive {
		return &LockedError{Permanent: true, CareEmail: s.Cfg.CareEmailFor(region)}
	}
	return &LockedError{Until: st.LockedUntil.Time}
}

// checkLocks reads the stored locks without writing.
func (s *Service) checkLocks(ctx context.Context, name, source, region string) error {
	now := s.now()
	for _, k := range s.throttleKeys(name, source) {
		st, err := db.LoginFailures(ctx, s.DB, k.scope, k.subject)
		if err != nil {
			return err
		}
		if (k.max > 0 && st.Consecutive >= k.max) || (st.LockedUntil.Valid && now.Before(st.LockedUntil.Time)) {
			return s.lockedError(k.scope, st, region)
		}
	}
	return nil
}

// memThrottle is the fallback counter of this replica, used only while
// the store cannot write: at most the threshold of attempts per subject
// per LockBase.
func (s *Service) memThrottle() *memThrottle {
	s.memOnce.Do(func() { s.mem = &memThrottle{counts: map[string]*memCount{}} })
	return s.mem
}

// maxMemThrottle is how many subjects the fallback keeps before pruning.
const maxMemThrottle = 10000

type memThrottle struct {
	mu     sync.Mutex
	counts map[string]*memCount
}

type memCount struct {
	n     int
	since time.Time
}

func (m *memThrottle) reserve(s *Service, name, source string, now time.Time) *LockedError {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := s.throttleKeys(name, source)
	for _, k := range keys {
		c := m.counts[k.scope+":"+k.subject]
		if c != nil && now.Sub(c.since) < s.Cfg.LockBase && c.n >= k.threshold {
			return &LockedError{Until: c.since.Add(s.Cfg.LockBase)}
		}
	}
	if len(m.counts) > maxMemThrottle {
		// Bounded memory under a flood of user names: drop ended windows.
		for key, c := range m.counts {
			if now.Sub(c.since) >= s.Cfg.LockBase {
				delete(m.counts, key)
			}
		}
	}
	for _, k := range keys {
		key := k.scope + ":" + k.subject
		c := m.counts[key]
		if c == nil || now.Sub(c.since) >= s.Cfg.LockBase {
			c = &memCount{since: now}
			m.counts[key] = c
		}
		c.n++
	}
	return nil
}

func (m *memThrottle) release(name, source string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, key := range []string{db.ScopeAccount + ":" + name, db.ScopeSource + ":" + source} {
		if c := m.counts[key]; c != nil && c.n > 0 {
			c.n--
		}
	}
}

// settledSignal wakes the attempts of this replica that wait for attempts
// in flight whenever one of those is settled here; attempts settled by
// other replicas are noticed by polling the store.
type settledSignal struct {
	mu sync.Mutex
	ch chan struct{}
}

// wait is the channel closed at the next settle.
func (s *settledSignal) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// settled wakes every waiter.
func (s *settledSignal) settled() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}
