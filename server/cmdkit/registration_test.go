package cmdkit

import (
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
)

func TestWriteRegistration(t *testing.T) {
	until := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)
	two := portal.RegistrationStatus{Known: true, Registered: true, SeveralServers: true, Warning: portal.SeveralServersWarning,
		Contacts: []kamailio.Registration{
			{Address: "192.0.2.1:5062", Transport: "udp", UserAgent: "Yealink SIP-T46S", Expires: until, Server: "udp:10.0.0.1:5060", ServerID: 1},
			{Address: "192.0.2.1:5063", Transport: "tcp", Expires: until, Server: "tcp:10.0.0.2:5060", ServerID: 2},
		}}
	for _, c := range []struct {
		name string
		st   portal.RegistrationStatus
		want string
	}{
		{"no registrar", portal.RegistrationStatus{}, ""},
		{"not registered", portal.RegistrationStatus{Known: true, Hint: portal.NotRegisteredHint},
			"> Registration   not registered\n> Hint: " + portal.NotRegisteredHint + "\n"},
		{"two servers", two, "> Registration   registered, 2 devices\n" +
			">   192.0.2.1:5062 udp, Yealink SIP-T46S, until 2026-12-01 23:30:00 UTC, at udp:10.0.0.1:5060 (server 1)\n" +
			">   192.0.2.1:5063 tcp, (no user agent), until 2026-12-01 23:30:00 UTC, at tcp:10.0.0.2:5060 (server 2)\n" +
			"> Warning: " + portal.SeveralServersWarning + "\n"},
	} {
		var b strings.Builder
		if err := WriteRegistration(&b, "> ", c.st, portal.Voice{}); err != nil || b.String() != c.want {
			t.Errorf("%s: %v\n got %q\nwant %q", c.name, err, b.String(), c.want)
		}
	}
}

// A customer reads the status in the session's language, the expiry in
// local time (Zurich: UTC+1 in December), never "UTC".
func TestWriteRegistrationSpeaksGermanInLocalTime(t *testing.T) {
	st := portal.RegistrationStatus{Known: true, Registered: true, Contacts: []kamailio.Registration{
		{Address: "192.0.2.1:5062", Transport: "udp", Expires: time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC), Server: "udp:10.0.0.1:5060", ServerID: 1}}}
	v := portal.Voice{Printer: i18n.NewPrinter(i18n.DeCH), Clock: i18n.Clock{Locale: i18n.DeCH}}
	var b strings.Builder
	if err := WriteRegistration(&b, "", st, v); err != nil {
		t.Fatal(err)
	}
	want := "Registrierung   registriert, 1 Gerät\n  192.0.2.1:5062 udp, (kein User-Agent), bis 2.12.2026 00:30:00, bei udp:10.0.0.1:5060 (Server 1)\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}
