package portal_test

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// storePair opens one database twice: a primary handle for the test, and
// a second one for the service, opened read-only when readOnly (a store
// that can read but not write, as on a full disk).
func storePair(t *testing.T, dialect db.Dialect, readOnly bool) (primary, second *db.DB) {
	t.Helper()
	ctx := context.Background()
	var dsn, dsn2 string
	if dialect == db.SQLite {
		path := filepath.Join(t.TempDir(), "test.db")
		dsn, dsn2 = "sqlite:"+path, "sqlite:"+path
		if readOnly {
			// Deferred transactions, as on a full disk: BEGIN works and
			// the first write fails (IMMEDIATE would fail at BEGIN under
			// query_only).
			dsn2 = "sqlite:file:" + path + "?_pragma=query_only(1)&_pragma=busy_timeout(10000)&_time_format=sqlite&_txlock=deferred"
		}
	} else {
		dsn = dbtest.NewPostgresDatabase(t)
		dsn2 = dsn
		if readOnly {
			u, _ := url.Parse(dsn)
			q := u.Query()
			q.Set("options", "-c default_transaction_read_only=on")
			u.RawQuery = q.Encode()
			dsn2 = u.String()
		}
	}
	var err error
	if primary, err = db.Open(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { primary.Close() })
	if _, err := primary.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if second, err = db.Open(ctx, dsn2); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	return primary, second
}

func eachDialect(t *testing.T, fn func(t *testing.T, dialect db.Dialect)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, db.SQLite) })
	t.Run("postgres", func(t *testing.T) { fn(t, db.Postgres) })
}

// A store that is gone is the server's problem, not a wrong password: the
// login says so and nothing counts toward the lockout (issue 13.3).
func TestLoginWithTheStoreDownIsUnavailableNotAWrongPassword(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, dialect db.Dialect) {
		primary, second := storePair(t, dialect, false)
		seeder := newService(t, primary)
		seedAlice(t, seeder)
		s := newService(t, second)
		second.Close() // the store is gone
		for range 8 {
			_, err := login(s, "alice@example.ch", alicePW)
			if !errors.Is(err, portal.ErrUnavailable) || errors.Is(err, portal.ErrLoginFailed) {
				t.Fatalf("login with the store down: %v, want ErrUnavailable", err)
			}
		}
		st, err := db.LoginFailures(context.Background(), primary, db.ScopeAccount, "alice@example.ch")
		if err != nil || st.Consecutive != 0 {
			t.Fatalf("store trouble counted toward the lockout: %+v %v", st, err)
		}
		if ok, err := login(seeder, "alice@example.ch", alicePW); err != nil || ok.Account.UserID != "alice@example.ch" {
			t.Fatalf("the login after the store came back: %v", err)
		}
	})
}

// On a store that can read but not write (a full disk) a login still
// works, the failed bookkeeping is logged, and wrong guesses are still
// limited, in this replica's memory (issue 13.3).
func TestLoginOnAStoreThatCannotWrite(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, dialect db.Dialect) {
		primary, second := storePair(t, dialect, true)
		seedAlice(t, newService(t, primary))
		s := newService(t, second)
		ctx := context.Background()
		ok, err := login(s, "alice@example.ch", alicePW)
		if err != nil {
			t.Fatalf("login on a store that cannot write: %v", err)
		}
		if err := s.CompleteLogin(ctx, ok.Account, "192.0.2.1", "password"); err != nil {
			t.Fatalf("the bookkeeping write failed the login: %v", err)
		}
		var locked *portal.LockedError
		for i := range s.Cfg.LockThreshold + 1 {
			_, err := login(s, "alice@example.ch", "Wrong-password1")
			if i < s.Cfg.LockThreshold && !errors.Is(err, portal.ErrLoginFailed) {
				t.Fatalf("guess %d: %v", i+1, err)
			}
			if i == s.Cfg.LockThreshold && !errors.As(err, &locked) {
				t.Fatalf("guess %d beyond the threshold: %v, want locked", i+1, err)
			}
		}
	})
}

// A Postgres that accepts but never answers: the login fails within the
// store's I/O timeout with ErrUnavailable instead of hanging (issue 13.2).
func TestLoginOnAStoreThatStopsAnswering(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewPostgresDatabase(t)
	primary, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	if _, err := primary.Migrate(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	seedAlice(t, newService(t, primary))
	proxy := dbtest.NewProxy(t, dbtest.PostgresHost(t))
	second, err := db.OpenWith(context.Background(), dbtest.ViaProxy(t, dsn, proxy.Addr()),
		db.Options{ConnectTimeout: time.Second, IOTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	s := newService(t, second)
	proxy.Pause()
	done := make(chan error, 1)
	go func() { _, err := login(s, "alice@example.ch", alicePW); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, portal.ErrUnavailable) {
			t.Fatalf("login on a stuck store: %v, want ErrUnavailable", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the login still waits for a stuck store after 30s")
	}
	proxy.Resume()
	if _, err := login(s, "alice@example.ch", alicePW); err != nil {
		// The pool may hand out one connection that timed out; the next works.
		if _, err := login(s, "alice@example.ch", alicePW); err != nil {
			t.Fatalf("login after the store answers again: %v", err)
		}
	}
}
