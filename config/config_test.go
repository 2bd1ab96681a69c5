package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func resolve(t *testing.T, args []string, env map[string]string, file string) (Config, error) {
	t.Helper()
	var cfg Config
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	cfg.Bind(fs)
	if file != "" {
		path := filepath.Join(t.TempDir(), "sipdesk.yaml")
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--config", path)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	err := cfg.Resolve(fs, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	return cfg, err
}

func TestConfigPrecedenceFlagEnvFileDefault(t *testing.T) {
	t.Parallel()
	file := "brand: from-file\ncare-email: file@example.ch\nidle-timeout: 5m\nlisten: [ch=127.0.0.1:3000, at=127.0.0.1:3001]\nfps: 20\n"
	env := map[string]string{"SIPDESK_CARE_EMAIL": "env@example.ch", "SIPDESK_FPS": "25"}
	cfg, err := resolve(t, []string{"--fps", "10"}, env, file)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.FPS != 10 {
		t.Errorf("flag lost: fps %d", cfg.FPS)
	}
	if !reflect.DeepEqual(cfg.CareEmails, []string{"env@example.ch"}) {
		t.Errorf("environment lost to the file: %v", cfg.CareEmails)
	}
	if cfg.Brand != "from-file" || cfg.IdleTimeout != 5*time.Minute {
		t.Errorf("file settings lost: %s %s", cfg.Brand, cfg.IdleTimeout)
	}
	if !reflect.DeepEqual(cfg.Listen, []string{"ch=127.0.0.1:3000", "at=127.0.0.1:3001"}) {
		t.Errorf("list from the file: %v", cfg.Listen)
	}
	if cfg.LoginGraceTime != 60*time.Second || cfg.MaxAuthTries != 6 {
		t.Errorf("defaults lost: %s %d", cfg.LoginGraceTime, cfg.MaxAuthTries)
	}
	if cfg.DatabaseURL != "sqlite:"+filepath.Join("data", "sipdesk.db") || cfg.HostKeyDir != filepath.Join("data", "hostkeys") {
		t.Errorf("derived paths: %s %s", cfg.DatabaseURL, cfg.HostKeyDir)
	}
	ls, err := cfg.Listeners()
	if err != nil || len(ls) != 2 || ls[1].Region != "AT" {
		t.Fatalf("listeners %+v %v", ls, err)
	}
}

func TestConfigErrorsAreSpecific(t *testing.T) {
	t.Parallel()
	if _, err := resolve(t, nil, nil, "brnad: typo\n"); err == nil || !strings.Contains(err.Error(), "unknown settings brnad") {
		t.Errorf("unknown file key: %v", err)
	}
	if _, err := resolve(t, nil, map[string]string{"SIPDESK_FPS": "fast"}, ""); err == nil || !strings.Contains(err.Error(), "SIPDESK_FPS") {
		t.Errorf("bad env value: %v", err)
	}
	cfg, _ := resolve(t, []string{"--listen", "de=127.0.0.1:1"}, nil, "")
	if _, err := cfg.Listeners(); err == nil {
		t.Error("unknown region accepted")
	}
	cfg, _ = resolve(t, []string{"--listen", "ch=127.0.0.1:1", "--listen", "ch=127.0.0.1:2"}, nil, "")
	if _, err := cfg.Listeners(); err == nil {
		t.Error("a region twice accepted")
	}
}

func TestDatabaseURLFromTheEnvironment(t *testing.T) {
	t.Parallel()
	cfg, err := resolve(t, nil, map[string]string{"SIPDESK_DATABASE_URL": "postgres://x@127.0.0.1/db"}, "")
	if err != nil || cfg.DatabaseURL != "postgres://x@127.0.0.1/db" {
		t.Fatalf("%s %v", cfg.DatabaseURL, err)
	}
}

// Serve hashes in worker processes unless told not to, from any source.
func TestHashProcessesDefaultOnAndSwitchable(t *testing.T) {
	t.Parallel()
	cfg, err := resolve(t, nil, nil, "")
	if err != nil || !cfg.HashProcesses {
		t.Fatalf("default: %v %v", cfg.HashProcesses, err)
	}
	for name, src := range map[string]struct {
		args []string
		env  map[string]string
		file string
	}{
		"flag": {args: []string{"--hash-processes=false"}},
		"env":  {env: map[string]string{"SIPDESK_HASH_PROCESSES": "false"}},
		"file": {file: "hash-processes: false\n"},
	} {
		cfg, err := resolve(t, src.args, src.env, src.file)
		if err != nil || cfg.HashProcesses {
			t.Errorf("%s: hash-processes %v %v", name, cfg.HashProcesses, err)
		}
	}
}

// --kamailio-time-zone is the zone Kamailio writes registration expiries
// in: this process's by default (as before the setting), an IANA name,
// and a name that is no zone refused at once.
func TestKamailioTimeZone(t *testing.T) {
	t.Parallel()
	cfg, err := resolve(t, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if zone, err := cfg.KamailioZone(); err != nil || zone != time.Local {
		t.Errorf("default: %v, %v; want Local", zone, err)
	}
	cfg, err = resolve(t, nil, map[string]string{"SIPDESK_KAMAILIO_TIME_ZONE": "Europe/Zurich"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if zone, err := cfg.KamailioZone(); err != nil || zone.String() != "Europe/Zurich" {
		t.Errorf("Europe/Zurich: %v, %v", zone, err)
	}
	if _, err := resolve(t, []string{"--kamailio-time-zone", "CET+1"}, nil, ""); err == nil ||
		err.Error() != `--kamailio-time-zone "CET+1": not a time zone; give an IANA name such as UTC or Europe/Zurich, or Local` {
		t.Errorf("a bad zone: %v", err)
	}
}
