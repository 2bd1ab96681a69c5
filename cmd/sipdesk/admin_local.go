package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server"
	"github.com/sipdesk/sipdesk/server/admincli"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// adminCommand is `sipdesk admin [SETTINGS] COMMAND ...`: customer care's
// admin command tree run by the operator on the server host, for the day
// the only admin key is lost. The gate is the host itself: only a process
// that can read the server key and open the store gets in, and every
// change is audited as "local:<unix user>".
func adminCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "admin [SETTINGS] COMMAND ...",
		Short: "Customer care's admin commands, run on the server host against the store (recovery)",
		Long: "Run customer care's admin commands (the same as `ssh ... admin ...`) on the server host,\n" +
			"directly against the store: for the day the only admin key is lost, e.g.\n" +
			"  sipdesk admin --config /etc/sipdesk/sipdesk.yaml key add admin < new-key.pub\n" +
			"SETTINGS are serve's (flags before COMMAND, SIPDESK_* environment, --config file).\n" +
			"Only the operator gets in: the process must read the server key and open the store with\n" +
			"a current schema, and the key must open the stored secrets; otherwise exit status 5.\n" +
			"Every change is audited as local:<your Unix user name>. `sipdesk admin help` lists the\n" +
			"commands, `sipdesk admin COMMAND --help` documents each.",
		DisableFlagParsing: true, // the admin tree parses its own flags after COMMAND
		RunE: func(c *cobra.Command, args []string) error {
			var cfg config.Config
			fs := pflag.NewFlagSet("admin", pflag.ContinueOnError)
			fs.SetInterspersed(false) // settings end where COMMAND starts
			fs.SetOutput(c.ErrOrStderr())
			cfg.Bind(fs)
			if err := fs.Parse(args); errors.Is(err, pflag.ErrHelp) {
				fmt.Fprintf(c.OutOrStdout(), "%s\n\nUsage:\n  sipdesk %s\n\nSettings:\n%s", c.Long, c.Use, fs.FlagUsages())
				return nil
			} else if err != nil {
				return exitStatus(cmdkit.ExitUsage)
			}
			if err := cfg.Resolve(fs, envLookup); err != nil {
				return err
			}
			svc, closeStore, err := openLocalCare(c.Context(), cfg)
			if err != nil {
				fmt.Fprintln(c.ErrOrStderr(), "sipdesk admin: refused:", err)
				return exitStatus(cmdkit.ExitNotAdmin)
			}
			defer closeStore()
			code := admincli.RunLocal(c.Context(), admincli.Local{
				Svc: svc, Operator: localOperator(),
				Stdin: c.InOrStdin(), Stdout: c.OutOrStdout(), Stderr: c.ErrOrStderr(),
				StdinIsTerminal: stdinIsTerminal(),
			}, fs.Args())
			if code != 0 {
				return exitStatus(code)
			}
			return nil
		},
	}
	return c
}

// exitStatus ends sipdesk with a status and nothing more printed (the
// command already said why).
type exitStatus int

func (e exitStatus) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// openLocalCare is the local operator's gate and service: the server key
// must exist and be readable (it is never created here), the store must
// exist with a current schema, and the key must open its secrets.
func openLocalCare(ctx context.Context, cfg config.Config) (*portal.Service, func(), error) {
	file := filepath.Join(cfg.DataDir, "server.key")
	if cfg.ServerKey == "" {
		if _, err := os.ReadFile(file); err != nil {
			return nil, nil, fmt.Errorf("cannot read the server key (run as the user sipdesk runs as, with its settings): %w", err)
		}
	}
	key, _, err := portal.LoadOrCreateKey(cfg.ServerKey, file)
	if err != nil {
		return nil, nil, err
	}
	box, err := portal.NewSecretBox(key)
	if err != nil {
		return nil, nil, err
	}
	store, err := openExisting(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*portal.Service, func(), error) { store.Close(); return nil, nil, err }
	if err := store.CheckSchemaCurrent(ctx); err != nil {
		return fail(err)
	}
	if _, err := portal.VerifyServerKey(ctx, store, box); err != nil && !errors.Is(err, portal.ErrNoSecretStored) {
		return fail(fmt.Errorf("the server key does not open the stored secrets: %w", err))
	}
	pcfg, err := portalConfig(cfg)
	if err != nil {
		return fail(err)
	}
	// Warnings only: the commands' own output is what the operator reads.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc, err := portal.NewService(store, box, portal.NewHasher(portal.OWASPArgon2, cfg.HashWorkers, cfg.HashQueue), pcfg, log)
	if err != nil {
		return fail(err)
	}
	// The registrar, as serve has it, without serve's worker: `provisioning
	// sync` and the registrations of `customer show` use it.
	closeRegistrar, err := platform.ConnectRegistrar(svc, platform.Options{KamailioDatabaseURL: cfg.KamailioDatabaseURL}, log)
	if err != nil {
		return fail(err)
	}
	return svc, func() { closeRegistrar(); store.Close() }, nil
}

// portalConfig is the portal.Config of cfg as the local admin needs it:
// the rules' settings and where customers connect (for links in mails).
// serve uses it too, then takes the ports from its bound listeners.
func portalConfig(cfg config.Config) (portal.Config, error) {
	pcfg := portal.DefaultConfig()
	pcfg.Brand = cfg.Brand
	var err error
	if pcfg.CareEmails, pcfg.CareEmail, err = portal.ParseCareEmails(cfg.CareEmails); err != nil {
		return pcfg, err
	}
	pcfg.LockThreshold, pcfg.LockBase, pcfg.LockMax = cfg.LockThreshold, cfg.LockBase, cfg.LockMax
	pcfg.SourceThreshold = cfg.SourceThreshold
	pcfg.TeamsGuide = cfg.TeamsGuide
	pcfg.MailFrom = cfg.MailFrom
	pcfg.ResetValidity, pcfg.WelcomeValidity = cfg.ResetLinkValidity, cfg.WelcomeLinkValidity
	if pcfg.SIPServers, err = portal.ParseSIPServers(cfg.SIPServers); err != nil {
		return pcfg, err
	}
	if pcfg.SIPRealms, err = portal.ParseSIPRealms(cfg.SIPRealms); err != nil {
		return pcfg, err
	}
	if pcfg.Portals, err = server.PortalsOf(cfg); err != nil {
		return pcfg, err
	}
	return pcfg, nil
}

// localOperator is the Unix user running the command, as the audit trail
// names it, with the person behind sudo when there is one:
// "sipdesk(sudo:alice)". Names are kept to letters, digits, ".", "_" and
// "-" (no control character reaches an audit line); another name becomes
// the numeric user ID.
func localOperator() string {
	name := "uid" + strconv.Itoa(os.Getuid())
	if u, err := user.Current(); err == nil && plainName(u.Username) {
		name = u.Username
	}
	if sudo := os.Getenv("SUDO_USER"); plainName(sudo) && sudo != name {
		name += "(sudo:" + sudo + ")"
	}
	return name
}

// plainName reports whether s is a non-empty Unix user name of plain
// characters only.
func plainName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// stdinIsTerminal reports whether a person types at stdin.
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
