package portal_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// A region's SIP servers default as its realm does: giving CH's servers
// keeps AT's default instead of leaving the AT portal without any (the
// AT card then showed no SIP server and every device set-up failed).
func TestParseSIPServersKeepsTheDefaultOfARegionNotGiven(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   []string
		want string // the map, or the error's start
	}{
		{nil, "map[AT:[sip.example.at:5060 (UDP)] CH:[sip.example.ch:5060 (UDP)]]"},
		{[]string{"ch=127.0.0.1:5071/udp", "ch=127.0.0.1:5072/udp"},
			"map[AT:[sip.example.at:5060 (UDP)] CH:[127.0.0.1:5071 (UDP) 127.0.0.1:5072 (UDP)]]"},
		{[]string{"AT=sip1.provider.at:5061/tls"}, "map[AT:[sip1.provider.at:5061 (TLS)] CH:[sip.example.ch:5060 (UDP)]]"},
		{[]string{"ch=[2001:db8::10]:5060/udp"}, "map[AT:[sip.example.at:5060 (UDP)] CH:[[2001:db8::10]:5060 (UDP)]]"},
		{[]string{"de=sip.example.de"}, `--sip-server "de=sip.example.de": want ch=HOST:PORT/TRANSPORT`},
		{[]string{"ch=sip.example.ch/sctp"}, `SIP server "sip.example.ch/sctp": transport must be udp, tcp or tls`},
	} {
		m, err := portal.ParseSIPServers(c.in)
		got := fmt.Sprint(m)
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
}

// A device set-up for a region without a SIP server is refused with a
// sentence for the customer in their language: the card's chooser showed
// "a problem on our side (ref ...)" for it, the command English.
func TestDeviceSetupWithoutASIPServerSpeaksTheCustomersLanguage(t *testing.T) {
	t.Parallel()
	s := newService(t, dbtest.SQLite(t))
	s.Cfg.SIPServers = map[string][]portal.SIPServer{"AT": {{Host: "sip.example.at", Port: 5060, Transport: "udp"}}}
	alice := seedAlice(t, s)
	var out strings.Builder
	err := s.DeviceSetup(context.Background(), &out, alice.ID, "+41441234567", "fritzbox", i18n.German, false)
	if !errors.Is(err, portal.ErrNoSIPServer) || out.Len() != 0 {
		t.Fatalf("DeviceSetup = %v, wrote %q", err, out.String())
	}
	de := portal.Voice{Printer: i18n.NewPrinter(i18n.DeCH), Clock: i18n.Clock{Locale: i18n.DeCH}}
	if got := s.ExplainIn(de, err, "make the device set-up"); got != "Für Ihre Region ist kein SIP-Server eingerichtet, daher kann kein Gerät eingerichtet werden; bitte wenden Sie sich an den Kundendienst." {
		t.Errorf("explained %q", got)
	}
}

// An IPv6 server is written as in a URI, in brackets; the host is kept
// without them and every output puts them back where a port follows. An
// IPv6 address without brackets is ambiguous (is :5060 its last group or
// the port?) and refused with that reason, not "bad port".
func TestParseSIPServerTakesBracketedIPv6(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want string // want: the server as the card shows it, or the error
	}{
		{"[2001:db8::10]:5060/udp", "[2001:db8::10]:5060 (UDP)"},
		{"[2001:DB8::10]/tls", "[2001:db8::10]:5061 (TLS)"},
		{"[2001:db8::10]", "[2001:db8::10]:5060 (UDP)"},
		{"192.0.2.10:5080/tcp", "192.0.2.10:5080 (TCP)"},
		{"sip.example.ch", "sip.example.ch:5060 (UDP)"},
		{"2001:db8::10:5060/udp", `SIP server "2001:db8::10:5060/udp": write an IPv6 address in brackets, e.g. [2001:db8::10]:5060/udp`},
		{"[2001:db8::10:5060/udp", `SIP server "[2001:db8::10:5060/udp": the IPv6 address lacks its closing ]`},
		{"[sip.example.ch]:5060", `SIP server "[sip.example.ch]:5060": only an IPv6 address goes in brackets`},
		{"[192.0.2.10]:5060", `SIP server "[192.0.2.10]:5060": only an IPv6 address goes in brackets`},
		{"[2001:db8::10]5060", `SIP server "[2001:db8::10]5060": a port follows the ] after a colon`},
		{"[2001:db8::10]:99999", `SIP server "[2001:db8::10]:99999": bad port`},
		{"sip.example.ch:x", `SIP server "sip.example.ch:x": bad port`},
		{":5060", `SIP server ":5060": missing host`},
		{"[]:5060", `SIP server "[]:5060": missing host`},
	} {
		srv, err := portal.ParseSIPServer(c.in)
		got := srv.String()
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
	srv, err := portal.ParseSIPServer("[2001:db8::10]:5062/tcp")
	if err != nil || srv.Host != "2001:db8::10" || srv.Port != 5062 {
		t.Fatalf("%+v, %v", srv, err)
	}
}
