package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// sipCredentials is what `credentials --json` prints.
type sipCredentials struct {
	Username     string                     `json:"sip_username"`
	Password     string                     `json:"voip_password"`
	Domain       string                     `json:"sip_domain"`
	Servers      []portal.SIPServer         `json:"sip_servers"`
	Registration *portal.RegistrationStatus `json:"registration"`
}

func credentialsJSON(t *testing.T, p *serverProc, user, password, number string) sipCredentials {
	t.Helper()
	out, code := sshCommand(t, p, user, password, "credentials", number, "--json")
	var cr sipCredentials
	if err := json.Unmarshal([]byte(out), &cr); err != nil || code != 0 {
		t.Fatalf("credentials --json: exit %d, %v:\n%s", code, err, out)
	}
	return cr
}

// register sends a REGISTER with sipsak using exactly the card's values:
// the first SIP server, the SIP domain, username and password.
func register(cr sipCredentials, password string) error {
	srv := cr.Servers[0]
	return kamtest.Register(context.Background(), net.JoinHostPort(srv.Host, strconv.Itoa(srv.Port)), cr.Domain, cr.Username, password)
}

// waitRegister waits until the registrar answers a REGISTER with password
// as want says (nil: 200, kamtest.ErrUnauthorized: 401).
func waitRegister(t *testing.T, cr sipCredentials, password string, want error) {
	t.Helper()
	var err error
	waitShowing(t, 30*time.Second, fmt.Sprintf("REGISTER of %s answered with %v", cr.Username, want), func() bool {
		err = register(cr, password)
		if errors.Is(err, want) || (want == nil && err == nil) {
			return true
		}
		if err != nil && !errors.Is(err, kamtest.ErrUnauthorized) {
			t.Fatal(err)
		}
		return false
	}, func() string { return fmt.Sprint(err) })
}

// Two sipdesk replicas on one Postgres, both provisioning the real
// Kamailio: the customer's card registers, a new VoIP password replaces
// the old one at the registrar, the card shows the registered device, and
// every event was applied by one replica, once.
func TestE2ESIPPlatformWithTwoReplicas(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	kamtest.Require(t, "kamailio", "sipsak")
	kamURL, _ := kamtest.Database(t)
	reg := kamtest.Start(t, kamURL, 1)
	storeURL := dbtest.NewPostgresDatabase(t)
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	adminKeyPath := adminKey(t)
	// sipsak resolves the request's domain even when it sends to a proxy
	// (-p), so here the SIP domain is the registrar's address; the device
	// test (baresip, sipp) proves a domain that is not the server's host.
	host, port, _ := net.SplitHostPort(reg.Addr)
	common := []string{"--database-url", storeURL, "--server-key", base64.StdEncoding.EncodeToString(key),
		"--kamailio-database-url", kamURL, "--sip-realm", "ch=" + host, "--sip-server", "ch=" + host + ":" + port + "/udp",
		"--initial-admin-keys", adminKeyPath + ".pub"}
	first := startPortal(t, t.TempDir(), common...)
	second := startPortal(t, t.TempDir(), append(common, "--seed-demo=false")...)
	user, password := first.demo(t)
	const pbx = "+41441234567"

	old := credentialsJSON(t, first, user, password, pbx)
	if old.Registration == nil || !old.Registration.Known || old.Registration.Registered || old.Registration.Hint != portal.NotRegisteredHint {
		t.Fatalf("before any device registered: %+v", old.Registration)
	}
	waitRegister(t, old, old.Password, nil)

	// The new password is set through the other replica.
	out, code := sshCommand(t, second, user, password, "voip-password", pbx, "--new", "--yes", "--json")
	var fresh struct {
		Password string `json:"voip_password"`
	}
	if err := json.Unmarshal([]byte(out), &fresh); err != nil || code != 0 || fresh.Password == "" || fresh.Password == old.Password {
		t.Fatalf("voip-password --new --yes --json: exit %d, %v:\n%s", code, err, out)
	}
	waitRegister(t, old, old.Password, kamtest.ErrUnauthorized)
	waitRegister(t, old, fresh.Password, nil)

	cr := credentialsJSON(t, first, user, password, pbx)
	if cr.Password != fresh.Password || cr.Registration == nil || !cr.Registration.Registered || cr.Registration.Hint != "" {
		t.Fatalf("after registering with the new password: %+v", cr.Registration)
	}
	got := cr.Registration.Contacts[0]
	if !strings.HasPrefix(got.UserAgent, "sipsak ") || got.Server != "udp:"+reg.Addr || got.Transport != "udp" {
		t.Fatalf("registration shown: %+v", got)
	}
	// Each sipsak run registered from a new port: the old password's
	// contacts stay until they expire, as a real phone's would. How many
	// there are depends on how many REGISTERs with the old password came
	// in before the change reached the registrar, so the plain card and
	// the admin view must agree with the JSON count, which is at least
	// the old password's device and the new one's.
	devices := len(cr.Registration.Contacts)
	if devices < 2 {
		t.Fatalf("after registering with the old and the new password: %+v", cr.Registration)
	}
	want := "registered, " + strconv.Itoa(devices) + " devices"
	plain, code := sshCommand(t, second, user, password, "credentials", pbx)
	if code != 0 || !strings.Contains(plain, "Registration   "+want) || !strings.Contains(plain, "sipsak ") {
		t.Fatalf("credentials: exit %d, want %q:\n%s", code, want, plain)
	}
	show, _ := mustAdmin(t, second, adminKeyPath, 0, "customer", "show", user)
	if !strings.Contains(show, want) || !strings.Contains(show, "udp:"+reg.Addr) {
		t.Fatalf("admin customer show, want %q:\n%s", want, show)
	}

	// A second change through the first replica, then every event of
	// both is done after exactly one claim.
	if out, code := sshCommand(t, first, user, password, "voip-password", pbx, "--new", "--yes"); code != 0 {
		t.Fatalf("voip-password --new --yes: exit %d:\n%s", code, out)
	}
	var events []portal.ProvisioningEvent
	waitShowing(t, 30*time.Second, "every provisioning event done", func() bool {
		adminJSONOut(t, first, adminKeyPath, &events, "provisioning", "list")
		return len(events) > 0 && allDone(events)
	}, func() string { return fmt.Sprintf("%+v", events) })
	store, err := db.Open(context.Background(), storeURL)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	rows, err := db.ProvisioningEvents(context.Background(), store, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range rows {
		if ev.Status != "done" || ev.Attempts != 1 || ev.ClaimedBy == "" {
			t.Errorf("event %d (%s): status %s, %d attempts, claimed by %q", ev.ID, ev.Event, ev.Status, ev.Attempts, ev.ClaimedBy)
		}
	}
	sync, _ := mustAdmin(t, first, adminKeyPath, 0, "provisioning", "sync", "--dry-run")
	if !strings.Contains(sync, "Dry run: the registrar matches sipdesk.") {
		t.Fatalf("admin provisioning sync --dry-run:\n%s", sync)
	}
}

func allDone(events []portal.ProvisioningEvent) bool {
	for _, ev := range events {
		if ev.Status != "done" {
			return false
		}
	}
	return true
}
