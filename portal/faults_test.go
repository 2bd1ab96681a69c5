package portal_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// The mail worker must be woken after the commit, when it can see the row;
// woken inside the transaction, its claim on Postgres finds nothing and the
// mail waits for the next poll (issue 13.10).
func TestMailWorkerIsWokenAfterTheCommit(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		a := seedAlice(t, s)
		ctx := context.Background()
		var woken, visible int
		s.MailQueued = func() {
			woken++
			rows, err := db.MailsByStatus(ctx, s.DB, "queued", 10)
			if err != nil {
				t.Errorf("read the outbox when woken: %v", err)
			}
			visible = len(rows)
		}
		if err := s.ChangePassword(ctx, a, alicePW, "Moonlight-2027", "Moonlight-2027", "", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if woken != 1 || visible != 1 {
			t.Fatalf("woken %d times, the worker saw %d queued mails (want 1 and 1)", woken, visible)
		}
	})
}

// Two concurrent `voip-password --new` each print the password they set
// (issue 13.9): one of them is the one stored, and they differ.
func TestConcurrentVoIPPasswordChangesPrintTheirOwnPassword(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		a := seedAlice(t, s)
		ctx := context.Background()
		const n = 12
		got := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := s.RegenerateVoIPPassword(ctx, a, "+41441234567", "192.0.2.1")
				if err != nil {
					t.Error(err)
					return
				}
				got[i] = c.Password
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for _, pw := range got {
			if seen[pw] {
				t.Fatalf("two concurrent changes printed the same password %q", pw)
			}
			seen[pw] = true
		}
		c, err := s.Credentials(ctx, a.ID, "+41441234567")
		if err != nil {
			t.Fatal(err)
		}
		if !seen[c.Password] {
			t.Fatalf("the stored password was printed by no change")
		}
	})
}

// Admins racing to add the same number: one wins, every other gets the
// "refused by a rule" answer (exit 4), not a store error (issue 13.11).
func TestRaceLosersOfAssignNumberAreRefusedByARule(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		care := careActor(t, s)
		ctx := context.Background()
		var users []string
		for i := range 6 {
			a, err := s.CreateAccount(ctx, s.DB, portal.NewAccountRequest{Email: fmt.Sprintf("c%d@example.ch", i), Region: "CH"})
			if err != nil {
				t.Fatal(err)
			}
			users = append(users, a.UserID)
		}
		for round := range 5 {
			number := fmt.Sprintf("+4144777%04d", round)
			errs := make([]error, len(users))
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, u := range users {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = s.AssignNumber(ctx, care, u, number, portal.ProductPBX, "", "")
				}()
			}
			close(start)
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case !errors.Is(err, portal.ErrCareRefused):
					t.Fatalf("round %d: a race loser got %v, want refused by a rule", round, err)
				}
			}
			if won != 1 {
				t.Fatalf("round %d: %d admins added the number", round, won)
			}
		}
	})
}

// A driver's error never reaches a customer screen: the screen gets a
// plain sentence with a reference, the log the detail under the same
// reference (issue 13.4).
func TestInternalErrorsAreShownAsAReference(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	s := newService(t, d)
	var logged bytes.Buffer
	s.Log = slog.New(slog.NewTextHandler(&logged, nil))
	driver := fmt.Errorf("list numbers: %w", errors.New("dial tcp 127.0.0.1:2749: connect: connection refused"))
	shown := s.Explain(driver, "load the numbers")
	if strings.Contains(shown, "dial tcp") || strings.Contains(shown, "127.0.0.1") {
		t.Fatalf("the customer reads the driver's error: %q", shown)
	}
	var ie *portal.InternalError
	if !errors.As(s.Internal(driver, "x"), &ie) || !strings.Contains(shown, "ref ") {
		t.Fatalf("no reference in %q", shown)
	}
	ref := shown[strings.Index(shown, "ref ")+4 : strings.Index(shown, "ref ")+10]
	if !strings.Contains(logged.String(), "ref="+ref) || !strings.Contains(logged.String(), "connection refused") {
		t.Fatalf("the log lacks the detail under ref %s:\n%s", ref, logged.String())
	}
	// Errors written for people pass unchanged, without what was wrapped around them.
	if got := s.Explain(fmt.Errorf("pq: detail: %w", portal.ErrUnknownNumber), "x"); got != portal.ErrUnknownNumber.Error() {
		t.Fatalf("a person's error became %q", got)
	}
}
