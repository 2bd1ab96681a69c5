package tui

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
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
	if _, err := w.Attach(ctx); err != nil {
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

// The card speaks the session's language: its labels line up however long
// they are ("Nom d'utilisateur SIP"), and a registration's expiry is the
// customer's local time (Zurich, UTC+1 in December), not the server's.
func TestCardInFrenchAlignsItsLabelsAndShowsLocalExpiry(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	c.Width, c.Height = 100, 40
	c.Voice = voiceIn(i18n.FrCH)
	nums, err := c.Svc.Numbers(context.Background(), c.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := newNumberPage(c, nums[0])
	p.update(p.reload()())
	expires := time.Date(2026, 12, 1, 21, 31, 5, 0, time.UTC)
	p.reg = &portal.RegistrationStatus{Known: true, Registered: true, Contacts: []kamailio.Registration{
		{Address: "192.0.2.7:5060", Transport: "udp", UserAgent: "Yealink T54W", Expires: expires, Server: "udp:198.51.100.1:5060"}}}
	view := ansi.Strip(p.View())
	wantIn(t, view, "Nom d'utilisateur SIP", "Enregistrement", "enregistré, 1 appareil", "jusqu'à 22:31:05")
	wantNotIn(t, view, "21:31:05", "UTC", "Registration")
	cr := credentials(t, c, nums[0].E164)
	col := func(label, value string) int {
		for _, line := range strings.Split(view, "\n") {
			if strings.Contains(line, label) {
				return utf8.RuneCountInString(line[:strings.Index(line, value)])
			}
		}
		t.Fatalf("no line with %q:\n%s", label, view)
		return 0
	}
	user, pw := col("Nom d'utilisateur SIP", cr.Username), col("Mot de passe VoIP", "•")
	if user != pw {
		t.Errorf("the SIP username starts at column %d, the VoIP password at %d:\n%s", user, pw, view)
	}
}

// A VoIP password set in another session (a command, a second terminal,
// customer care) reaches an open card with its next refresh: masked
// again, with a notice, and the new one is what r shows and c copies.
func TestOpenCardTakesAPasswordSetElsewhere(t *testing.T) {
	t.Parallel()
	_, kam := kamtest.Database(t)
	c := testCommon(t)
	c.Width, c.Height = 100, 40
	c.Svc.SIP = &portal.SIPPlatform{Kamailio: kam}
	ctx := context.Background()
	nums, err := c.Svc.Numbers(ctx, c.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := newNumberPage(c, nums[0])
	p.regEvery = time.Nanosecond
	load := p.update(p.reload()())
	tick := p.update(load())
	if tick == nil {
		t.Fatal("no refresh scheduled")
	}
	r := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")}
	p.update(r)
	old := p.creds.Password
	wantIn(t, p.View(), old)

	changed, err := c.Svc.RegenerateVoIPPassword(ctx, c.Account, nums[0].E164, "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	p.update(p.update(tick())())
	view := p.View()
	wantIn(t, view, "A new VoIP password was set in another session")
	wantNotIn(t, view, old, changed.Password)
	p.update(r)
	wantIn(t, p.View(), changed.Password)
	if p.creds.Password != changed.Password {
		t.Fatalf("the card copies %q, want the new %q", p.creds.Password, changed.Password)
	}
}
