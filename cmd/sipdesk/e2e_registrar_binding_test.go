package main

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/metrics/metricstest"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

var storeIDRe = regexp.MustCompile(`msg="store identity" id=(\S+)`)

// storeID is the identity a serve process logged for its store.
func (p *serverProc) storeID(t *testing.T) string {
	t.Helper()
	m := storeIDRe.FindStringSubmatch(p.logs.String())
	if m == nil {
		t.Fatalf("no store identity in the log:\n%s", p.logs.String())
	}
	return m[1]
}

// The trial's story: a replica serves on the real store with devices
// registered, and another replica is started against the same registrar
// database but without --database-url, on a fresh store with the demo
// customer (whose number the real customer has too). It must not touch
// the registrar: no row deleted or overwritten, the real device still
// registers, and the wrong replica says why in one ERROR line naming both
// stores, with /readyz failing.
func TestE2EAReplicaOnAnotherStoreLeavesTheRegistrarAlone(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	kamtest.Require(t, "kamailio", "sipsak")
	kamURL, kam := kamtest.Database(t)
	reg := kamtest.Start(t, kamURL, 1)
	host, port, _ := net.SplitHostPort(reg.Addr)
	sip := []string{"--kamailio-database-url", kamURL, "--sip-realm", "ch=" + host, "--sip-server", "ch=" + host + ":" + port + "/udp"}
	storeURL := dbtest.NewPostgresDatabase(t)
	realDir := t.TempDir()
	real := startPortal(t, realDir, append([]string{"--database-url", storeURL}, sip...)...)
	user, password := real.demo(t)
	const pbx = "+41441234567"
	// A second PBX number of the real store, which the fresh store lacks.
	if out, errOut, code := localAdmin(t, "", "--data-dir", realDir, "--database-url", storeURL,
		"number", "add", user, "+41441230001", "--product", "pbx"); code != 0 {
		t.Fatalf("number add: exit %d\n%s%s", code, out, errOut)
	}
	cr := credentialsJSON(t, real, user, password, pbx)
	waitRegister(t, cr, cr.Password, nil)
	type row struct{ Username, HA1 string }
	rows := func() string {
		var rs []row
		if err := kam.DB.Select(&rs, `SELECT username, ha1 FROM subscriber ORDER BY username`); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(rs)
	}
	var before string
	waitShowing(t, 30*time.Second, "both PBX numbers of the real store provisioned", func() bool {
		before = rows()
		return strings.Count(before, "{") == 2
	}, func() string { return before })
	var registrations int
	if err := kam.DB.Get(&registrations, `SELECT count(*) FROM location`); err != nil || registrations == 0 {
		t.Fatalf("%d registrations, %v", registrations, err)
	}

	wrongDir := t.TempDir()
	wrong := startPortal(t, wrongDir, append(sip, "--metrics-listen", "127.0.0.1:0")...)
	waitShowing(t, 30*time.Second, "the wrong replica's verdict on the registrar in its log", func() bool {
		l := wrong.logs.String()
		return strings.Contains(l, "start-up sync") || strings.Contains(l, "level=ERROR msg=\"provisioning: ")
	}, wrong.logs.String)
	if after := rows(); after != before {
		t.Fatalf("the wrong replica changed the registrar:\nbefore %s\nafter  %s\n%s", before, after, wrong.logs.String())
	}
	var after int
	if err := kam.DB.Get(&after, `SELECT count(*) FROM location`); err != nil || after != registrations {
		t.Fatalf("%d registrations after the wrong replica started, %d before (%v)", after, registrations, err)
	}
	if err := register(cr, cr.Password); err != nil {
		t.Fatalf("the real customer's device after the wrong replica started: %v", err)
	}
	realID, wrongID := real.storeID(t), wrong.storeID(t)
	if realID == wrongID {
		t.Fatalf("two stores with one identity %s", realID)
	}
	var line string
	for _, l := range strings.Split(wrong.logs.String(), "\n") {
		if strings.Contains(l, "level=ERROR") && strings.Contains(l, realID) {
			line = l
		}
	}
	if !strings.Contains(line, wrongID) || !strings.Contains(line, "admin provisioning bind --replace "+realID) {
		t.Fatalf("no ERROR line naming both stores and how to re-bind:\n%s", wrong.logs.String())
	}
	m := metricsAddrRe.FindStringSubmatch(wrong.logs.String())
	if m == nil {
		t.Fatal("no metrics address")
	}
	if code, body := metricstest.Get(t, "http://"+m[1]+"/readyz"); code != 503 || !strings.Contains(body, "fail registrar: ") || !strings.Contains(body, realID) {
		t.Fatalf("/readyz of the wrong replica: %d\n%s", code, body)
	}
	// A change in the wrong store is queued there, never applied.
	wrongUser, wrongPassword := wrong.demo(t)
	if out, code := sshCommand(t, wrong, wrongUser, wrongPassword, "voip-password", pbx, "--new", "--yes"); code != 0 {
		t.Fatalf("voip-password in the wrong store: exit %d\n%s", code, out)
	}
	if out, code := sshCommand(t, real, user, password, "numbers"); code != 0 {
		t.Fatalf("the real replica: exit %d\n%s", code, out)
	}
	if after := rows(); after != before {
		t.Fatalf("the wrong replica applied an event:\nbefore %s\nafter  %s", before, after)
	}

	// The operator on the wrong replica's host: a sync is refused, a dry
	// run shows what this store would change, a bind must name the store
	// it replaces. Bound deliberately, the replica provisions within its
	// retry interval and is ready.
	local := append([]string{"--data-dir", wrongDir, "--listen", "ch=127.0.0.1:" + wrong.port}, sip...)
	if out, errOut, code := localAdmin(t, "", append(local, "provisioning", "sync")...); code != 4 || !strings.Contains(errOut, realID) {
		t.Fatalf("local provisioning sync on the wrong store: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := localAdmin(t, "", append(local, "provisioning", "sync", "--dry-run")...)
	if code != 0 || !strings.Contains(out, "Extra    1: 41441230001@") || !strings.Contains(out, "bound to store "+realID) {
		t.Fatalf("local provisioning sync --dry-run on the wrong store: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := localAdmin(t, "", append(local, "provisioning", "bind")...); code != 4 ||
		!strings.Contains(errOut, "admin provisioning bind --replace "+realID) {
		t.Fatalf("local provisioning bind without --replace: exit %d\n%s%s", code, out, errOut)
	}
	if after := rows(); after != before {
		t.Fatal("a refused bind changed the registrar")
	}
	if out, errOut, code := localAdmin(t, "", append(local, "provisioning", "bind", "--replace", realID)...); code != 0 ||
		!strings.Contains(out, "now bound to this store ("+wrongID+") instead of "+realID) {
		t.Fatalf("local provisioning bind --replace: exit %d\n%s%s", code, out, errOut)
	}
	var now string
	waitShowing(t, 60*time.Second, "the re-bound replica provisions its own store", func() bool {
		now = rows()
		return strings.Count(now, "{") == 1 && !strings.Contains(now, "41441230001")
	}, func() string { return now + "\n" + wrong.logs.String() })
	waitShowing(t, 20*time.Second, "the re-bound replica is ready", func() bool {
		code, _ := metricstest.Get(t, "http://"+m[1]+"/readyz")
		return code == 200
	}, wrong.logs.String)
}
