package kamailio

import "testing"

func TestHA1IsRFC2617(t *testing.T) {
	t.Parallel()
	// RFC 2617 section 3.5's example user.
	s := NewSubscriber("Mufasa", "testrealm@host.com", "Circle Of Life")
	if s.HA1 != "939e7578ed9e3c518a452acee763bce9" {
		t.Fatalf("ha1 %s", s.HA1)
	}
	if s.HA1B != md5hex("Mufasa@testrealm@host.com:testrealm@host.com:Circle Of Life") {
		t.Fatalf("ha1b %s", s.HA1B)
	}
}

func TestContactAddress(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ uri, addr, transport string }{
		{"sip:41441234567@192.0.2.1:5062", "192.0.2.1:5062", "udp"},
		{"<sip:41441234567@192.0.2.1;transport=TCP>", "192.0.2.1:5060", "tcp"},
		{"sips:41441234567@pbx.example.ch", "pbx.example.ch:5061", "tls"},
		{"sip:41441234567@[2001:db8::1]:5080;ob", "[2001:db8::1]:5080", "udp"},
		{"sip:198.51.100.7:40000", "198.51.100.7:40000", "udp"},
	} {
		addr, tr := contactAddress(c.uri)
		if addr != c.addr || tr != c.transport {
			t.Errorf("%s: %s %s, want %s %s", c.uri, addr, tr, c.addr, c.transport)
		}
	}
}

func TestOnSeveralServers(t *testing.T) {
	t.Parallel()
	a := Registration{Server: "udp:192.0.2.10:5060", ServerID: 1}
	b := Registration{Server: "udp:192.0.2.11:5060", ServerID: 2}
	if OnSeveralServers(nil) || OnSeveralServers([]Registration{a, a}) || !OnSeveralServers([]Registration{a, b}) {
		t.Fatal("wrong")
	}
	// One registrar reached over UDP by one device and over TCP or TLS
	// by another is one server: no "rings twice".
	tcp := Registration{Server: "tcp:192.0.2.10:5060", ServerID: 1}
	tls := Registration{Server: "tls:192.0.2.10:5061", ServerID: 1}
	if OnSeveralServers([]Registration{a, tcp, tls}) {
		t.Fatal("UDP, TCP and TLS on one registrar taken for several servers")
	}
	v6udp := Registration{Server: "udp:[2001:db8::10]:5060", ServerID: 3}
	v6tcp := Registration{Server: "tcp:[2001:DB8::10]:5060", ServerID: 3}
	if OnSeveralServers([]Registration{v6udp, v6tcp}) || !OnSeveralServers([]Registration{v6udp, a}) {
		t.Fatal("IPv6 sockets compared wrongly")
	}
}

// The transport Kamailio recorded wins over the Contact's (no ;transport=
// reads as UDP): received's parameter, else the socket's protocol; a
// WebSocket contact over a TCP or TLS socket stays ws or wss.
func TestRegistrationTransport(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ contact, received, socket, want string }{
		{"udp", "", "tcp:192.0.2.10:5060", "tcp"},
		{"udp", "", "TLS:[2001:db8::10]:5061", "tls"},
		{"udp", "sip:198.51.100.7:40000;transport=tcp", "tcp:192.0.2.10:5060", "tcp"},
		{"udp", "sip:198.51.100.7:40000", "udp:192.0.2.10:5060", "udp"},
		{"tcp", "", "", "tcp"},
		{"udp", "", "", "udp"},
		{"wss", "", "tls:192.0.2.10:443", "wss"},
		{"ws", "sip:198.51.100.7:40000;transport=ws", "tcp:192.0.2.10:80", "ws"},
	} {
		if got := registrationTransport(c.contact, c.received, c.socket); got != c.want {
			t.Errorf("contact %s, received %q, socket %q: %s, want %s", c.contact, c.received, c.socket, got, c.want)
		}
	}
}
