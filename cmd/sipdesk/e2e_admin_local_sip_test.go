package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// The local admin on the server host takes serve's --kamailio-database-url
// like every other setting: `provisioning sync` compares and repairs the
// registrar, as `ssh ... admin provisioning sync` does, and its --json
// lists are [] when empty.
func TestE2ELocalAdminSyncsTheRegistrar(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	kamURL, kam := kamtest.Database(t)
	dataDir := t.TempDir()
	settings := []string{"--data-dir", dataDir, "--kamailio-database-url", kamURL}
	p := startPortal(t, dataDir, settings[2:]...)
	// The serving replica's start-up sync provisions the demo's PBX number.
	var n int
	waitUntil(t, "the demo's PBX number provisioned", func() bool {
		return kam.DB.GetContext(context.Background(), &n, `SELECT count(*) FROM subscriber`) == nil && n == 1
	})
	settings = append(settings, "--listen", "ch=127.0.0.1:"+p.port)
	if _, err := kam.DB.Exec(`DELETE FROM subscriber`); err != nil {
		t.Fatal(err)
	}

	out, errOut, code := localAdmin(t, "", append(settings, "provisioning", "sync", "--dry-run")...)
	if code != 0 || !strings.Contains(out, "Missing  1: 41441234567@sip.example.ch") {
		t.Fatalf("local provisioning sync --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = localAdmin(t, "", append(settings, "provisioning", "sync")...)
	if code != 0 || !strings.Contains(out, "Repaired") {
		t.Fatalf("local provisioning sync: exit %d\n%s%s", code, out, errOut)
	}
	if err := kam.DB.Get(&n, `SELECT count(*) FROM subscriber WHERE username = '41441234567'`); err != nil || n != 1 {
		t.Fatalf("subscriber rows after the local sync: %d, %v", n, err)
	}
	out, errOut, code = localAdmin(t, "", append(settings, "provisioning", "sync", "--dry-run", "--json")...)
	var rep provision.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.InSync != 1 || rep.Fixed {
		t.Fatalf("local provisioning sync --dry-run --json: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	for _, list := range []string{`"missing": []`, `"extra": []`, `"stale": []`} {
		if !strings.Contains(out, list) {
			t.Errorf("--json lacks %s:\n%s", list, out)
		}
	}
	trail, _, _ := localAdmin(t, "", append(settings, "audit", "--since", "1h")...)
	if !strings.Contains(trail, "provisioning.sync") || !strings.Contains(trail, "local:") {
		t.Errorf("the local sync is not audited as the operator:\n%s", trail)
	}
}
