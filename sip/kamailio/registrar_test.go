package kamailio_test

import (
	"context"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// domain is the SIP domain of these tests; the registrar is 127.0.0.1.
const domain = "sip.example.ch"

// sippRegister registers username at the registrar with sipp from a free
// local port, claiming device (host:port) in Via and Contact, and
// authenticating as authUser. It returns the local port.
func sippRegister(t *testing.T, registrar, username, authUser, password, device string) (int, error) {
	t.Helper()
	port := freeUDPPort(t)
	if device == "" {
		device = "127.0.0.1:" + strconv.Itoa(port)
	}
	scenario, err := filepath.Abs(filepath.Join("testdata", "register.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sipp", "-sf", scenario, "-s", username, "-au", authUser, "-ap", password,
		"-key", "domain", domain, "-key", "device", device,
		"-i", "127.0.0.1", "-p", strconv.Itoa(port), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", registrar)
	cmd.Dir = t.TempDir() // its logs
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Logf("sipp:\n%s", out)
	}
	return port, err
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

// testStore is the sipdesk store these tests write for.
const testStore = "kamailio-test-store"

func registrar(t *testing.T, username, password string) (*kamtest.Registrar, *kamailio.Store) {
	t.Helper()
	kamtest.Require(t, "kamailio", "sipp")
	url, st := kamtest.Database(t)
	reg := kamtest.Start(t, url, 1)
	if _, err := st.Bind(context.Background(), testStore, "test"); err != nil {
		t.Fatal(err)
	}
	if err := st.Put(context.Background(), testStore, kamailio.NewSubscriber(username, domain, password)); err != nil {
		t.Fatal(err)
	}
	return reg, st
}

// A device behind NAT registers its private address; the registrar
// records the public source address and port (received), and that is the
// address the card shows. A device without NAT keeps its contact's.
func TestRegistrarRecordsTheAddressBehindNAT(t *testing.T) {
	t.Parallel()
	const user, pw = "41441234567", "nat-test-password"
	reg, st := registrar(t, user, pw)
	port, err := sippRegister(t, reg.Addr, user, user, pw, "192.168.1.10:5062")
	if err != nil {
		t.Fatalf("REGISTER from behind NAT: %v", err)
	}
	regs, err := st.Registrations(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	public := "127.0.0.1:" + strconv.Itoa(port)
	if len(regs[user]) != 1 || regs[user][0].Address != public || regs[user][0].Contact != "sip:"+user+"@192.168.1.10:5062" {
		t.Fatalf("registrations %+v, want address %s (the public source) for contact 192.168.1.10:5062", regs[user], public)
	}

	const direct = "41441234568"
	if err := st.Put(context.Background(), testStore, kamailio.NewSubscriber(direct, domain, pw)); err != nil {
		t.Fatal(err)
	}
	port, err = sippRegister(t, reg.Addr, direct, direct, pw, "")
	if err != nil {
		t.Fatalf("REGISTER without NAT: %v", err)
	}
	regs, err = st.Registrations(context.Background(), direct)
	if err != nil {
		t.Fatal(err)
	}
	if want := "127.0.0.1:" + strconv.Itoa(port); len(regs[direct]) != 1 || regs[direct][0].Address != want {
		t.Fatalf("registrations %+v, want address %s", regs[direct], want)
	}
}

// Some devices put the domain into the digest username
// (41441234567@sip.example.ch): the registrar checks them against ha1b.
func TestRegistrarTakesADigestUsernameWithTheDomain(t *testing.T) {
	t.Parallel()
	const user, pw = "41441234567", "ha1b-test-password"
	reg, _ := registrar(t, user, pw)
	if _, err := sippRegister(t, reg.Addr, user, user+"@"+domain, pw, ""); err != nil {
		t.Fatalf("REGISTER with digest username %s@%s: %v", user, domain, err)
	}
	if _, err := sippRegister(t, reg.Addr, user, user+"@"+domain, "wrong", ""); err == nil {
		t.Fatal("a wrong password with the domain in the username registered")
	}
}
