package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serve without --kamailio-database-url says in its log that nothing
// reaches a registrar; with --moh-dir and --moh-reload-cmd it exports the
// music and runs the command (through /bin/sh) after the export changed.
func TestE2EServeWithoutRegistrarSaysSoAndReloadsMusic(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	dir := t.TempDir()
	marker := filepath.Join(dir, "reloaded")
	p := startPortal(t, t.TempDir(), "--moh-dir", filepath.Join(dir, "moh"),
		"--moh-reload-cmd", "echo moh reload >> '"+marker+"'")
	const notProvisioned = "no --kamailio-database-url: SIP credentials are not provisioned to a registrar"
	if !strings.Contains(p.logs.String(), notProvisioned) {
		t.Errorf("serve's log lacks %q:\n%s", notProvisioned, p.logs.String())
	}
	// The demo account's classes are the first export's change.
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(marker)
		if err == nil && strings.Contains(string(b), "moh reload\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reload command did not run (%v):\n%s", err, p.logs.String())
		}
		time.Sleep(50 * time.Millisecond) // polling the file, not waiting for a time
	}
	if _, err := os.Stat(filepath.Join(dir, "moh", "musiconhold_sipdesk.conf")); err != nil {
		t.Errorf("no include file: %v", err)
	}
}
