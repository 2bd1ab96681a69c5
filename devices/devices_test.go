package devices

import (
	"bufio"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// pbx is a virtual PBX number with one SIP server, password hidden; trunk a
// SIP trunk with two servers and the password revealed. Their SIP domain
// is not a server's host name, as in production (sip1/sip2 serve the
// domain): a template that puts one where the other belongs shows.
var (
	pbx = Account{Number: "+41441234567", Formatted: "+41 44 123 45 67", Label: "Office Zurich",
		Username: "41441234567", Password: "gEHrhXZc7LtTbR7zRFcy3HZc", Domain: "voip.example.ch",
		Servers: []Server{{Host: "sip.example.ch", Port: 5060, Transport: "udp"}}}
	trunk = Account{Number: "+41447770000", Formatted: "+41 44 777 00 00", Label: `Trunk "HQ" <a&b>;#x`,
		Username: "41447770000", Password: "Xy7pQ2rT9wZa3LmN8bVc4KdE", Reveal: true, Domain: "voip.example.ch", Trunk: true,
		Servers: []Server{{Host: "sip1.example.ch", Port: 5060, Transport: "udp"}, {Host: "sip2.example.ch", Port: 5080, Transport: "tcp"}}}
)

// checks parse each device's output the way the device would.
var checks = map[string]func(t *testing.T, out string, a Account){
	"fritzbox":   fields("Benutzername", "Kennwort", "Registrar", "Proxy-Server", "Authentifizierungsname", "Transportprotokoll"),
	"yealink":    checkYealink,
	"snom":       checkSnom,
	"pjsip":      checkPJSIP,
	"freeswitch": checkXML("include"),
	"baresip":    checkBaresip,
	"linphone":   fields("Username", "SIP Domain", "Password", "Transport", "Auth ID", "Proxy address"),
	"microsip":   fields("Account Name", "SIP Server", "SIP Proxy", "Username", "Domain", "Login", "Password", "Transport"),
}

func TestEveryDeviceParsesAndMatchesItsGolden(t *testing.T) {
	t.Parallel()
	if len(checks) != len(All) {
		t.Fatalf("%d checks for %d devices", len(checks), len(All))
	}
	for _, d := range All {
		for name, a := range map[string]Account{"pbx": pbx, "trunk": trunk} {
			t.Run(d.Name+"/"+name, func(t *testing.T) {
				var b strings.Builder
				if err := Render(&b, d, a); err != nil {
					t.Fatal(err)
				}
				out := b.String()
				checks[d.Name](t, out, a)
				if a.Reveal != strings.Contains(out, a.Password) {
					t.Errorf("reveal %v, password shown %v", a.Reveal, !a.Reveal)
				}
				if !a.Reveal && (!strings.Contains(out, HiddenPassword) || !strings.Contains(out, "reveal")) {
					t.Error("a hidden password is not marked as hidden")
				}
				if !strings.Contains(out, a.Servers[0].Host) {
					t.Error("the first SIP server is missing")
				}
				if !strings.Contains(out, a.Domain) {
					t.Error("the SIP domain is missing")
				}
				if len(a.Servers) > 1 && !strings.Contains(out, a.Servers[1].Host) {
					t.Error("the fallback SIP server is not named")
				}
				golden(t, filepath.Join("testdata", d.Name+"-"+name+".golden"), out)
			})
		}
	}
}

func TestUnknownDeviceNamesTheKnownOnes(t *testing.T) {
	t.Parallel()
	_, err := Find("cisco")
	if !errors.Is(err, ErrUnknownDevice) || !strings.Contains(err.Error(), "fritzbox, yealink") {
		t.Fatalf("Find(cisco) = %v", err)
	}
	if d, err := Find(" Yealink "); err != nil || d.Name != "yealink" {
		t.Fatalf("Find(Yealink) = %+v, %v", d, err)
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./devices -update writes it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// fields checks a field list: every label on a line of its own with a value.
func fields(labels ...string) func(t *testing.T, out string, a Account) {
	return func(t *testing.T, out string, a Account) {
		for _, l := range labels {
			re := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(l) + `\s{2,}\S`)
			if !re.MatchString(out) {
				t.Errorf("no field %q:\n%s", l, out)
			}
		}
	}
}

var yealinkLine = regexp.MustCompile(`^account\.1\.[a-z0-9_.]+ = [^\s].*$`)

func checkYealink(t *testing.T, out string, a Account) {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "#!version:1.0.0.1" {
		t.Errorf("first line %q", lines[0])
	}
	keys := map[string]string{}
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "##") {
			continue
		}
		if !yealinkLine.MatchString(l) {
			t.Errorf("not key = value: %q", l)
			continue
		}
		k, v, _ := strings.Cut(l, " = ")
		keys[k] = v
	}
	// The SIP server field is the domain (From/To, the realm); the
	// server's host is the outbound proxy the phone sends to.
	if keys["account.1.user_name"] != a.Username || keys["account.1.sip_server.1.address"] != a.Domain ||
		keys["account.1.outbound_proxy_enable"] != "1" || keys["account.1.outbound_proxy.1.address"] != a.Servers[0].Host ||
		keys["account.1.outbound_proxy.1.port"] != strconv.Itoa(a.Servers[0].Port) {
		t.Errorf("keys %v", keys)
	}
	if _, ok := keys["account.1.sip_server.2.address"]; ok {
		t.Error("a second SIP server registers the phone twice; the fallback is the second outbound proxy")
	}
	// The outbound proxies share the SIP server's transport_type: a
	// fallback with a transport of its own is named in a comment instead.
	second := len(a.Servers) > 1 && a.Servers[1].Transport == a.Servers[0].Transport
	if fb, ok := keys["account.1.outbound_proxy.2.address"]; ok != second || (ok && fb != a.Servers[1].Host) {
		t.Errorf("fallback proxy %q (present %v) with servers %v", fb, ok, a.Servers)
	}
}

