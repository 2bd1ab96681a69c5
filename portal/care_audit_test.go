package portal_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// Every event a customer-care action writes names the admin and the
// admin's network address: the welcome link of a new account, a reset link
// sent by care and a key registered by care lacked the address.
func TestCareEventsCarryTheAdminsAddress(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		bob, err := s.CreateCustomer(ctx, care, portal.NewCustomer{Email: "bob@example.ch", Region: "CH"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SendPasswordReset(ctx, care, bob.UserID); err != nil {
			t.Fatal(err)
		}
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		k, _ := gossh.NewPublicKey(pub)
		if _, err := s.RegisterAdminKey(ctx, care, "care", strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))+" desk"); err != nil {
			t.Fatal(err)
		}
		// bob has no password yet, so care's reset sends a welcome link again.
		want := map[string]bool{"account.create": true, "account.welcome-link-sent": true, "admin.key-add": true}
		for _, user := range []string{bob.UserID, "care"} {
			events, err := s.AuditTrail(ctx, user, time.Time{}, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				delete(want, e.Action)
				if e.Actor != "care" || e.Remote != care.Remote {
					t.Errorf("%s: actor %q from %q, want care from %q", e.Action, e.Actor, e.Remote, care.Remote)
				}
			}
		}
		for action := range want {
			t.Errorf("no %s event", action)
		}
	})
}
