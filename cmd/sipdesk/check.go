package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/hostkeys"
	"github.com/sipdesk/sipdesk/mail"
	"github.com/sipdesk/sipdesk/portal"
)

// checkTimeout bounds each check that talks to another machine (the
// store, the SMTP relay).
const checkTimeout = 10 * time.Second

// checkResult is one line of `sipdesk check`.
type checkResult struct {
	name, detail string
	failed       bool
	// skipped: the check could not run because an earlier one failed or
	// found nothing to check; it is printed, so every check has its line.
	skipped bool
	// warned: serve can start, but something customers see is probably
	// not what the operator meant; it does not count as a failure.
	warned bool
}

func pass(name, format string, args ...any) checkResult {
	return checkResult{name: name, detail: fmt.Sprintf(format, args...)}
}

func fail(name string, err error) checkResult {
	return checkResult{name: name, detail: err.Error(), failed: true}
}

func skip(name, format string, args ...any) checkResult {
	return checkResult{name: name, detail: fmt.Sprintf(format, args...), skipped: true}
}

func warn(name, format string, args ...any) checkResult {
	return checkResult{name: name, detail: fmt.Sprintf(format, args...), warned: true}
}

func (r checkResult) print(w io.Writer) {
	status := "ok  "
	switch {
	case r.failed:
		status = "FAIL"
	case r.skipped:
		status = "skip"
	case r.warned:
		status = "WARN"
	}
	fmt.Fprintf(w, "%s %s: %s\n", status, r.name, r.detail)
}

// checkCommand is `sipdesk check`: the configuration serve would start
// with, checked without starting.
func checkCommand() *cobra.Command {
	var cfg config.Config
	c := &cobra.Command{
		Use:   "check",
		Short: "Check a configuration without starting: store, schema, keys, SMTP relay, listen addresses",
		Long: "Check the configuration serve would start with (the same flags, SIPDESK_* environment and\n" +
			"--config file) without starting it: the store answers, the schema state, the server key\n" +
			"opens the stored secrets, the host key is readable, the SMTP relay answers, the listen\n" +
			"addresses are free. One line per check; the exit status is 1 if any check failed.\n" +
			"Run it before starting (a running portal holds its own listen addresses).",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := cfg.Resolve(c.Flags(), envLookup); err != nil {
				return err
			}
			if n := runChecks(c.Context(), cfg, c.OutOrStdout()); n > 0 {
				return fmt.Errorf("%d checks failed", n)
			}
			return nil
		},
	}
	cfg.Bind(c.Flags())
	return c
}

// runChecks prints every check of cfg and returns how many failed.
func runChecks(ctx context.Context, cfg config.Config, out io.Writer) (failed int) {
	for _, r := range allChecks(ctx, cfg) {
		r.print(out)
		if r.failed {
			failed++
		}
	}
	return failed
}

// startChecks is runChecks at serve's start: every result is logged (a
// warning as a warning), and only a failure serve cannot work around
// refuses the start (the store, the server key, the host key); an SMTP
// relay that is down or a setting serve reports itself is logged and
// serving goes on.
func startChecks(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	var fatal []string
	for _, r := range allChecks(ctx, cfg) {
		if r.warned {
			log.Warn("check warning", "check", r.name, "result", r.detail)
			continue
		}
		if !r.failed {
			log.Info("check", "check", r.name, "result", r.detail)
			continue
		}
		log.Warn("check failed", "check", r.name, "result", r.detail)
		if fatalCheck[r.name] {
			fatal = append(fatal, r.name+": "+r.detail)
		}
	}
	if len(fatal) > 0 {
		return fmt.Errorf("refusing to start: %s", strings.Join(fatal, "; "))
	}
	return nil
}

// fatalCheck names the checks whose failure refuses serve's start.
var fatalCheck = map[string]bool{"store": true, "schema": true, "server key": true, "host key": true}

// allChecks runs every check of cfg in order.
func allChecks(ctx context.Context, cfg config.Config) []checkResult {
	var out []checkResult
	out = append(out, checkSettings(cfg), checkSIPServers(cfg), checkHostKey(cfg.HostKeyDir))
	store, r := checkStore(ctx, cfg.DatabaseURL)
	out = append(out, r)
	switch {
	case store != nil:
		defer store.Close()
		out = append(out, checkSchema(ctx, store))
	case r.failed:
		out = append(out, skip("schema", "store not reachable"))
	default:
		out = append(out, skip("schema", "no store yet; serve creates it with the latest schema"))
	}
	key := checkServerKey(ctx, cfg, store)
	if r.failed && !key.failed {
		// It loads, but whether it opens the store's secrets is unknown.
		key = skip("server key", "loads; the store is not reachable to check it against")
	}
	out = append(out, key, checkSMTP(ctx, cfg), checkRegistrar(ctx, cfg.KamailioDatabaseURL, store))
	for _, l := range cfg.Listen {
		out = append(out, checkListen("listen "+l, l))
	}
	if cfg.MetricsListen != "" {
		out = append(out, checkListen("metrics listen", cfg.MetricsListen))
	}
	return out
}