// checkSnom: user_host is the domain (the realm), user_outbound the first
// server.
func checkSnom(t *testing.T, out string, a Account) {
	checkXML("settings")(t, out, a)
	var doc struct {
		Host     string `xml:"phone-settings>user_host"`
		Outbound string `xml:"phone-settings>user_outbound"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Host != a.Domain || !strings.HasPrefix(doc.Outbound, a.Servers[0].HostPort()+";") {
		t.Errorf("user_host %q, user_outbound %q", doc.Host, doc.Outbound)
	}
}

func checkXML(root string) func(t *testing.T, out string, a Account) {
	return func(t *testing.T, out string, a Account) {
		dec := xml.NewDecoder(strings.NewReader(out))
		dec.Strict = true
		first := ""
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, out)
			}
			if se, ok := tok.(xml.StartElement); ok && first == "" {
				first = se.Name.Local
			}
		}
		if first != root {
			t.Errorf("root element %q, want %q", first, root)
		}
	}
}

// pjsipRequired are the keys Asterisk needs in each section type.
var pjsipRequired = map[string][]string{
	"registration": {"server_uri", "client_uri", "outbound_auth", "transport"},
	"auth":         {"auth_type", "username", "password"},
	"aor":          {"contact"},
	"endpoint":     {"aors", "outbound_auth", "context", "allow"},
	"identify":     {"endpoint", "match"},
}

func checkPJSIP(t *testing.T, out string, a Account) {
	type section struct {
		name string
		keys map[string]string
	}
	var secs []section
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		switch {
		case l == "" || strings.HasPrefix(l, ";"):
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			secs = append(secs, section{name: l[1 : len(l)-1], keys: map[string]string{}})
		case len(secs) > 0 && strings.Contains(l, "="):
			k, v, _ := strings.Cut(l, "=")
			secs[len(secs)-1].keys[k] = v
		default:
			t.Errorf("not a section, key=value or comment: %q", l)
		}
	}
	byType := map[string]section{}
	for _, s := range secs {
		typ := s.keys["type"]
		for _, k := range pjsipRequired[typ] {
			if s.keys[k] == "" {
				t.Errorf("[%s] type=%s lacks %s", s.name, typ, k)
			}
		}
		byType[typ] = s
	}
	if len(byType) != len(pjsipRequired) {
		t.Errorf("section types %v", byType)
	}
	if byType["registration"].keys["outbound_auth"] != byType["auth"].name || byType["endpoint"].keys["aors"] != byType["aor"].name ||
		byType["identify"].keys["endpoint"] != byType["endpoint"].name {
		t.Error("sections do not refer to each other")
	}
	proxy := "sip:" + a.Servers[0].HostPort() + `\;lr`
	if byType["auth"].keys["username"] != a.Username || byType["auth"].keys["realm"] != a.Domain ||
		byType["registration"].keys["server_uri"] != "sip:"+a.Domain || byType["registration"].keys["outbound_proxy"] != proxy ||
		byType["endpoint"].keys["outbound_proxy"] != proxy || byType["aor"].keys["outbound_proxy"] != proxy {
		t.Errorf("values %v", byType)
	}
	// Calls come in from either server: identify matches every one.
	var hosts []string
	for _, srv := range a.Servers {
		hosts = append(hosts, srv.Host)
	}
	if got := byType["identify"].keys["match"]; got != strings.Join(hosts, ",") {
		t.Errorf("identify match=%s, want %s", got, strings.Join(hosts, ","))
	}
}

func checkBaresip(t *testing.T, out string, a Account) {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "<sip:"+a.Username+"@"+a.Domain+";") ||
		!strings.Contains(lines[0], ";auth_pass=") || !strings.Contains(lines[0], `;outbound="sip:`+a.Servers[0].HostPort()) {
		t.Errorf("accounts line %q", lines)
	}
}

