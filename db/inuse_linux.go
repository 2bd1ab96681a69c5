package db

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// storeInUse reports whether another open connection holds an SQLite lock
// on the store at path. In WAL mode (how sipdesk opens it) every open
// connection keeps a shared lock on the "dead man switch" byte of the -shm
// file for as long as it is open, and a transaction holds locks on the
// database file's lock bytes. F_OFD_GETLK asks the kernel whether a write
// lock on those bytes would conflict, without taking one; unlike F_GETLK it
// also sees the locks of this very process (the tests open the store
// in-process).
func storeInUse(path string) (bool, error) {
	// SQLite's unix VFS: lock bytes of the database file start at
	// PENDING_BYTE (0x40000000) and span 512 bytes; the -shm file's locks are
	// bytes 120..127 (WAL locks) and 128 (DMS).
	for _, r := range []struct {
		file          string
		start, length int64
	}{{path, 0x40000000, 512}, {path + "-shm", 120, 9}} {
		busy, err := lockedRange(r.file, r.start, r.length)
		if err != nil || busy {
			return busy, err
		}
	}
	return false, nil
}

func lockedRange(file string, start, length int64) (bool, error) {
	f, err := os.OpenFile(file, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check whether the store is in use: %w", err)
	}
	defer f.Close()
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: start, Len: length}
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, &lk); err != nil {
		return false, fmt.Errorf("check whether the store is in use: %w", err)
	}
	return lk.Type != unix.F_UNLCK, nil
}
