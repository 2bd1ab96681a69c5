package db

import (
	"context"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// LatestSchema is the newest migration this binary carries for dialect.
func LatestSchema(dialect Dialect) (int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+string(dialect))
	if err != nil {
		return 0, fmt.Errorf("list %s migrations: %w", dialect, err)
	}
	var latest int64
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(num, 10, 64); ok && err == nil && v > latest {
			latest = v
		}
	}
	return latest, nil
}

// SchemaStatus reports the store's schema version (0 for a store that was
// never migrated) and the newest one this binary carries. It only reads:
// unlike goose, it creates no version table in an empty store.
func (d *DB) SchemaStatus(ctx context.Context) (current, latest int64, err error) {
	if latest, err = LatestSchema(d.Dialect); err != nil {
		return 0, 0, err
	}
	exists := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`
	if d.Dialect == Postgres {
		exists = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'goose_db_version'`
	}
	var n int
	if err := d.GetContext(ctx, &n, exists); err != nil {
		return 0, latest, fmt.Errorf("read the schema version: %w", countError(err))
	}
	if n == 0 {
		return 0, latest, nil
	}
	if err := d.GetContext(ctx, &current, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`); err != nil {
		return 0, latest, fmt.Errorf("read the schema version: %w", countError(err))
	}
	return current, latest, nil
}

// CheckSchemaCurrent is nil when the store has every migration this
// binary needs; readiness uses it. A store migrated further by a newer
// sipdesk passes: during a rolling upgrade the first new replica migrates
// while the old ones still serve (migrations only add), and taking every
// old replica out of the load balancer then would be an outage.
func (d *DB) CheckSchemaCurrent(ctx context.Context) error {
	current, latest, err := d.SchemaStatus(ctx)
	switch {
	case err != nil:
		return err
	case current < latest:
		return fmt.Errorf("schema version %d, this binary needs %d: %d migrations pending (serve or migrate applies them)",
			current, latest, latest-current)
	}
	return nil
}
