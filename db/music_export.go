package db

import "context"

// MusicClassRow is an account's active upload of a kind, or an account
// without one (Kind "" and UploadID 0), for the music export.
type MusicClassRow struct {
	AccountID int64  `db:"account_id"`
	UserID    string `db:"user_id"`
	Kind      string `db:"kind"`
	UploadID  int64  `db:"upload_id"`
}

// MusicClassRows lists every customer account with its active uploads
// (one row per active upload, one row with Kind "" for an account with
// none), by account: what callers of each account hear.
func MusicClassRows(ctx context.Context, h Handler) ([]MusicClassRow, error) {
	var out []MusicClassRow
	err := sqlxSelect(ctx, h, &out, `SELECT a.id AS account_id, a.user_id, COALESCE(m.kind, '') AS kind,
		COALESCE(m.id, 0) AS upload_id
		FROM accounts a LEFT JOIN music_files m ON m.account_id = a.id AND m.status = 'active'
		WHERE a.role = 'customer' ORDER BY a.id, m.kind`)
	return out, err
}

// ActiveMusicRenditions loads the renditions of an active upload;
// ErrNotFound when it is no longer active (replaced or reset meanwhile).
func ActiveMusicRenditions(ctx context.Context, h Handler, id int64) (MusicRenditions, error) {
	var r struct {
		WAV8k  []byte `db:"wav8k"`
		WAV16k []byte `db:"wav16k"`
		ULaw   []byte `db:"ulaw"`
		ALaw   []byte `db:"alaw"`
	}
	err := sqlxGet(ctx, h, &r, `SELECT wav8k, wav16k, ulaw, alaw FROM music_files WHERE id = ? AND status = 'active'`, id)
	return MusicRenditions{WAV8k: r.WAV8k, WAV16k: r.WAV16k, ULaw: r.ULaw, ALaw: r.ALaw}, err
}
