package tui

import (
	"context"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// The card of a PBX number with the real registrar behind it: not
// registered with the hint at first; a device registers with the card's
// values; the card's next refresh shows its user agent; a tick of an older
// showing is dropped.
func TestCardShowsTheLiveRegistrationAndRefreshes(t *testing.T) {
	t.Parallel()
	kamtest.Require(t, "kamailio", "sipsak")
	kamURL, kam := kamtest.Database(t)
	reg := kamtest.Start(t, kamURL, 1)
	c := testCommon(t)
	c.Width, c.Height = 100, 40
	ctx := context.Background()
	// sipsak sends the realm as the request's domain, so here it is the
	// registrar's address.
	c.Svc.Cfg.SIPRealms = map[string]string{portal.RegionCH: "127.0.0.1", portal.RegionAT: "127.0.0.1"}
	w := &provision.Worker{DB: c.Svc.DB, Truth: c.Svc, Registrar: kam}
	c.Svc.SIP = &portal.SIPPlatform{Kamailio: kam, Provisioner: w}
	if _, err := w.Reconcile(ctx, false); err != nil {
		t.Fatal(err)
	}

	nums, err := c.Svc.Numbers(ctx, c.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := newNumberPage(c, nums[0])
	p.regEvery = time.Nanosecond
	// Load the card, then its registration status; the reply schedules
	// the next read.
	load := p.update(p.reload()())
	if load == nil {
		t.Fatal("the loaded card reads no registration status")
	}
	tick := p.update(load())
	if tick == nil {
		t.Fatal("no refresh scheduled")
	}
	wantIn(t, p.View(), "Registration", "not registered", "No device is registered")

	cr := credentials(t, c, nums[0].E164)
	if err := kamtest.Register(ctx, reg.Addr, "127.0.0.1", cr.Username, cr.Password); err != nil {
		t.Fatal(err)
	}
	if load = p.update(tick()); load == nil {
		t.Fatal("the tick does not read the status again")
	}
	tick = p.update(load())
	view := p.View()
	wantIn(t, view, "registered, 1 device", "sipsak ", "udp:"+reg.Addr)
	wantNotIn(t, view, "No device is registered", cr.Password)

	// Reopening (a reload) starts a new chain: the old one's tick does
	// nothing.
	p.reload()
	if p.update(tick()) != nil {
		t.Fatal("a tick of the previous showing read the status again")
	}
}
