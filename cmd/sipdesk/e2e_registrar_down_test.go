package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/metrics/metricstest"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// A registrar database down for maintenance does not take the portal
// down: check reports it, serve starts and logs an ERROR, /readyz stays
// 200 with a warning, and once the database answers the start-up sync
// provisions what is due. A URL that is no Postgres URL is still a start
// error.
func TestE2EServeStartsWhileTheRegistrarDatabaseIsDown(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	kamURL, kam := kamtest.Database(t)
	downAddr := "127.0.0.1:" + closedPort(t)
	downURL := dbtest.ViaProxy(t, kamURL, downAddr)
	dataDir := t.TempDir()

	out, code := runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0", "--kamailio-database-url", downURL)
	if line := checkLines(out)["registrar"]; code != 1 || !strings.HasPrefix(line, "FAIL registrar: ") ||
		!strings.Contains(line, "connection refused") || !strings.Contains(line, "serve starts without it") {
		t.Fatalf("check with the registrar database down: exit %d\n%s", code, out)
	}

	p := startPortal(t, dataDir, "--kamailio-database-url", downURL, "--metrics-listen", "127.0.0.1:0")
	waitShowing(t, 20*time.Second, "an ERROR about the registrar database in the log", func() bool {
		return strings.Contains(p.logs.String(), `level=ERROR msg="provisioning: Kamailio's database does not answer`)
	}, p.logs.String)
	user, password := p.demo(t)
	if out, code := sshCommand(t, p, user, password, "numbers"); code != 0 || !strings.Contains(out, "+41 44 123 45 67") {
		t.Fatalf("numbers while the registrar database is down: exit %d\n%s", code, out)
	}
	m := metricsAddrRe.FindStringSubmatch(p.logs.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", p.logs.String())
	}
	readyz := "http://" + m[1] + "/readyz"
	var body string
	waitShowing(t, 20*time.Second, "/readyz 200 with a warning about the registrar", func() bool {
		code, body = metricstest.Get(t, readyz)
		return code == 200 && strings.Contains(body, "warn registrar: ") && strings.Contains(body, "connection refused")
	}, func() string { return fmt.Sprintf("%d\n%s", code, body) })

	// The database answers: the demo's PBX number is provisioned without
	// a restart, and readiness no longer warns.
	dbtest.NewProxyAt(t, downAddr, dbtest.PostgresHost(t))
	var n int
	waitShowing(t, 60*time.Second, "the demo's PBX number provisioned once the database answers", func() bool {
		return kam.DB.GetContext(context.Background(), &n, `SELECT count(*) FROM subscriber WHERE username = '41441234567'`) == nil && n == 1
	}, func() string { return p.logs.String() })
	waitShowing(t, 20*time.Second, "/readyz without the warning", func() bool {
		code, body = metricstest.Get(t, readyz)
		return code == 200 && strings.Contains(body, "ok   registrar\n")
	}, func() string { return fmt.Sprintf("%d\n%s", code, body) })

	for _, bad := range []string{"postgress://kamailio@127.0.0.1/kamailio", "postgres://kamailio:s3cret@127.0.0.1/k%zz"} {
		out, code := runBinary(t, "serve", "--data-dir", t.TempDir(), "--listen", "ch=127.0.0.1:0", "--kamailio-database-url", bad)
		if code != 1 || !strings.Contains(out, "--kamailio-database-url") || strings.Contains(out, "s3cret") {
			t.Errorf("serve with --kamailio-database-url %s: exit %d\n%s", bad, code, out)
		}
	}
}
