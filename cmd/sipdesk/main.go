// Command sipdesk is the VoIP customer portal served over SSH.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/hostkeys"
	"github.com/sipdesk/sipdesk/mail"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/safetext"
	"github.com/sipdesk/sipdesk/server"
)

func main() {
	if err := rootCommand().Execute(); err != nil {
		var status exitStatus
		if errors.As(err, &status) {
			os.Exit(int(status)) // the command printed why
		}
		fmt.Fprintln(os.Stderr, "sipdesk:", err)
		os.Exit(1)
	}
}

func rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "sipdesk",
		Short:         "A VoIP provider's customer self-service portal, served over SSH",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(serveCommand(), migrateCommand())
	root.AddCommand(backupCommand(), restoreCommand(), checkCommand()) // ops: backup.go, check.go
	root.AddCommand(adminCommand())                                    // local recovery: admin_local.go
	root.AddCommand(hashWorkerCommand())                               // hash_worker.go
	return root
}

func envLookup(k string) (string, bool) { return os.LookupEnv(k) }

func serveCommand() *cobra.Command {
	var cfg config.Config
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the portal over SSH",
		Long: "Serve the portal over SSH.\n\nEvery flag can also be set in the environment as SIPDESK_<FLAG>\n" +
			"(e.g. SIPDESK_DATABASE_URL) or in the YAML file given by --config, under the flag's name.",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := cfg.Resolve(c.Flags(), envLookup); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve(ctx, cfg)
		},
	}
	cfg.Bind(c.Flags())
	return c
}

func migrateCommand() *cobra.Command {
	var cfg config.Config
	c := &cobra.Command{
		Use:   "migrate",
		Short: "Apply the database schema migrations and exit",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := cfg.Resolve(c.Flags(), envLookup); err != nil {
				return err
			}
			log := newLogger(cfg)
			store, err := db.OpenWith(c.Context(), cfg.DatabaseURL, storeOptions(cfg))
			if err != nil {
				return err
			}
			defer store.Close()
			v, err := store.Migrate(c.Context(), log)
			if err != nil {
				return err
			}
			log.Info("schema up to date", "dialect", string(store.Dialect), "version", v)
			return nil
		},
	}
	cfg.Bind(c.Flags())
	return c
}

