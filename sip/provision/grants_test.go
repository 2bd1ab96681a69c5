package provision_test

import (
	"context"
	"testing"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// The README's least privileges suffice: with one role for Kamailio and
// one for sipdesk, granted exactly deploy/kamailio/grants.sql, sipdesk
// provisions a PBX number, Kamailio takes the device's REGISTER, the card
// reads the registration, and removing the number deletes its row and its
// registration, each through its own role.
func TestREADMEGrantsSufficeForKamailioAndSipdesk(t *testing.T) {
	t.Parallel()
	kamtest.Require(t, "kamailio", "sipsak")
	ctx := context.Background()
	ownerURL, owner := kamtest.Database(t)
	kamailioURL, sipdeskURL := kamtest.Roles(t, ownerURL)
	kam, err := kamailio.Open(ctx, sipdeskURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kam.Close() })
	p := setupOn(t, kamailioURL, kam)

	p.assign(t, pbx, portal.ProductPBX)
	drain(t, p.worker)
	if failed, _ := p.svc.ProvisioningEvents(ctx, p.actor, false, 10); len(failed) != 1 || failed[0].Status != "done" {
		t.Fatalf("provisioning as sipdesk's role: %+v", failed)
	}
	c := p.credentials(t, pbx)
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatalf("REGISTER through Kamailio's role: %v", err)
	}
	st, err := p.svc.RegistrationStatus(ctx, p.alice.ID, pbx)
	if err != nil || !st.Registered {
		t.Fatalf("the card's status as sipdesk's role: %+v %v", st, err)
	}
	if _, err := p.svc.UnassignNumber(ctx, p.actor, pbx); err != nil {
		t.Fatal(err)
	}
	drain(t, p.worker)
	var n int
	if err := owner.DB.GetContext(ctx, &n, `SELECT (SELECT count(*) FROM subscriber) + (SELECT count(*) FROM location)`); err != nil || n != 0 {
		t.Fatalf("%d subscriber and location rows after removing the number as sipdesk's role, %v", n, err)
	}
}
