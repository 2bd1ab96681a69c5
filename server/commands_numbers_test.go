package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// numbersPortal is a portal where alice has a number of every product and
// bob has a PBX number of his own; it returns alice's client. sipServers,
// if given, are the CH region's SIP servers.
func numbersPortal(t *testing.T, d *db.DB, sipServers ...portal.SIPServer) (*testPortal, *gossh.Client) {
	t.Helper()
	p := startPortal(t, d, nil)
	// Set before any session reads the configuration.
	p.svc.Cfg.TeamsGuide = "https://example.ch/help/microsoft-teams"
	if len(sipServers) > 0 {
		p.svc.Cfg.SIPServers = map[string][]portal.SIPServer{"CH": sipServers}
	}
	ctx := context.Background()
	alice := p.customer(t, "alice@example.ch")
	bob := p.customer(t, "bob@example.ch")
	for _, n := range []struct {
		acct                 db.Account
		number, trunk, label string
		product              portal.Product
	}{
		{alice, "+41441234567", "", "Office", portal.ProductPBX},
		{alice, "+41445550199", "", "Teams", portal.ProductTeams},
		{alice, "+41447770000", "", "Trunk HQ", portal.ProductTrunk},
		{alice, "+41447770001", "+41447770000", "Reception", portal.ProductTrunkParticipant},
		{alice, "+41447770099", "", "Fax", portal.ProductNone},
		{bob, "+41449990000", "", "Bob's PBX", portal.ProductPBX},
	} {
		if _, err := p.svc.AddNumber(ctx, p.svc.DB, n.acct.ID, n.number, n.product, n.trunk, n.label); err != nil {
			t.Fatal(err)
		}
	}
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return p, c
}

func (p *testPortal) voipPassword(t *testing.T, email, number string) string {
	t.Helper()
	acct, err := db.AccountByUserID(context.Background(), p.svc.DB, email)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := p.svc.Credentials(context.Background(), acct.ID, number)
	if err != nil {
		t.Fatal(err)
	}
	return cr.Password
}

func wantExit(t *testing.T, c *gossh.Client, cmd string, code int, stderr ...string) (string, string) {
	t.Helper()
	out, errOut, got := run(t, c, cmd)
	if got != code {
		t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", cmd, got, code, out, errOut)
	}
	for _, w := range stderr {
		if !strings.Contains(errOut, w) {
			t.Errorf("%s: stderr lacks %q:\n%s", cmd, w, errOut)
		}
	}
	return out, errOut
}

func TestNumbersCommandOnBothStores(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, c := numbersPortal(t, d)
		out, _ := wantExit(t, c, "numbers --json", 0)
		var nums []map[string]string
		if err := json.Unmarshal([]byte(out), &nums); err != nil || len(nums) != 5 {
			t.Fatalf("numbers --json: %v\n%s", err, out)
		}
		want := map[string]string{"number": "+41447770001", "formatted": "+41 44 777 00 01", "product": "trunk-participant",
			"label": "Reception", "status": "active", "trunk": "+41447770000"}
		for k, v := range want {
			if nums[3][k] != v {
				t.Errorf("numbers --json [3].%s = %q, want %q", k, nums[3][k], v)
			}
		}
		if _, has := nums[0]["trunk"]; has {
			t.Error("a PBX number has a trunk field")
		}
		out, _ = wantExit(t, c, "numbers", 0)
		for _, w := range []string{"NUMBER", "PRODUCT", "+41 44 123 45 67", "Virtual PBX", "Office", "+41 44 777 00 99", "No SIP service"} {
			if !strings.Contains(out, w) {
				t.Errorf("numbers lacks %q:\n%s", w, out)
			}
		}
		if strings.Contains(out, "+41 44 999 00 00") {
			t.Error("numbers lists another account's number")
		}
		wantExit(t, c, "numbers extra", 2, "numbers takes no arguments", "Usage:", "numbers [--json]")
		wantExit(t, c, "numbers --bogus", 2, "Error: Unknown flag: --bogus", "Usage:")
	})
}

