package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// testSIPDomain is the SIP domain (digest realm) of the end-to-end tests.
// It is not the registrar's address (127.0.0.1), as in production where
// sip1 and sip2 serve one domain: a device set up with the server's host
// where the domain belongs is refused, so the tests see that mix-up.
const testSIPDomain = "sip.example.ch"

// sipPortal is sipdesk on a fresh Postgres with the real Kamailio as its
// registrar on 127.0.0.1 and the SIP domain testSIPDomain.
func sipPortal(t *testing.T) (*serverProc, *kamtest.Registrar) {
	t.Helper()
	kamURL, _ := kamtest.Database(t)
	reg := kamtest.Start(t, kamURL, 1)
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(reg.Addr)
	p := startPortal(t, t.TempDir(), "--database-url", dbtest.NewPostgresDatabase(t),
		"--server-key", base64.StdEncoding.EncodeToString(key), "--kamailio-database-url", kamURL,
		"--sip-realm", "ch="+testSIPDomain, "--sip-server", "ch="+host+":"+port+"/udp")
	return p, reg
}

// deviceOutput runs credentials NUMBER --device NAME --reveal and returns
// its lines (the terminal's line ends undone).
func deviceOutput(t *testing.T, p *serverProc, user, password, number, device string) []string {
	t.Helper()
	out, code := sshCommand(t, p, user, password, "credentials", number, "--device", device, "--reveal")
	if code != 0 {
		t.Fatalf("--device %s: exit %d:\n%s", device, code, out)
	}
	return strings.Split(strings.ReplaceAll(out, "\r", ""), "\n")
}

// waitUserAgent waits until the card's registration lists a contact whose
// user agent starts with prefix.
func waitUserAgent(t *testing.T, p *serverProc, user, password, number, prefix string) portal.RegistrationStatus {
	t.Helper()
	var reg *portal.RegistrationStatus
	waitShowing(t, 45*time.Second, fmt.Sprintf("a contact with user agent %q", prefix), func() bool {
		reg = credentialsJSON(t, p, user, password, number).Registration
		for _, c := range reg.Contacts {
			if strings.HasPrefix(c.UserAgent, prefix) {
				return true
			}
		}
		return false
	}, func() string { return fmt.Sprintf("%+v", reg) })
	return *reg
}

// The device set-up is proven with real clients: baresip with the
// generated accounts line, and sipp with the Yealink file's values, both
// register at the real Kamailio, and the card shows their user agents.
func TestE2EDeviceSetupRegistersRealClients(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	kamtest.Require(t, "kamailio", "baresip", "sipp")
	p, reg := sipPortal(t)
	user, password := p.demo(t)
	const pbx = "+41441234567"

	// baresip: the accounts line as printed, in a config of its own.
	var line string
	for _, l := range deviceOutput(t, p, user, password, pbx, "baresip") {
		if strings.HasPrefix(l, "<sip:") {
			line = l
		}
	}
	if line == "" {
		t.Fatal("no accounts line in --device baresip")
	}
	dir := t.TempDir()
	config := "sip_listen\t\t127.0.0.1:" + strconv.Itoa(baresipPort(t)) + "\n" +
		"module_path\t\t/usr/lib/baresip/modules\nmodule\t\t\tg711.so\nmodule_app\t\taccount.so\n"
	for name, body := range map[string]string{"config": config, "accounts": line + "\n", "contacts": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var baresipLog bytes.Buffer
	cmd := exec.Command("baresip", "-f", dir, "-t", "120")
	cmd.Stdout, cmd.Stderr = &baresipLog, &baresipLog
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("baresip:\n%s", baresipLog.String())
		}
	})
	st := waitUserAgent(t, p, user, password, pbx, "baresip")
	if !st.Registered || st.Contacts[0].Server != "udp:"+reg.Addr {
		t.Fatalf("after baresip: %+v", st)
	}

	if cr := credentialsJSON(t, p, user, password, pbx); cr.Domain != testSIPDomain {
		t.Fatalf("credentials --json: sip_domain %q, want %q", cr.Domain, testSIPDomain)
	}

	// sipp: the Yealink provisioning file's values, as the phone uses
	// them: the SIP server field is the domain in the request, the
	// outbound proxy where it is sent.
	keys := map[string]string{}
	for _, l := range deviceOutput(t, p, user, password, pbx, "yealink") {
		if k, v, ok := strings.Cut(l, " = "); ok {
			keys[k] = v
		}
	}
	domain := keys["account.1.sip_server.1.address"]
	server := keys["account.1.sip_server.1.address"] + ":" + keys["account.1.sip_server.1.port"]
	if keys["account.1.outbound_proxy_enable"] == "1" {
		server = keys["account.1.outbound_proxy.1.address"] + ":" + keys["account.1.outbound_proxy.1.port"]
	}
	if keys["account.1.sip_server.1.transport_type"] != "0" || server != reg.Addr {
		t.Fatalf("Yealink values %v", keys)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	scenario, err := filepath.Abs(filepath.Join("testdata", "sipp-register.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sipp := exec.CommandContext(ctx, "sipp", "-sf", scenario,
		"-s", keys["account.1.user_name"], "-key", "domain", domain, "-au", keys["account.1.auth_name"], "-ap", keys["account.1.password"],
		"-i", "127.0.0.1", "-p", strconv.Itoa(freeUDPPort(t)), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", server)
	sipp.Dir = t.TempDir() // its logs
	if out, err := sipp.CombinedOutput(); err != nil {
		t.Fatalf("sipp with the Yealink values: %v\n%s", err, out)
	}
	st = waitUserAgent(t, p, user, password, pbx, "sipp-with-yealink-values")
	if len(st.Contacts) != 2 {
		t.Fatalf("baresip and sipp registered, yet %+v", st.Contacts)
	}
}

func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// baresipPort is a port for baresip's sip_listen: it binds UDP and TCP
// on it and TLS on the next one. Taken below the kernel's ephemeral range
// (32768 up), so no client connection of a parallel test picks it between
// this check and baresip's start (an ssh client's local port did: "tcp:
// sock_bind: Address already in use").
func baresipPort(t *testing.T) int {
	t.Helper()
	for range 200 {
		p := 20000 + mrand.IntN(12000)
		var held []io.Closer
		ok := true
		if u, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(p)); err == nil {
			held = append(held, u)
		} else {
			ok = false
		}
		for _, q := range []int{p, p + 1} {
			if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(q)); err == nil {
				held = append(held, l)
			} else {
				ok = false
			}
		}
		for _, h := range held {
			h.Close()
		}
		if ok {
			return p
		}
	}
	t.Fatal("no free port for baresip below the ephemeral range")
	return 0
}
