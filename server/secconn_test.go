package server

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// waitConnClosed waits until the server closed the client's connection.
func waitConnClosed(t *testing.T, c *gossh.Client, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { _ = c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: the connection is still open", what)
	}
}

// A connection keeps no rights after the event that ends them: not only
// its sessions end, the whole connection closes, so a multiplexing client
// (ssh -M -N, no session open) cannot open a new channel on it. The change
// is made through this replica (ended at once) or only in the store, as
// another replica would (ended by the epoch watch).
func TestConnectionEndsWithTheRightsOfItsLogin(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := startAdminPortal(t, d)
		care := portal.CareActor{Admin: p.admin, Remote: "192.0.2.9", Session: "care-session"}
		ctx := context.Background()
		for _, tc := range []struct {
			name   string
			change func(t *testing.T, acct db.Account)
		}{
			{"password changed here", func(t *testing.T, acct db.Account) {
				if err := p.svc.ChangePassword(ctx, acct, testPassword, "Brand-new-2026!", "Brand-new-2026!", "", "192.0.2.1"); err != nil {
					t.Fatal(err)
				}
			}},
			{"disabled by care", func(t *testing.T, acct db.Account) {
				if _, _, err := p.svc.DisableAccount(ctx, care, acct.UserID); err != nil {
					t.Fatal(err)
				}
			}},
			{"changed through another replica", func(t *testing.T, acct db.Account) {
				if _, err := db.BumpSessionEpoch(ctx, d, acct.ID); err != nil {
					t.Fatal(err)
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				acct := p.customer(t, strings.ReplaceAll(tc.name, " ", "-")+"@example.ch")
				c, err := p.dial(acct.UserID, gossh.Password(testPassword))
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				if out, _, code := run(t, c, "whoami"); code != 0 || !strings.Contains(out, acct.UserID) {
					t.Fatalf("whoami before: %q %d", out, code)
				}
				tc.change(t, acct)
				waitConnClosed(t, c, tc.name)
				if s, err := c.NewSession(); err == nil {
					s.Close()
					t.Fatal("a new channel opened on the ended connection")
				}
			})
		}
	})
}

// Every new channel checks the connection's rights in the store first, so
// a change through another replica takes effect before the epoch watch's
// next round; an admin key login also checks that its key is still
// registered, whatever the epoch says.
func TestNewChannelChecksTheRightsOfTheConnection(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	q := startPortalTuned(t, d, nil, nil, func(s *Server) { s.epochInterval = time.Hour })
	ctx := context.Background()

	alice := q.customer(t, "alice@example.ch")
	c, err := q.dial(alice.UserID, gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := db.BumpSessionEpoch(ctx, d, alice.ID); err != nil {
		t.Fatal(err)
	}
	if s, err := c.NewSession(); err == nil {
		s.Close()
		t.Fatal("a new channel opened after the epoch changed in the store")
	} else if !strings.Contains(err.Error(), "Ihr Passwort wurde geändert, deshalb wurde diese Sitzung beendet") {
		// In the account's language: no session said more, so its region's.
		t.Fatalf("refusal without the reason in German: %v", err)
	}
	waitConnClosed(t, c, "after the refused channel")

	// The admin's key disappears from the store without an epoch change.
	admin := newSigner(t)
	if _, _, err := q.svc.EnsureInitialAdmin(ctx, "care2", "care2@example.ch", []string{authorizedLine(admin, "desk")}); err != nil {
		t.Fatal(err)
	}
	ac, err := q.dial("care2", gossh.PublicKeys(admin))
	if err != nil {
		t.Fatal(err)
	}
	defer ac.Close()
	if _, _, code := run(t, ac, "admin customer list"); code != 0 {
		t.Fatalf("admin before: %d", code)
	}
	if err := db.RemoveAdminKey(ctx, d, gossh.FingerprintSHA256(admin.PublicKey())); err != nil {
		t.Fatal(err)
	}
	if s, err := ac.NewSession(); err == nil {
		s.Close()
		t.Fatal("a new channel opened after the admin's key was removed")
	} else if !strings.Contains(err.Error(), portal.KeyRemovedReason) {
		t.Fatalf("refusal without the reason: %v", err)
	}
	waitConnClosed(t, ac, "after the key was removed")
}

// An admin whose key customer care removes loses the connection made with
// it, with or without a session open.
func TestAdminConnectionEndsWhenItsKeyIsRemoved(t *testing.T) {
	t.Parallel()
	p := startAdminPortal(t, dbtest.SQLite(t))
	ctx := context.Background()
	colleague := newSigner(t)
	actor := portal.CareActor{Admin: p.admin, Remote: "192.0.2.9", Session: "another-connection"}
	if _, err := p.svc.RegisterAdminKey(ctx, actor, "admin", authorizedLine(colleague, "other")); err != nil {
		t.Fatal(err)
	}
	c := p.dialAdmin(t)
	if _, _, code := run(t, c, "admin customer list"); code != 0 {
		t.Fatalf("admin before: %d", code)
	}
	if _, err := p.svc.RemoveAdminKey(ctx, actor, gossh.FingerprintSHA256(p.signer.PublicKey())); err != nil {
		t.Fatal(err)
	}
	waitConnClosed(t, c, "admin after key removal")
	if s, err := c.NewSession(); err == nil {
		s.Close()
		t.Fatal("admin command channel opened after the key was removed")
	}
}

// The connection that changed the password keeps its rights: its TUI stays
// open through many rounds of the epoch watch, and it may open new
// channels; the account's other connections end.
func TestPasswordChangeKeepsTheConnectionThatMadeIt(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := startPortal(t, d, nil)
		alice := p.customer(t, "alice@example.ch")
		dial := func() *gossh.Client {
			c, err := p.dial(alice.UserID, gossh.Password(testPassword))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return c
		}
		mine, other := dial(), dial()
		tui, err := mine.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := tui.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		tui.Stdout = discard{}
		if err := tui.Shell(); err != nil {
			t.Fatal(err)
		}
		tuiDone := make(chan error, 1)
		go func() { tuiDone <- tui.Wait() }()
		p.waitOpenSessions(t, alice.UserID, 1)

		keep := hex.EncodeToString(mine.SessionID())
		if err := p.svc.ChangePassword(context.Background(), alice, testPassword, "Brand-new-2026!", "Brand-new-2026!", keep, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		waitConnClosed(t, other, "the other connection")
		for start := p.srv.epochChecks.Load(); p.srv.epochChecks.Load() < start+5; time.Sleep(10 * time.Millisecond) {
			select {
			case err := <-tuiDone:
				t.Fatalf("the TUI of the connection that changed the password ended: %v", err)
			default:
			}
		}
		if out, _, code := run(t, mine, "whoami"); code != 0 || !strings.Contains(out, alice.UserID) {
			t.Fatalf("new channel on the kept connection: %q %d", out, code)
		}
		select {
		case err := <-tuiDone:
			t.Fatalf("the TUI ended: %v", err)
		default:
		}
	})
}
