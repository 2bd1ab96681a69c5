package kamailio_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
	return sippRegisterOver(t, "u1", registrar, username, authUser, password, device)
}

// sippRegisterOver is sippRegister over sipp's transport mode (u1: UDP,
// t1: one TCP connection).
func sippRegisterOver(t *testing.T, mode, registrar, username, authUser, password, device string) (int, error) {
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
		"-i", "127.0.0.1", "-p", strconv.Itoa(port), "-t", mode, "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", registrar)
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

// A device registers over TCP with a Contact that names no transport
// (most do: the connection says it). The registration's transport is the
// socket Kamailio took it on (location.socket, or received's transport
// behind NAT), not the Contact's default of UDP: the card showed
// "udp ... at tcp:127.0.0.1:5073".
func TestRegistrationOverTCPShowsTCP(t *testing.T) {
	t.Parallel()
	const user, pw = "41441234567", "tcp-test-password"
	kamtest.Require(t, "kamailio", "sipp")
	url, st := kamtest.Database(t)
	reg := kamtest.StartWith(t, url, 1, kamtest.Options{TCP: true})
	if _, err := st.Bind(context.Background(), testStore, "test"); err != nil {
		t.Fatal(err)
	}
	if err := st.Put(context.Background(), testStore, kamailio.NewSubscriber(user, domain, pw)); err != nil {
		t.Fatal(err)
	}
	for _, device := range []string{"", "192.168.1.10:5062"} { // without NAT, then behind it
		if _, err := sippRegisterOver(t, "t1", reg.TCPAddr, user, user, pw, device); err != nil {
			t.Fatalf("REGISTER over TCP (device %q): %v\n%s", device, err, tailLog(reg.Log))
		}
		regs, err := st.Registrations(context.Background(), user)
		if err != nil {
			t.Fatal(err)
		}
		var row struct {
			Contact  string  `db:"contact"`
			Received *string `db:"received"`
			Socket   *string `db:"socket"`
		}
		if err := st.DB.Get(&row, `SELECT contact, received, socket FROM location WHERE username = $1 ORDER BY id DESC LIMIT 1`, user); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(row.Contact, "transport=") || row.Socket == nil || *row.Socket != "tcp:"+reg.TCPAddr {
			t.Fatalf("not the case under test: location row %s", rowText(row.Contact, row.Received, row.Socket))
		}
		var got []string
		for _, r := range regs[user] {
			got = append(got, r.Transport+" "+r.Server)
			if r.Transport != "tcp" {
				t.Errorf("device %q: transport %q of %+v (location row %s)", device, r.Transport, r, rowText(row.Contact, row.Received, row.Socket))
			}
		}
		if len(got) == 0 {
			t.Fatalf("device %q: no registration", device)
		}
	}
}

func tailLog(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

func rowText(contact string, received, socket *string) string {
	deref := func(p *string) string {
		if p == nil {
			return "NULL"
		}
		return strconv.Quote(*p)
	}
	return "contact " + strconv.Quote(contact) + ", received " + deref(received) + ", socket " + deref(socket)
}

// Kamailio writes location.expires as a timestamp without zone in its
// own local time. Read in the registrar's zone (--kamailio-time-zone) it
// is the real expiry, whatever this process's zone; read in another
// zone it is off by the difference (what two replicas in different zones
// showed). An expired registration is not shown, though its wall-clock
// time is still ahead in the zone of this process or of the database.
func TestExpiryIsReadInTheRegistrarsTimeZone(t *testing.T) {
	t.Parallel()
	const user, pw = "41441234567", "zone-test-password"
	kamtest.Require(t, "kamailio", "sipp")
	tokyo, err := time.LoadLocation("Asia/Tokyo") // UTC+9 all year
	if err != nil {
		t.Fatal(err)
	}
	url, st := kamtest.Database(t)
	reg := kamtest.StartWith(t, url, 1, kamtest.Options{TZ: "Asia/Tokyo"})
	if _, err := st.Bind(context.Background(), testStore, "test"); err != nil {
		t.Fatal(err)
	}
	if err := st.Put(context.Background(), testStore, kamailio.NewSubscriber(user, domain, pw)); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	if _, err := sippRegister(t, reg.Addr, user, user, pw, ""); err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	expiresIn := func(zone *time.Location) []kamailio.Registration {
		t.Helper()
		in := *st
		in.Zone = zone
		regs, err := in.Registrations(context.Background(), user)
		if err != nil {
			t.Fatal(err)
		}
		return regs[user]
	}
	// The REGISTER asked for 600 s; Kamailio's clock counts whole seconds.
	got := expiresIn(tokyo)
	if len(got) != 1 || got[0].Expires.Before(before.Add(599*time.Second)) || got[0].Expires.After(after.Add(601*time.Second)) {
		t.Fatalf("read in Asia/Tokyo: %+v, want an expiry 600 s after %s", got, before.Format(time.RFC3339))
	}
	utc := expiresIn(time.UTC)
	if len(utc) != 1 || utc[0].Expires.Sub(got[0].Expires) != 9*time.Hour {
		t.Fatalf("read in UTC: %+v, want 9 h after Tokyo's reading %s", utc, got[0].Expires)
	}

	// Expired 1 minute ago in Tokyo: gone, though its wall-clock time is
	// 8 h 59 min ahead in UTC.
	if _, err := st.DB.Exec(`UPDATE location SET expires = expires - interval '11 minutes' WHERE username = $1`, user); err != nil {
		t.Fatal(err)
	}
	if got := expiresIn(tokyo); len(got) != 0 {
		t.Fatalf("an expired registration is shown: %+v", got)
	}
}
