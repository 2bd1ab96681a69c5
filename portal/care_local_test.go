package portal_test

import (
	"context"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// The local operator acts without an account and is audited by name; an
// actor that only looks like one (built outside LocalCareActor) is refused.
func TestLocalCareActorIsAuditedAndCannotBeForged(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		if _, err := s.CreateAccount(ctx, s.DB, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH"}); err != nil {
			t.Fatal(err)
		}
		forged := portal.CareActor{Admin: db.Account{UserID: portal.LocalOperatorPrefix + "mallory", Role: portal.RoleAdmin}, Remote: portal.LocalRemote}
		if _, _, err := s.DisableAccount(ctx, forged, "alice@example.ch"); err == nil {
			t.Fatal("an actor without an account and not made by LocalCareActor was accepted")
		}
		if _, changed, err := s.DisableAccount(ctx, portal.LocalCareActor("root"), "alice@example.ch"); err != nil || !changed {
			t.Fatalf("the local operator disabling an account: %v %v", changed, err)
		}
		e := lastEvent(t, s, "alice@example.ch")
		if e.Actor != "local:root" || e.Action != "account.disable" || e.Remote != portal.LocalRemote {
			t.Fatalf("audit event %+v", e)
		}
	})
}
