package db

import (
	"context"
	"time"
)

// Kinds of a login source.
const (
	SourceNetwork = "network"
	SourceKey     = "key"
)

// KnownSources says what an account's login sources hold: any row at
// all, the network, and the key fingerprint (empty: not asked).
type KnownSources struct {
	Any     bool
	Network bool
	Key     bool
}

// LoginSourcesKnown answers, in one query over the account's few rows,
// whether it has logged in before and from network and with key.
func LoginSourcesKnown(ctx context.Context, h Handler, accountID int64, network, key string) (KnownSources, error) {
	var r struct {
		N       int `db:"n"`
		Network int `db:"network"`
		Key     int `db:"key"`
	}
	err := sqlxGet(ctx, h, &r, `SELECT COUNT(*) AS n,
		COALESCE(MAX(CASE WHEN kind = 'network' AND value = ? THEN 1 ELSE 0 END), 0) AS network,
		COALESCE(MAX(CASE WHEN kind = 'key' AND value = ? THEN 1 ELSE 0 END), 0) AS key
		FROM login_sources WHERE account_id = ?`, network, key, accountID)
	return KnownSources{Any: r.N > 0, Network: r.Network == 1, Key: r.Key == 1}, err
}

// sourceRefresh is how stale a row's last use may get before a login
// writes it again: the 90-day sweep needs days, not seconds, and a
// login that changes nothing costs no write.
const sourceRefresh = 24 * time.Hour

// RememberLoginSource records that the account logged in from a network
// or with a key at at.
func RememberLoginSource(ctx context.Context, h Handler, accountID int64, kind, value string, at time.Time) error {
	_, err := exec(ctx, h, `INSERT INTO login_sources (account_id, kind, value, last_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, kind, value) DO UPDATE SET last_at = excluded.last_at
		WHERE login_sources.last_at < ?`, accountID, kind, value, UTC(at), UTC(at.Add(-sourceRefresh)))
	return err
}

// PurgeLoginSources deletes sources not used since before.
func PurgeLoginSources(ctx context.Context, h Handler, before time.Time) (int64, error) {
	return exec(ctx, h, `DELETE FROM login_sources WHERE last_at < ?`, UTC(before))
}
