package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/hashproc"
	"github.com/sipdesk/sipdesk/portal"
)

// hashWorkerNice is the hashing workers' nice level: the lowest priority,
// so the kernel serves the live sessions first.
const hashWorkerNice = 19

// hashWorkerCommand is the hidden subcommand that serve starts its hashing
// workers with (the same binary, see package hashproc).
func hashWorkerCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "hash-worker",
		Short:  "Compute password hashes for sipdesk serve over stdin and stdout (started by serve)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE:   func(*cobra.Command, []string) error { return hashproc.RunWorker() },
	}
}

// newHasher is serve's password hasher: with --hash-processes, backed by
// --hash-workers worker processes that stop is to end.
func newHasher(cfg config.Config) (h *portal.Hasher, stop func(), err error) {
	if !cfg.HashProcesses {
		return portal.NewHasher(portal.OWASPArgon2, cfg.HashWorkers, cfg.HashQueue), func() {}, nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil, nil, fmt.Errorf("find this binary for the hashing workers: %w", err)
	}
	// One worker per hash the Hasher lets run at once.
	pool, err := hashproc.Start(hashproc.Options{
		Path: self, Args: []string{"hash-worker"}, Workers: max(cfg.HashWorkers, 1), Nice: hashWorkerNice,
	})
	if err != nil {
		return nil, nil, err
	}
	return portal.NewHasher(portal.OWASPArgon2, cfg.HashWorkers, cfg.HashQueue, portal.WithHashBackend(pool)), pool.Close, nil
}
