package portal

import (
	"sync"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
)

// SetVerifyHook makes h call fn at the start of every password evaluation.
func SetVerifyHook(h *Hasher, fn func()) { h.verifyHook = fn }

// SlowDefaultPiece makes the default piece's synthesis wait until
// release is closed, as its first synthesis lasts on a busy machine; it
// closes entered when the piece is first asked for. It returns the
// function that restores the real piece. Tests that call it must not run
// in parallel.
func SlowDefaultPiece(entered chan<- struct{}, release <-chan struct{}) (restore func()) {
	real := defaultPiece
	var once sync.Once
	defaultPiece = func() (*audio.Renditions, error) {
		once.Do(func() { close(entered) })
		<-release
		return real()
	}
	return func() { defaultPiece = real }
}

// QueueRefund queues the give-back of one counted attempt of the user ID,
// as a login does when the store fails before it could give it back.
func QueueRefund(s *Service, userID string) {
	s.refunds.add(s, []throttleKey{{scope: db.ScopeAccount, subject: userID, threshold: s.Cfg.LockThreshold, max: s.Cfg.MaxConsecutive}})
}

// PendingRefunds is how many give-backs wait in the queue.
func PendingRefunds(s *Service) int {
	s.refunds.mu.Lock()
	defer s.refunds.mu.Unlock()
	return len(s.refunds.pending) + map[bool]int{true: 1}[s.refunds.running]
}

// SetWaitHook makes s call fn once for each attempt that starts waiting
// for attempts in flight before it is counted.
func SetWaitHook(s *Service, fn func()) { s.waitHook = fn }
