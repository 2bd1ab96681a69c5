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

// reserveAttempt counts an attempt of name (and source) before its secret
// is evaluated, so parallel guesses cannot all pass the check (issue 11.5).
// A store that can read but not write (a full disk) falls back to this
// replica's memory, so logins keep working with a per-replica bound; a
// store that cannot even read is ErrUnavailable.
func (s *Service) reserveAttempt(ctx context.Context, name, source, region string) (*attempt, error) {
	now := s.now()
	keys := s.throttleKeys(name, source)
	var locked *LockedError
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
				locked = s.lockedError(k.scope, st, region)
				return locked
			}
		}
		return nil
	})
	switch {
	case locked != nil:
		return nil, locked
	case err == nil:
		return &attempt{s: s, keys: keys}, nil
	}
	// Can the store still read? Then it is a write failure (a full disk).
	if rerr := s.checkLocks(ctx, name, source, region); rerr != nil {
		var le *LockedError
		if errors.As(rerr, &le) {
			return nil, rerr
		}
		return nil, unavailable("reserve a login attempt", err)
	}
	s.Log.Error("login throttling cannot write to the store; counting in this replica's memory", "err", err)
	if le := s.memThrottle().reserve(s, name, source, now); le != nil {
		return nil, le
	}
	return &attempt{s: s, keys: keys, local: true, name: name, source: source}, nil
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