func newLogger(cfg config.Config) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	// Every value is escaped by the one text rule: user names, file
	// names and clients' error texts reach the log.
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: safetext.LogAttr}
	if strings.EqualFold(cfg.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func serve(ctx context.Context, cfg config.Config) error {
	log := newLogger(cfg)
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if err := startChecks(ctx, cfg, log); err != nil {
		return err
	}
	store, err := db.OpenWith(ctx, cfg.DatabaseURL, storeOptions(cfg))
	if err != nil {
		return err
	}
	defer store.Close()
	log.Info("store connected; applying migrations", "dialect", string(store.Dialect))
	version, err := store.Migrate(ctx, nil)
	if err != nil {
		return err
	}
	log.Info("store ready", "dialect", string(store.Dialect), "schema", version)
	// The key is checked against the store: a wrong or lost key refuses
	// the start instead of failing every stored secret later.
	box, created, err := portal.OpenServerKey(ctx, store, cfg.ServerKey, filepath.Join(cfg.DataDir, "server.key"))
	if err != nil {
		return err
	}
	if created {
		log.Warn("generated a new server key; back it up: without it, stored TOTP secrets and VoIP passwords cannot be decrypted",
			"file", filepath.Join(cfg.DataDir, "server.key"))
	}
	// The store's identity, made at its first start: a registrar database
	// takes SIP credentials only from the store it is bound to.
	storeID, created, err := portal.StoreIdentity(ctx, store)
	if err != nil {
		return err
	}
	log.Info("store identity", "id", storeID, "new", created)
	signer, created, err := hostkeys.LoadOrGenerate(cfg.HostKeyDir)
	if err != nil {
		return err
	}
	if created {
		log.Info("generated the SSH host key", "dir", cfg.HostKeyDir)
	}

	pcfg, err := portalConfig(cfg)
	if err != nil {
		return err
	}
	// What the service calls back into is made first and passed to its
	// constructor: the listeners' public addresses (for links in mails),
	// this replica's session registry and the mail worker's wake-up.
	bound, err := server.Listen(cfg)
	if err != nil {
		return err
	}
	defer bound.Close()
	pcfg.Portals = bound.Portals()
	sessions := server.NewRegistry()
	replica := cfg.ReplicaName
	if replica == "" {
		replica = portal.ReplicaName(cfg.Listen)
	}
	kamZone, err := cfg.KamailioZone()
	if err != nil {
		return err
	}
	platformOpts := platform.Options{
		KamailioDatabaseURL: cfg.KamailioDatabaseURL, KamailioZone: kamZone, MusicDir: cfg.MohDir, MusicReloadCmd: cfg.MohReloadCmd,
	}
	// Metrics and readiness: the listener starts before the SSH listeners
	// and stops after them, so /readyz says "draining" while sessions end.
	m, ready := newOps(store, platformOpts)
	worker, err := mailWorker(cfg, replica, portal.NewMailOutbox(store, box), m, log)
	if err != nil {
		return err
	}
	hasher, stopHashers, err := newHasher(cfg)
	if err != nil {
		return err
	}
	defer stopHashers()
	svc, err := portal.NewService(store, box, hasher, pcfg, log,
		portal.WithMailQueued(worker.Wake), portal.WithSessionEnder(sessions), portal.WithLiveEnder(sessions.EndLive),
		portal.WithReplica(replica), portal.WithWorkerRunning(ready.WorkerStarted), portal.WithMetrics(m))
	if err != nil {
		return err
	}
	mctx, stopM := context.WithCancel(context.WithoutCancel(ctx))
	_, waitM, err := startMetrics(mctx, cfg.MetricsListen, m, ready, log)
	if err != nil {
		stopM()
		return err
	}
	defer func() { stopM(); waitM() }()
	go func() { <-ctx.Done(); ready.Drain() }()

	if cfg.SeedDemo {
		demo, ok, err := svc.SeedDemo(ctx)
		if err != nil {
			return fmt.Errorf("seed demo account: %w", err)
		}
		if ok {
			// Printed once, on the first start of an empty store, so a new
			// user can log in straight away. It is the only password ever logged.
			var nums []string
			for _, n := range demo.Numbers {
				nums = append(nums, n.Formatted+" ("+n.ProductLabel()+")")
			}
			log.Info("demo customer created (shown once)", "user", demo.Email, "password", demo.Password,
				"numbers", strings.Join(nums, ", "))
		}
	}

	adminKeys, err := cfg.AdminKeyLines()
	if err != nil {
		return err
	}
	if created, added, err := svc.EnsureInitialAdmin(ctx, cfg.InitialAdmin, svc.Cfg.CareEmailFor(""), adminKeys); err != nil {
		return fmt.Errorf("initial admin: %w", err)
	} else if created || added > 0 {
		log.Info("initial admin keys registered", "admin", cfg.InitialAdmin, "created", created, "keys_added", added)
	}

	// The registrar and the music export: after the demo seed (its start-up
	// sync provisions the demo's numbers, which no event covers) and before
	// serving, so the first session already shows registrations.
	// Its workers stop (cancel) before serve waits for them, also when
	// serving ends with an error rather than a signal.
	platformCtx, stopPlatform := context.WithCancel(ctx)
	waitPlatform, err := platform.Start(platformCtx, svc, platformOpts, log)
	if err != nil {
		stopPlatform()
		return err
	}
	defer waitPlatform()
	defer stopPlatform()
	if svc.SIP != nil && svc.SIP.Provisioner != nil {
		ready.AddCheck(registrarCheck(svc.SIP.Provisioner))
	}

	srv, err := server.New(cfg, svc, bound, sessions, signer, log)
	if err != nil {
		return err
	}
	go portal.WarmDefaultPiece()
	workerDone := make(chan struct{})
	go func() {
		defer close(workerDone)
		defer ready.WorkerStarted(workerMail)()
		_ = worker.Run(ctx)
	}()
	defer func() { <-workerDone }()
	err = srv.Serve(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("stopped")
	return nil
}

// mailWorker delivers the outbox: through SMTP when a relay is configured,
// else as .eml files in <data-dir>/mail so the whole flow works locally.
// It reports every attempt to observer.
func mailWorker(cfg config.Config, replica string, outbox mail.Outbox, observer mail.DeliveryObserver, log *slog.Logger) (*mail.Worker, error) {
	var sender mail.Sender
	if cfg.SMTPHost != "" {
		smtp, err := mail.NewSMTPSender(mail.SMTPConfig{
			Host: cfg.SMTPHost, Port: cfg.SMTPPort, Security: cfg.SMTPSecurity,
			Username: cfg.SMTPUser, Password: cfg.SMTPPassword, From: cfg.MailFrom,
		})
		if err != nil {
			return nil, fmt.Errorf("configure SMTP: %w", err)
		}
		sender = smtp
		log.Info("mail goes out through SMTP", "host", cfg.SMTPHost, "security", cfg.SMTPSecurity)
	} else {
		dir := filepath.Join(cfg.DataDir, "mail")
		d, err := mail.NewDirSender(dir, cfg.MailFrom)
		if err != nil {
			return nil, err
		}
		sender = d
		log.Info("no SMTP relay configured: mails are written as .eml files", "dir", dir)
	}
	// Named after the replica and this start, so a restart retakes at
	// once the mails its killed run had leased.
	return &mail.Worker{Outbox: outbox, Sender: sender, Logger: log, Name: db.ClaimantID(replica, time.Now(), "mail"),
		Observer: observer}, nil
}
