package db

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrationLockID is the advisory lock replicas migrate under.
const MigrationLockID = migrationLockID

// MigrateDownTo rolls the Postgres store d back to version, so that the
// migrations after it are pending again.
func MigrateDownTo(ctx context.Context, d *DB, version int64) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.Dialect))
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, d.DB.DB, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}
