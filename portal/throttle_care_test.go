package portal_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// A permanent lock names customer care of the portal the person came to:
// an AT customer is not sent to the CH address (issue 14).
func TestPermanentLockNamesTheRegionsCustomerCare(t *testing.T) {
	t.Parallel()
	s := newService(t, dbtest.SQLite(t))
	s.Cfg.MaxConsecutive = 3
	s.Cfg.CareEmails = map[string]string{"CH": "kundendienst@example.ch", "AT": "service@example.at"}
	alice := seedAlice(t, s)
	ctx := context.Background()
	for range s.Cfg.MaxConsecutive {
		s.now = s.now.Add(2 * time.Hour) // past every lock window: the count alone grows
		if _, err := s.CheckPassword(ctx, portal.LoginRequest{UserName: alice.UserID, Password: "Wrong-pass-1", Source: "192.0.2.9", Region: "AT"}); err == nil {
			t.Fatal("wrong password accepted")
		}
	}
	s.now = s.now.Add(24 * time.Hour)
	for region, want := range map[string]string{"AT": "service@example.at", "CH": "kundendienst@example.ch"} {
		var locked *portal.LockedError
		_, err := s.CheckPassword(ctx, portal.LoginRequest{UserName: alice.UserID, Password: alicePW, Source: "192.0.2.9", Region: region})
		if !errors.As(err, &locked) || !locked.Permanent || locked.CareEmail != want {
			t.Errorf("login at the %s portal: %v (%+v), want the permanent lock naming %s", region, err, locked, want)
		}
	}
}