func TestCredentialsCommand(t *testing.T) {
	t.Parallel()
	p, c := numbersPortal(t, dbtest.SQLite(t))
	// The SIP domain is not the server's host: a device needs both.
	p.svc.Cfg.SIPRealms = map[string]string{portal.RegionCH: "voip.example.ch", portal.RegionAT: "voip.example.at"}
	pw := p.voipPassword(t, "alice@example.ch", "+41441234567")

	out, _ := wantExit(t, c, "credentials +41441234567", 0)
	for _, w := range []string{"+41 44 123 45 67 (Virtual PBX, Office)", "SIP username", "41441234567",
		"VoIP password  " + pw, "SIP domain     voip.example.ch", "SIP server     sip.example.ch:5060 (UDP)"} {
		if !strings.Contains(out, w) {
			t.Errorf("credentials lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "Tip:") {
		t.Errorf("one server, yet the tip:\n%s", out)
	}
	// People type numbers with spaces; ssh splits them into arguments.
	if spaced, _ := wantExit(t, c, "credentials +41 44 123 45 67", 0); spaced != out {
		t.Errorf("spaced number prints\n%s\nwant\n%s", spaced, out)
	}

	out, _ = wantExit(t, c, "credentials 0041441234567 --json", 0)
	var cr portal.Credentials
	if err := json.Unmarshal([]byte(out), &cr); err != nil {
		t.Fatal(err)
	}
	if cr.Password != pw || cr.Username != "41441234567" || cr.Number.E164 != "+41441234567" || cr.Domain != "voip.example.ch" ||
		len(cr.Servers) != 1 || cr.Servers[0] != (portal.SIPServer{Host: "sip.example.ch", Port: 5060, Transport: "udp"}) {
		t.Errorf("credentials --json = %+v", cr)
	}

	// Products without a card: exit 4 and the reason.
	wantExit(t, c, "credentials +41445550199", 4, "Microsoft Teams numbers need no SIP configuration data", "https://example.ch/help/microsoft-teams")
	wantExit(t, c, "credentials +41447770001 --json", 4, "trunk's main number +41 44 777 00 00")
	wantExit(t, c, "credentials +41447770099", 4, "no SIP service")

	// Another account's number is answered exactly like one that does not exist.
	_, other := wantExit(t, c, "credentials +41449990000", 3, "Error: No such phone number in your account")
	_, unknown := wantExit(t, c, "credentials +41449990001", 3)
	if other != unknown {
		t.Errorf("another account's number: %q\nunknown number: %q", other, unknown)
	}

	wantExit(t, c, "credentials hello", 2, `"hello" is not a phone number: write it as 044 123 45 67`)
	wantExit(t, c, "credentials", 2, "credentials needs a phone number", "Usage:", "credentials NUMBER [--json | --device NAME|list [--reveal]]")
	wantExit(t, c, "credentials +41441234567 --jsn", 2, "Unknown flag: --jsn", "Usage:")
	help, _ := wantExit(t, c, "credentials --help", 0)
	for _, w := range []string{"SIP-Credentials card", "Exit status:", "3  no such phone number", "4  the number's product has no SIP credentials"} {
		if !strings.Contains(help, w) {
			t.Errorf("credentials --help lacks %q:\n%s", w, help)
		}
	}
}

func TestCredentialsWithTwoSIPServersCarryTheTip(t *testing.T) {
	t.Parallel()
	_, c := numbersPortal(t, dbtest.SQLite(t),
		portal.SIPServer{Host: "sip1.example.ch", Port: 5060, Transport: "udp"},
		portal.SIPServer{Host: "sip2.example.ch", Port: 5061, Transport: "tls"})
	out, _ := wantExit(t, c, "credentials +41447770000", 0)
	for _, w := range []string{"SIP trunk, Trunk HQ", "SIP servers    sip1.example.ch:5060 (UDP)", "               sip2.example.ch:5061 (TLS)",
		"Tip: Choose only one; entering both at once means every incoming call rings twice."} {
		if !strings.Contains(out, w) {
			t.Errorf("trunk credentials lack %q:\n%s", w, out)
		}
	}
	out, _ = wantExit(t, c, "credentials +41447770000 --json", 0)
	var cr portal.Credentials
	if err := json.Unmarshal([]byte(out), &cr); err != nil || len(cr.Servers) != 2 {
		t.Errorf("credentials --json: %v\n%s", err, out)
	}
}

func TestVoIPPasswordCommand(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p, c := numbersPortal(t, d)
		old := p.voipPassword(t, "alice@example.ch", "+41441234567")
		bobs := p.voipPassword(t, "bob@example.ch", "+41449990000")

		wantExit(t, c, "voip-password +41441234567", 2, "pass --new", "Usage:")
		wantExit(t, c, "voip-password +41441234567 --new", 2, "pass --yes", "ssh -t", "+41 44 123 45 67")
		wantExit(t, c, "voip-password +41449990000 --new --yes", 3, "No such phone number in your account")
		wantExit(t, c, "voip-password +41445550199 --new --yes", 4, "Microsoft Teams")
		if p.voipPassword(t, "alice@example.ch", "+41441234567") != old || p.voipPassword(t, "bob@example.ch", "+41449990000") != bobs {
			t.Fatal("a refused voip-password changed a password")
		}

		start := time.Now().Add(-time.Minute)
		out, _ := wantExit(t, c, "voip-password +41441234567 --new --yes", 0)
		fresh := p.voipPassword(t, "alice@example.ch", "+41441234567")
		if fresh == old || !strings.Contains(out, "New VoIP password for +41 44 123 45 67: "+fresh) || !strings.Contains(out, "no longer works") {
			t.Fatalf("voip-password printed:\n%s\n(stored %q, old %q)", out, fresh, old)
		}
		shown, _ := wantExit(t, c, "credentials +41441234567 --json", 0)
		if !strings.Contains(shown, `"voip_password": "`+fresh+`"`) {
			t.Errorf("credentials after regenerating:\n%s", shown)
		}
		acct, _ := db.AccountByUserID(context.Background(), d, "alice@example.ch")
		events, err := db.AuditEvents(context.Background(), d, acct.ID, start, 10)
		if err != nil || len(events) == 0 || events[0].Action != "voip-password.regenerate" || !strings.HasPrefix(events[0].RemoteAddr, "127.0.0.1:") {
			t.Errorf("audit events: %+v (%v)", events, err)
		}

		out, _ = wantExit(t, c, "voip-password +41447770000 --new --yes --json", 0)
		var cr portal.Credentials
		if err := json.Unmarshal([]byte(out), &cr); err != nil || cr.Password != p.voipPassword(t, "alice@example.ch", "+41447770000") {
			t.Errorf("voip-password --json: %v\n%s", err, out)
		}
		help, _ := wantExit(t, c, "voip-password --help", 0)
		for _, w := range []string{"--new", "--yes", "stops working immediately", "Exit status:"} {
			if !strings.Contains(help, w) {
				t.Errorf("voip-password --help lacks %q", w)
			}
		}
	})
}

