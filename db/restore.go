package db

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"
)

// ErrStoreInUse means a process has the SQLite store open: restoring
// under a running portal would mix two databases' pages. Stop it first.
var ErrStoreInUse = errors.New("the store is open in a running process (sipdesk serve?): stop it before restoring")

// RestoreResult says what Restore did.
type RestoreResult struct {
	Schema int64  // the backup's schema version; serve migrates it up
	Kept   string // where the replaced store was moved; "" if there was none
}

// Restore makes the SQLite store at dsn a copy of the backup file from.
// It refuses a file that is not an intact sipdesk store of this binary's
// schema or older, a store that a process has open (ErrStoreInUse), and
// replacing an existing store unless force is set. Even then nothing is
// lost: the replaced store (with any -wal and -shm files) is renamed to
// STORE.before-restore-TIME, not deleted.
func Restore(ctx context.Context, dsn, from string, force bool, now time.Time) (RestoreResult, error) {
	target, ok := SQLitePath(dsn)
	if !ok {
		return RestoreResult{}, ErrNotSQLite
	}
	version, err := InspectBackup(ctx, from)
	if err != nil {
		return RestoreResult{}, err
	}
	inUse, err := storeInUse(target)
	if err != nil {
		return RestoreResult{}, err
	}
	if inUse {
		return RestoreResult{}, ErrStoreInUse
	}
	exists := false
	if st, err := os.Stat(target); err == nil && st.Size() > 0 {
		exists = true
	}
	if exists && !force {
		return RestoreResult{}, fmt.Errorf("the store %s exists: restore replaces it only with --force (it is then kept as %s.before-restore-TIME)", target, target)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return RestoreResult{}, fmt.Errorf("create the store's directory: %w", err)
	}
	tmp, err := emptyFileBeside(target, ".restoring")
	if err != nil {
		return RestoreResult{}, err
	}
	defer os.Remove(tmp)
	if err := copyStore(ctx, from, tmp); err != nil {
		return RestoreResult{}, err
	}
	res := RestoreResult{Schema: version}
	if exists {
		res.Kept = target + ".before-restore-" + stamp(now)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			err := os.Rename(target+suffix, res.Kept+suffix)
			if err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
				return RestoreResult{}, fmt.Errorf("set the current store aside: %w", err)
			}
		}
	} else {
		// An empty file (or leftovers of one) is all there is: nothing to keep.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(target + suffix)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return RestoreResult{}, fmt.Errorf("put the restored store in place: %w", err)
	}
	return res, syncFile(filepath.Dir(target))
}

// copyStore writes a clean copy of the backup from into the empty file to.
func copyStore(ctx context.Context, from, to string) error {
	x, err := sqlx.Open("sqlite", "file:"+from+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer x.Close()
	if _, err := x.ExecContext(ctx, `VACUUM INTO ?`, to); err != nil {
		return fmt.Errorf("copy the backup: %w", err)
	}
	return syncFile(to)
}
