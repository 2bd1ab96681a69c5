package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
)

// backupCommand is `sipdesk backup --to FILE`: a consistent copy of the
// embedded SQLite store, made while the portal runs.
func backupCommand() *cobra.Command {
	var cfg config.Config
	var to string
	c := &cobra.Command{
		Use:   "backup --to FILE",
		Short: "Copy the embedded SQLite store to a new file while the portal runs",
		Long: "Copy the embedded SQLite store to FILE (a new file, mode 0600) with SQLite's VACUUM INTO:\n" +
			"one consistent snapshot, taken while the portal keeps serving. Keep the server key\n" +
			"(<data-dir>/server.key or --server-key) with it: without the key, stored TOTP secrets and\n" +
			"VoIP passwords cannot be decrypted. For Postgres use pg_dump (see deploy/README.md).",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if to == "" {
				return errors.New("--to FILE is required")
			}
			if err := cfg.Resolve(c.Flags(), envLookup); err != nil {
				return err
			}
			store, err := openExisting(c.Context(), cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.Backup(c.Context(), to); err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			st, err := os.Stat(to)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "backup written: %s (%d bytes); keep the server key with it\n", to, st.Size())
			return nil
		},
	}
	cfg.Bind(c.Flags())
	c.Flags().StringVar(&to, "to", "", "the new backup file; an existing file is never overwritten")
	return c
}

// restoreCommand is `sipdesk restore --from FILE [--force]`.
func restoreCommand() *cobra.Command {
	var cfg config.Config
	var from string
	var force bool
	c := &cobra.Command{
		Use:   "restore --from FILE [--force]",
		Short: "Replace the embedded SQLite store with a backup (the portal must be stopped)",
		Long: "Replace the embedded SQLite store with the backup FILE. The file must be an intact sipdesk\n" +
			"store of this version's schema or older (serve applies newer migrations on start).\n" +
			"Restore refuses while a process has the store open (stop sipdesk first) and replaces an\n" +
			"existing store only with --force; the replaced store is kept as\n" +
			"<store>.before-restore-TIME, never deleted. The server key must be the one the backup\n" +
			"was made with; restore checks it against the restored secrets.",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if from == "" {
				return errors.New("--from FILE is required")
			}
			if err := cfg.Resolve(c.Flags(), envLookup); err != nil {
				return err
			}
			res, err := db.Restore(c.Context(), cfg.DatabaseURL, from, force, time.Now())
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "restored %s (schema %d)\n", from, res.Schema)
			if res.Kept != "" {
				fmt.Fprintf(out, "the replaced store is kept as %s\n", res.Kept)
			}
			return checkRestoredKey(c.Context(), cfg, out)
		},
	}
	cfg.Bind(c.Flags())
	c.Flags().StringVar(&from, "from", "", "the backup file to restore")
	c.Flags().BoolVar(&force, "force", false, "replace an existing store (it is kept as <store>.before-restore-TIME)")
	return c
}

// checkRestoredKey tells the operator straight away when the configured
// server key does not decrypt the restored secrets.
func checkRestoredKey(ctx context.Context, cfg config.Config, out io.Writer) error {
	store, err := openExisting(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	r := checkServerKey(ctx, cfg, store)
	r.print(out)
	if r.failed {
		// The check's line above says which: a key that is missing or one
		// that does not decrypt; either way the store itself is restored.
		return errors.New("the store is restored, but the server key check failed (see above): configure the key the backup was made with (SIPDESK_SERVER_KEY or server.key)")
	}
	return nil
}

// openExisting opens the store without creating an SQLite file that is
// not there (db.Open would create an empty one).
func openExisting(ctx context.Context, dsn string) (*db.DB, error) {
	if path, ok := db.SQLitePath(dsn); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no store at %s: %w", path, err)
		}
	}
	return db.Open(ctx, dsn)
}