// A punycode host name holds "--", which an XML comment may not: the Snom
// and FreeSWITCH outputs name the domain and servers in a comment, and
// were not well-formed for such a domain.
func TestPunycodeNamesKeepTheXMLWellFormed(t *testing.T) {
	t.Parallel()
	a := trunk
	a.Domain = "voip.xn--zrich-kva.example"
	a.Servers = []Server{{Host: "sip1.xn--zrich-kva.example", Port: 5060, Transport: "udp"}, {Host: "sip2.xn--zrich-kva.example", Port: 5060, Transport: "udp"}}
	for _, name := range []string{"snom", "freeswitch"} {
		d, err := Find(name)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := Render(&b, d, a); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { checks[name](t, b.String(), a) })
	}
}

// An IPv6 server is bracketed wherever a port or URI parameters follow it
// (FRITZ!Box Proxy-Server, Snom user_outbound, URIs); a field of its own
// for the address (Yealink, PJSIP identify) gets the bare address.
func TestIPv6ServersAreBracketedWhereAPortFollows(t *testing.T) {
	t.Parallel()
	a := trunk
	a.Servers = []Server{{Host: "2001:db8::10", Port: 5060, Transport: "udp"}, {Host: "2001:db8::11", Port: 5080, Transport: "udp"}}
	for _, d := range All {
		for _, lang := range []string{"de", "fr", "it", "en"} {
			a.Language = lang
			var b strings.Builder
			if err := Render(&b, d, a); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			t.Run(d.Name+"/"+lang, func(t *testing.T) {
				if labels, ok := localLabels[d.Name]; ok {
					fields(labels[lang]...)(t, out, a)
				} else {
					checks[d.Name](t, out, a)
				}
				for _, bad := range []string{"2001:db8::10:5060", "2001:db8::11:5080"} {
					if strings.Contains(out, bad) {
						t.Errorf("unbracketed %s:\n%s", bad, out)
					}
				}
				if !strings.Contains(out, "2001:db8::11") {
					t.Errorf("the fallback is not named:\n%s", out)
				}
				for _, uri := range regexp.MustCompile(`sips?:[^\s";>]+`).FindAllString(out, -1) {
					if host := strings.TrimPrefix(strings.TrimPrefix(uri, "sip:"), a.Username+"@"); strings.Contains(host, "::") && !strings.HasPrefix(host, "[") {
						t.Errorf("URI %s: an IPv6 host outside brackets", uri)
					}
				}
			})
		}
	}
	var b strings.Builder
	y, _ := Find("yealink")
	if err := Render(&b, y, a); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "account.1.outbound_proxy.1.address = 2001:db8::10\n") || !strings.Contains(b.String(), "account.1.outbound_proxy.1.port = 5060\n") {
		t.Errorf("yealink:\n%s", b.String())
	}
}

// The trial: a TLS server and a TCP-only fallback. Yealink's outbound
// proxies share the SIP server's transport_type, so a second outbound
// proxy would have been tried over TLS: the fallback is a comment with
// every value to switch, transport_type included. Every other device's
// note that names the fallback names the transport to switch to, in
// every language; with one transport for both nothing about a switch is
// said.
func TestFallbackWithAnotherTransportNamesIt(t *testing.T) {
	t.Parallel()
	a := pbx
	a.Servers = []Server{{Host: "sip1.example.ch", Port: 5061, Transport: "tls"}, {Host: "sip2.example.ch", Port: 5060, Transport: "tcp"}}
	// The word for the switch, per device: its own label or syntax.
	switchTo := map[string]string{
		"fritzbox": "TCP", "linphone": "TCP", "microsip": "TCP", "yealink": "TCP",
		"snom": "sip2.example.ch:5060;transport=tcp", "pjsip": "transport=transport-tcp",
		"freeswitch": "register-transport tcp", "baresip": "transport=tcp",
	}
	for _, d := range All {
		for _, lang := range []string{"de", "fr", "it", "en"} {
			a.Language = lang
			var b strings.Builder
			if err := Render(&b, d, a); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			t.Run(d.Name+"/"+lang, func(t *testing.T) {
				if d.Name == "yealink" {
					checkYealink(t, out, a)
					if !strings.Contains(out, "## sip_server.1.port = 5060 and sip_server.1.transport_type = 1 (TCP)") {
						t.Errorf("the switch lacks the transport_type:\n%s", out)
					}
				}
				var named bool
				for _, line := range strings.Split(out, "\n") {
					if !strings.Contains(line, "sip2.example.ch:5060") {
						continue
					}
					named = true
					if !strings.Contains(line, switchTo[d.Name]) {
						t.Errorf("names the fallback without %q: %s", switchTo[d.Name], line)
					}
				}
				if !named {
					t.Errorf("the fallback is not named:\n%s", out)
				}
			})
		}
	}
	// One transport for both: no switch is asked for, and Yealink takes
	// the fallback as its second outbound proxy.
	a.Servers[1].Transport, a.Servers[1].Port = "tls", 5061
	for _, d := range All {
		var b strings.Builder
		a.Language = "en"
		if err := Render(&b, d, a); err != nil {
			t.Fatal(err)
		}
		if d.Name == "yealink" {
			checkYealink(t, b.String(), a)
		}
		if strings.Contains(strings.ToLower(b.String()), "tcp") {
			t.Errorf("%s: a switch to TCP with two TLS servers:\n%s", d.Name, b.String())
		}
	}
}
