package server

import (
	"context"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// A password change or a disable made through another replica reaches this
// server only through the store: open sessions must notice and end.
func TestSessionsEndWhenTheStoreSaysSo(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := startPortal(t, d, nil)
		alice := p.customer(t, "alice@example.ch")
		bob := p.customer(t, "bob@example.ch")
		open := func(user string) <-chan error {
			c, err := p.dial(user, gossh.Password(testPassword))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			s, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			if err := s.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
			s.Stdout = discard{}
			if err := s.Shell(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- s.Wait() }()
			return done
		}
		aliceDone, bobDone := open("alice@example.ch"), open("bob@example.ch")
		ctx := context.Background()
		if _, err := db.BumpSessionEpoch(ctx, d, alice.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.SetDisabled(ctx, d, bob.ID, true, time.Now()); err != nil {
			t.Fatal(err)
		}
		for name, done := range map[string]<-chan error{"alice (new epoch)": aliceDone, "bob (disabled)": bobDone} {
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("%s: session still open", name)
			}
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
