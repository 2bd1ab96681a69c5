package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// The example configuration loads with the real loader (which refuses
// unknown keys), its values parse, and it mentions every setting.
func TestDeployExampleConfigLoads(t *testing.T) {
	t.Parallel()
	const path = "../../deploy/sipdesk.example.yaml"
	var cfg config.Config
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	cfg.Bind(fs)
	if err := fs.Parse([]string{"--config", path}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Resolve(fs, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if _, err := cfg.Listeners(); err != nil {
		t.Fatal(err)
	}
	if _, err := portal.ParseSIPServers(cfg.SIPServers); err != nil {
		t.Fatal(err)
	}
	if cfg.SeedDemo || cfg.LogFormat != "json" || cfg.DataDir != "/var/lib/sipdesk" || len(cfg.Listen) != 2 {
		t.Fatalf("loaded %+v", cfg)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name != "config" && !strings.Contains(string(text), f.Name+":") {
			t.Errorf("the example configuration does not mention %s", f.Name)
		}
	})
}

// The systemd unit passes systemd-analyze verify without a warning (with
// ExecStart pointed at the binary under test, which verify checks exists).
func TestDeploySystemdUnitVerifies(t *testing.T) {
	t.Parallel()
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if dbtest.InCI() {
			t.Fatal("systemd-analyze (Debian package systemd) is required in CI")
		}
		t.Skip("SKIPPED: no systemd-analyze")
	}
	unit, err := os.ReadFile("../../deploy/systemd/sipdesk.service")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(unit), "ExecStart=/usr/local/bin/sipdesk serve") {
		t.Fatal("the unit's ExecStart changed; update this test")
	}
	path := filepath.Join(t.TempDir(), "sipdesk.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(unit), "/usr/local/bin/sipdesk", binary)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, analyze, "verify", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// The alert rules in deploy/README.md are valid Prometheus rules.
func TestDeployAlertRulesPassPromtool(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../deploy/README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```yaml\ngroups:")
	rules, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("deploy/README.md has no ```yaml block of alert rules")
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if dbtest.InCI() {
			t.Fatal("promtool (Debian package prometheus) is required in CI")
		}
		t.Skip("SKIPPED: no promtool")
	}
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte("groups:"+rules), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, promtool, "check", "rules", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "SUCCESS: 13 rules found") {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
}