func checkSettings(cfg config.Config) checkResult {
	if _, err := cfg.Listeners(); err != nil {
		return fail("settings", err)
	}
	if _, err := portal.ParseSIPServers(cfg.SIPServers); err != nil {
		return fail("settings", err)
	}
	if _, err := portal.ParseSIPRealms(cfg.SIPRealms); err != nil {
		return fail("settings", err)
	}
	if _, err := cfg.AdminKeyLines(); err != nil {
		return fail("settings", err)
	}
	return pass("settings", "listen addresses, SIP servers and realms and initial admin keys parse")
}

func checkHostKey(dir string) checkResult {
	path := filepath.Join(dir, hostkeys.FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return pass("host key", "none in %s yet; serve generates one (replicas behind one address must share it)", dir)
	}
	if err != nil {
		return fail("host key", err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return fail("host key", fmt.Errorf("%s: %w", path, err))
	}
	return pass("host key", "%s %s", signer.PublicKey().Type(), gossh.FingerprintSHA256(signer.PublicKey()))
}

// checkStore opens the store; it returns nil (and a passing line) for an
// SQLite store that does not exist yet, which serve creates.
func checkStore(ctx context.Context, dsn string) (*db.DB, checkResult) {
	if path, ok := db.SQLitePath(dsn); ok {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, pass("store", "no SQLite store at %s yet; serve creates it", path)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	store, err := openExisting(ctx, dsn)
	if err != nil {
		return nil, fail("store", err)
	}
	return store, pass("store", "%s answers", store.Dialect)
}

func checkSchema(ctx context.Context, store *db.DB) checkResult {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	current, latest, err := store.SchemaStatus(ctx)
	switch {
	case err != nil:
		return fail("schema", err)
	case current > latest:
		return pass("schema", "version %d is newer than this binary's %d: a newer sipdesk migrated it (expected during a rolling upgrade; upgrade this one)", current, latest)
	case current < latest:
		return pass("schema", "version %d; serve applies %d pending migrations to reach %d", current, latest-current, latest)
	}
	return pass("schema", "version %d, current", current)
}

// checkServerKey loads the configured key without creating one and, when
// store is open, checks that it opens the stored secrets.
func checkServerKey(ctx context.Context, cfg config.Config, store *db.DB) checkResult {
	file := filepath.Join(cfg.DataDir, "server.key")
	if cfg.ServerKey == "" {
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			if store != nil {
				if samples, err := db.SealedSamples(ctx, store); err == nil && len(samples) > 0 {
					return fail("server key", fmt.Errorf("%s is missing but the store holds encrypted secrets: restore the key the store was made with", file))
				}
			}
			return pass("server key", "none at %s yet; serve generates one (back it up with the store)", file)
		}
	}
	key, _, err := portal.LoadOrCreateKey(cfg.ServerKey, file)
	if err != nil {
		return fail("server key", err)
	}
	box, err := portal.NewSecretBox(key)
	if err != nil {
		return fail("server key", err)
	}
	if store == nil {
		return pass("server key", "loads; no store to check it against")
	}
	if current, latest, err := store.SchemaStatus(ctx); err == nil && current < latest {
		// The tables that hold secrets (and the canary) may not exist yet;
		// serve checks the key against the store once it has migrated it.
		return pass("server key", "loads; the store is checked against it once serve has migrated it")
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	what, err := portal.VerifyServerKey(ctx, store, box)
	switch {
	case errors.Is(err, portal.ErrNoSecretStored):
		return pass("server key", "loads; the store holds no encrypted secret to check it against yet")
	case errors.Is(err, portal.ErrDecrypt):
		// The same words as the start's own key check (OpenServerKey).
		return fail("server key", fmt.Errorf("%w (%s cannot be decrypted)", portal.ErrWrongServerKey, what))
	case err != nil:
		return fail("server key", err)
	}
	return pass("server key", "opens %s", what)
}

func checkSMTP(ctx context.Context, cfg config.Config) checkResult {
	if cfg.SMTPHost == "" {
		return pass("smtp", "no relay configured; mails are written to %s", filepath.Join(cfg.DataDir, "mail"))
	}
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Security: cfg.SMTPSecurity,
		Username: cfg.SMTPUser, Password: cfg.SMTPPassword, From: cfg.MailFrom, Timeout: checkTimeout})
	if err != nil {
		return fail("smtp", err)
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	if err := sender.Probe(ctx); err != nil {
		return fail("smtp", err)
	}
	return pass("smtp", "%s answers (%s)", cfg.SMTPHost, cfg.SMTPSecurity)
}

// checkListen binds the address of setting (REGION=ADDRESS or ADDRESS)
// and lets it go again.
func checkListen(name, setting string) checkResult {
	addr := setting
	if _, a, ok := strings.Cut(setting, "="); ok {
		addr = a
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(name, err)
	}
	_ = ln.Close()
	return pass(name, "%s is free", addr)
}
