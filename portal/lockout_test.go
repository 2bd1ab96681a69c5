package portal_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// gatedHasher holds every password evaluation at a gate, so a test can
// have all its guesses in flight at once, whatever the scheduling. It
// also counts the attempts that wait for those in flight before they are
// counted themselves.
type gatedHasher struct {
	mu      sync.Mutex
	cond    *sync.Cond
	entered int
	waiting int
	open    bool
}

func gateHasher(s *testService) *gatedHasher {
	g := &gatedHasher{}
	g.cond = sync.NewCond(&g.mu)
	portal.SetVerifyHook(s.Hasher, func() {
		g.mu.Lock()
		g.entered++
		g.cond.Broadcast()
		for !g.open {
			g.cond.Wait()
		}
		g.mu.Unlock()
	})
	portal.SetWaitHook(s.Service, func() {
		g.mu.Lock()
		g.waiting++
		g.cond.Broadcast()
		g.mu.Unlock()
	})
	return g
}

// guesses runs the logins at once; it returns when every one is either
// held at the gate, waiting for those held there, or has returned
// (refused before evaluation), with the results to read after release.
type guesses struct {
	g    *gatedHasher
	wg   sync.WaitGroup
	errs []error
	done int
}

func (g *gatedHasher) launch(s *testService, reqs []portal.LoginRequest, into *guesses) {
	into.g = g
	base := len(into.errs)
	into.errs = append(into.errs, make([]error, len(reqs))...)
	for i, r := range reqs {
		into.wg.Add(1)
		go func() {
			defer into.wg.Done()
			_, err := s.CheckPassword(context.Background(), r)
			g.mu.Lock()
			into.errs[base+i] = err
			into.done++
			g.cond.Broadcast()
			g.mu.Unlock()
		}()
	}
	g.mu.Lock()
	for g.entered+g.waiting+into.done < len(into.errs) {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

// release opens the gate, waits for every login to return and says how
// many were evaluated, before the gate opened and after.
func (g *gatedHasher) release(into *guesses) int {
	g.mu.Lock()
	g.open = true
	g.cond.Broadcast()
	g.mu.Unlock()
	into.wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.entered
}

func wrong(user, source string, n int) []portal.LoginRequest {
	var out []portal.LoginRequest
	for range n {
		out = append(out, portal.LoginRequest{UserName: user, Password: "Wrong-password1", Source: source})
	}
	return out
}

// 40 parallel wrong guesses for one user ID: at most the threshold of
// them is evaluated (issue 11.5).
func TestParallelGuessesEvaluateAtMostTheThreshold(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		g := gateHasher(s)
		var gs guesses
		g.launch(s, wrong("alice@example.ch", "192.0.2.1", 40), &gs)
		evaluated := g.release(&gs)
		if evaluated > s.Cfg.LockThreshold {
			t.Fatalf("%d of 40 parallel guesses were evaluated; the threshold is %d", evaluated, s.Cfg.LockThreshold)
		}
		// Each guess failed, was refused by the lock, or found the
		// hashing queue full (told "busy" before the store was asked).
		lockedN := 0
		for _, err := range gs.errs {
			var locked *portal.LockedError
			switch {
			case errors.As(err, &locked):
				lockedN++
			case errors.Is(err, portal.ErrLoginFailed), errors.Is(err, portal.ErrBusy):
			default:
				t.Fatalf("a guess got %v", err)
			}
		}
		if lockedN == 0 {
			t.Fatal("no guess was refused by the lock")
		}
	})
}

// Many user names from one source: at most the source threshold.
func TestParallelGuessesFromOneSourceEvaluateAtMostItsThreshold(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		g := gateHasher(s)
		var reqs []portal.LoginRequest
		for i := range 45 {
			reqs = append(reqs, wrong(fmt.Sprintf("user%d@example.ch", i), "198.51.100.7", 1)...)
		}
		var gs guesses
		g.launch(s, reqs, &gs)
		if evaluated := g.release(&gs); evaluated > s.Cfg.SourceThreshold {
			t.Fatalf("%d of 45 guesses from one source were evaluated; the threshold is %d", evaluated, s.Cfg.SourceThreshold)
		}
	})
}

// 30 wrong guesses and then the right password in one burst: the right
// password arrives while the wrong ones are still being evaluated, and
// must not log in.
func TestRightPasswordInABurstOfGuessesDoesNotLogIn(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		g := gateHasher(s)
		var gs guesses
		g.launch(s, wrong("alice@example.ch", "192.0.2.1", 30), &gs)
		g.launch(s, []portal.LoginRequest{{UserName: "alice@example.ch", Password: alicePW, Source: "192.0.2.1"}}, &gs)
		g.release(&gs)
		if err := gs.errs[30]; err == nil {
			t.Fatal("the right password logged in after 30 wrong guesses in the same burst")
		}
	})
}

// With the hashing queue full, a login is told "busy" before the store
// is asked anything: a flood's attempts cost no reservation and refund
// (two write transactions each), and leave no trace in the counters.
func TestBusyLoginWritesNothing(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		var held []*portal.Admission
		for {
			a, err := s.Hasher.Admit()
			if err != nil {
				break
			}
			held = append(held, a)
		}
		_, err := login(s, "alice@example.ch", "Wrong-password1")
		if !errors.Is(err, portal.ErrBusy) {
			t.Fatalf("login with the queue full: %v, want %v", err, portal.ErrBusy)
		}
		var rows int
		if err := d.GetContext(context.Background(), &rows, `SELECT COUNT(*) FROM login_failures`); err != nil || rows != 0 {
			t.Fatalf("%d login_failures rows after a busy answer (%v), want none", rows, err)
		}
		for _, a := range held {
			a.Release()
		}
		if _, err := login(s, "alice@example.ch", alicePW); err != nil {
			t.Fatalf("login once the queue has room: %v", err)
		}
	})
}
