package portal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/sipdesk/sipdesk/db"
)

// StoreIdentity returns the store's identity, a random UUID made by the
// first call on a store that has none (created is true then; of two
// replicas starting at once, the first one's stands and both return it).
// A registrar database records the identity of the one store that
// provisions it, so a replica started against another store (a mistyped
// or forgotten --database-url) never rewrites the registrar after its own
// contents.
func StoreIdentity(ctx context.Context, h db.Handler) (id string, created bool, err error) {
	id, err = db.StoreIdentity(ctx, h)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, db.ErrNotFound) {
		return "", false, fmt.Errorf("read the store identity: %w", err)
	}
	fresh := newStoreID()
	if err := db.PutStoreIdentity(ctx, h, fresh, time.Now()); err != nil {
		return "", false, fmt.Errorf("store the store identity: %w", err)
	}
	if id, err = db.StoreIdentity(ctx, h); err != nil {
		return "", false, fmt.Errorf("read the store identity: %w", err)
	}
	return id, id == fresh, nil
}

// newStoreID is a random (version 4) UUID.
func newStoreID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// StoreID is the identity of the service's store (StoreIdentity), read
// once; it implements provision.Truth.
func (s *Service) StoreID(ctx context.Context) (string, error) {
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	if s.storeID == "" {
		id, _, err := StoreIdentity(ctx, s.DB)
		if err != nil {
			return "", err
		}
		s.storeID = id
	}
	return s.storeID, nil
}
