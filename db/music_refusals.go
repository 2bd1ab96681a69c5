package db

import (
	"context"
	"time"
)

// MusicRefusal is an upload that was turned down, kept so the reason
// reaches customers whose client shows only a generic failure.
type MusicRefusal struct {
	ID         int64     `db:"id"`
	AccountID  int64     `db:"account_id"`
	Kind       string    `db:"kind"`
	Name       string    `db:"original_name"`
	SizeBytes  int64     `db:"size_bytes"`
	Reason     string    `db:"reason"`      // English, for customer care and the log
	ReasonCode string    `db:"reason_code"` // portal's code and parameters, tab-separated; "" before codes
	Via        string    `db:"via"`
	RemoteAddr string    `db:"remote_addr"`
	RefusedAt  time.Time `db:"refused_at"`
}

// keptRefusals is how many refusals per account are kept: enough to
// explain the last attempts, and a flood of bad uploads cannot grow the
// table.
const keptRefusals = 10

// InsertMusicRefusal records a refusal and prunes the account's older ones.
func InsertMusicRefusal(ctx context.Context, h Handler, r MusicRefusal) error {
	if _, err := exec(ctx, h, `INSERT INTO music_refusals
		(account_id, kind, original_name, size_bytes, reason, reason_code, via, remote_addr, refused_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.AccountID, r.Kind, r.Name, r.SizeBytes, r.Reason, r.ReasonCode, r.Via, r.RemoteAddr, UTC(r.RefusedAt)); err != nil {
		return err
	}
	_, err := exec(ctx, h, `DELETE FROM music_refusals WHERE account_id = ? AND id NOT IN
		(SELECT id FROM music_refusals WHERE account_id = ? ORDER BY id DESC LIMIT ?)`,
		r.AccountID, r.AccountID, keptRefusals)
	return err
}

// LastMusicRefusal is the account's newest refusal of a kind, or ErrNotFound.
func LastMusicRefusal(ctx context.Context, h Handler, accountID int64, kind string) (MusicRefusal, error) {
	var r MusicRefusal
	err := sqlxGet(ctx, h, &r, `SELECT id, account_id, kind, original_name, size_bytes, reason, reason_code, via, remote_addr, refused_at
		FROM music_refusals WHERE account_id = ? AND kind = ? ORDER BY id DESC LIMIT 1`, accountID, kind)
	return r, err
}