// ptyCommand runs cmd in a session with a terminal, answers the prompt
// with typed, and returns the output and exit status.
func ptyCommand(t *testing.T, c *gossh.Client, cmd, typed string) (string, int) {
	t.Helper()
	return ptyCommandIn(t, c, "en_GB.UTF-8", cmd, "to confirm: ", typed)
}

// ptyCommandIn is ptyCommand with the client's LANG and the end of the
// prompt it waits for before typing.
func ptyCommandIn(t *testing.T, c *gossh.Client, lang, cmd, prompt, typed string) (string, int) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Setenv("LANG", lang); err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	outPipe, _ := s.StdoutPipe()
	if err := s.Start(cmd); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	buf := make([]byte, 1024)
	// A command that asks something else waits for an answer forever: the
	// session is closed after a generous deadline, ending the read.
	asked := make(chan struct{})
	defer close(asked)
	go func() {
		select {
		case <-asked:
		case <-time.After(20 * time.Second):
			s.Close()
		}
	}()
	for !strings.Contains(out.String(), prompt) {
		n, err := outPipe.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			t.Fatalf("no prompt %q: %v\n%s", prompt, err, out.String())
		}
	}
	if _, err := io.WriteString(in, typed); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(outPipe)
	out.Write(rest)
	code := 0
	if ee, ok := s.Wait().(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	}
	return out.String(), code
}

func TestVoIPPasswordAsksForTheLastFourDigitsOnATerminal(t *testing.T) {
	t.Parallel()
	p, c := numbersPortal(t, dbtest.SQLite(t))
	old := p.voipPassword(t, "alice@example.ch", "+41441234567")

	out, code := ptyCommand(t, c, "voip-password +41441234567 --new", "1234\r")
	if code != 1 || !strings.Contains(out, "stops working immediately") || !strings.Contains(out, "\r\n") {
		t.Fatalf("wrong digits: exit %d\n%q", code, out)
	}
	if p.voipPassword(t, "alice@example.ch", "+41441234567") != old {
		t.Fatal("wrong digits changed the password")
	}

	out, code = ptyCommand(t, c, "voip-password +41441234567 --new", "\x03")
	if code != 1 || p.voipPassword(t, "alice@example.ch", "+41441234567") != old {
		t.Fatalf("ctrl+c: exit %d\n%q", code, out)
	}

	// A typo corrected with backspace still confirms.
	out, code = ptyCommand(t, c, "voip-password +41441234567 --new", "45x6\x7f67\r")
	fresh := p.voipPassword(t, "alice@example.ch", "+41441234567")
	if code != 0 || fresh == old || !strings.Contains(out, "confirm: 456\b \b67") || !strings.Contains(out, fresh) {
		t.Fatalf("right digits: exit %d\n%q", code, out)
	}
}
