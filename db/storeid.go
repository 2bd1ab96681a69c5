package db

import (
	"context"
	"time"
)

// StoreIdentity returns the store's identity, or ErrNotFound before the
// first start that made one.
func StoreIdentity(ctx context.Context, h Handler) (string, error) {
	var id string
	err := sqlxGet(ctx, h, &id, `SELECT store_id FROM store_identity WHERE id = 1`)
	return id, err
}

// PutStoreIdentity stores id unless the store has one already (two
// replicas starting at once: the first wins, and both read it back).
func PutStoreIdentity(ctx context.Context, h Handler, id string, now time.Time) error {
	_, err := exec(ctx, h, `INSERT INTO store_identity (id, store_id, created_at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO NOTHING`, id, UTC(now))
	return err
}
