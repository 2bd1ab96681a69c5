package provision_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

const pbx = "+41441234567"

func TestPBXCredentialsRegisterWithTheRealRegistrar(t *testing.T) {
	t.Parallel()
	p := setup(t)
	p.assign(t, pbx, portal.ProductPBX)
	c := p.credentials(t, pbx)
	if err := p.register(t, c.Username, c.Password); !errors.Is(err, kamtest.ErrUnauthorized) {
		t.Fatalf("before the worker ran: %v, want 401", err)
	}
	if n := drain(t, p.worker); n != 1 {
		t.Fatalf("applied %d events, want 1", n)
	}
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatalf("the card's credentials: %v, want 200", err)
	}
	if err := p.register(t, c.Username, c.Password+"x"); !errors.Is(err, kamtest.ErrUnauthorized) {
		t.Fatalf("a wrong password: %v, want 401", err)
	}
	// Only HA1 values are stored, never the password.
	if n := p.count(t, `SELECT count(*) FROM subscriber WHERE username = $1 AND domain = $2 AND password = ''
		AND ha1 = md5($1 || ':' || $2 || ':' || $3) AND ha1b = md5($1 || '@' || $2 || ':' || $2 || ':' || $3)`,
		c.Username, realmCH, c.Password); n != 1 {
		t.Fatalf("%d subscriber rows with the expected HA1, HA1B and an empty password, want 1", n)
	}
}

func TestNewVoIPPasswordReplacesTheOldAtTheRegistrar(t *testing.T) {
	t.Parallel()
	p := setup(t)
	p.assign(t, pbx, portal.ProductPBX)
	drain(t, p.worker)
	old := p.credentials(t, pbx)
	if err := p.register(t, old.Username, old.Password); err != nil {
		t.Fatal(err)
	}
	c, err := p.svc.RegenerateVoIPPassword(context.Background(), p.alice, pbx, "192.0.2.1:5555")
	if err != nil {
		t.Fatal(err)
	}
	drain(t, p.worker)
	if err := p.register(t, old.Username, old.Password); !errors.Is(err, kamtest.ErrUnauthorized) {
		t.Fatalf("the old password: %v, want 401", err)
	}
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatalf("the new password: %v, want 200", err)
	}
}

func TestTeamsAndParticipantNumbersHaveNoSubscriber(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	p.assign(t, "+41445550199", portal.ProductTeams)
	p.assign(t, "+41445550100", portal.ProductTrunk)
	if _, err := p.svc.AssignNumber(ctx, p.actor, "alice@example.ch", "+41445550101", portal.ProductTrunkParticipant, "+41445550100", ""); err != nil {
		t.Fatal(err)
	}
	drain(t, p.worker)
	if n := p.count(t, `SELECT count(*) FROM subscriber WHERE username IN ('41445550199', '41445550101')`); n != 0 {
		t.Fatalf("%d subscriber rows for the Teams number and the trunk participant, want 0", n)
	}
	if n := p.count(t, `SELECT count(*) FROM subscriber WHERE username = '41445550100'`); n != 1 {
		t.Fatalf("%d rows for the trunk's main number, want 1", n)
	}
	// A PBX number that becomes Teams loses its row and its registrations.
	p.assign(t, pbx, portal.ProductPBX)
	drain(t, p.worker)
	c := p.credentials(t, pbx)
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.SetNumberProduct(ctx, p.actor, pbx, portal.ProductTeams, ""); err != nil {
		t.Fatal(err)
	}
	drain(t, p.worker)
	if n := p.count(t, `SELECT (SELECT count(*) FROM subscriber WHERE username = $1) + (SELECT count(*) FROM location WHERE username = $1)`, c.Username); n != 0 {
		t.Fatalf("%d subscriber and location rows after the change to Teams, want 0", n)
	}
	if err := p.register(t, c.Username, c.Password); !errors.Is(err, kamtest.ErrUnauthorized) {
		t.Fatalf("the former PBX credentials: %v, want 401", err)
	}
}

func TestRegistrationStatusAndRemovingTheNumberEndsIt(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	p.assign(t, pbx, portal.ProductPBX)
	drain(t, p.worker)
	st, err := p.svc.RegistrationStatus(ctx, p.alice.ID, pbx)
	if err != nil || !st.Known || st.Registered || st.Hint != portal.NotRegisteredHint {
		t.Fatalf("before any REGISTER: %+v %v", st, err)
	}
	c := p.credentials(t, pbx)
	if err := p.register(t, c.Username, c.Password); err != nil {
		t.Fatal(err)
	}
	st, err = p.svc.RegistrationStatus(ctx, p.alice.ID, pbx)
	if err != nil || !st.Registered || len(st.Contacts) != 1 || st.SeveralServers || st.Hint != "" {
		t.Fatalf("after REGISTER: %+v %v", st, err)
	}
	got := st.Contacts[0]
	if !strings.HasPrefix(got.UserAgent, "sipsak ") || got.Transport != "udp" || !strings.HasPrefix(got.Address, "127.0.0.1:") ||
		got.Server != "udp:"+p.reg.Addr || got.ServerID != 1 || !got.Expires.After(p.svc.Now()) {
		t.Fatalf("registration %+v", got)
	}
	all, err := p.svc.RegistrationStatuses(ctx, p.alice.ID)
	if err != nil || len(all) != 1 || !all[pbx].Registered {
		t.Fatalf("statuses of the account: %+v %v", all, err)
	}

	if _, err := p.svc.UnassignNumber(ctx, p.actor, pbx); err != nil {
		t.Fatal(err)
	}
	drain(t, p.worker)
	if n := p.count(t, `SELECT (SELECT count(*) FROM subscriber WHERE username = $1) + (SELECT count(*) FROM location WHERE username = $1)`, c.Username); n != 0 {
		t.Fatalf("%d subscriber and location rows after removing the number, want 0", n)
	}
	if _, err := p.svc.RegistrationStatus(ctx, p.alice.ID, pbx); !errors.Is(err, portal.ErrUnknownNumber) {
		t.Fatalf("status of the removed number: %v", err)
	}
}

func TestRegisteredOnTwoServersIsFlagged(t *testing.T) {
	t.Parallel()
	p := setup(t)
	ctx := context.Background()
	second := kamtest.Start(t, p.kamURL, 2)
	p.assign(t, pbx, portal.ProductPBX)
	drain(t, p.worker)
	c := p.credentials(t, pbx)
	for _, addr := range []string{p.reg.Addr, second.Addr} {
		if err := kamtest.Register(ctx, addr, realmCH, c.Username, c.Password); err != nil {
			t.Fatalf("register at %s: %v", addr, err)
		}
	}
	st, err := p.svc.RegistrationStatus(ctx, p.alice.ID, pbx)
	if err != nil || len(st.Contacts) != 2 || !st.SeveralServers || st.Warning != portal.SeveralServersWarning {
		t.Fatalf("registered on two servers: %+v %v", st, err)
	}
}
