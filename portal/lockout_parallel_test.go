package portal_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

func right(user, source string, n int) []portal.LoginRequest {
	var out []portal.LoginRequest
	for range n {
		out = append(out, portal.LoginRequest{UserName: user, Password: alicePW, Source: source})
	}
	return out
}

// Alice's ten scripts log in at the same moment with the right password:
// more attempts are in flight than the lock threshold allows, but none of
// them is a failure, so every one logs in and nothing stays locked.
func TestParallelRightPasswordsAllLogIn(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		g := gateHasher(s)
		var gs guesses
		n := 2 * s.Cfg.LockThreshold
		g.launch(s, right("alice@example.ch", "192.0.2.1", n), &gs)
		g.release(&gs)
		for i, err := range gs.errs {
			if err != nil {
				t.Errorf("login %d of %d parallel ones with the right password: %v", i+1, n, err)
			}
		}
		st, err := db.LoginFailures(context.Background(), d, db.ScopeAccount, "alice@example.ch")
		if err != nil || st.Consecutive != 0 || st.LockedUntil.Valid {
			t.Fatalf("after %d right passwords the record is %+v (%v), want nothing counted", n, st, err)
		}
	})
}

// Wrong guesses and the right password at once, fewer guesses than the
// threshold: every right one logs in, every wrong one is a plain failure,
// none is refused as locked.
func TestParallelRightAndWrongBelowTheThreshold(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		g := gateHasher(s)
		var gs guesses
		wrongN := s.Cfg.LockThreshold - 2
		reqs := append(wrong("alice@example.ch", "192.0.2.1", wrongN), right("alice@example.ch", "192.0.2.1", 6)...)
		g.launch(s, reqs, &gs)
		g.release(&gs)
		for i, err := range gs.errs {
			switch {
			case i < wrongN && !errors.Is(err, portal.ErrLoginFailed):
				t.Errorf("wrong guess %d: %v, want %v", i+1, err, portal.ErrLoginFailed)
			case i >= wrongN && err != nil:
				t.Errorf("right password %d: %v", i-wrongN+1, err)
			}
		}
	})
}
