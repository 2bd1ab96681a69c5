package db

import (
	"context"
	"database/sql"
	"time"
)

// MusicFile is a hold or queue music upload without its audio: what the
// status views need. Status runs pending -> processing -> active ->
// replaced, or ends in failed; a newer upload or a reset marks older live
// rows replaced.
type MusicFile struct {
	ID             int64        `db:"id"`
	AccountID      int64        `db:"account_id"`
	Kind           string       `db:"kind"`
	Status         string       `db:"status"`
	OriginalName   string       `db:"original_name"`
	Format         string       `db:"format"`
	ContentType    string       `db:"content_type"`
	Codec          string       `db:"codec"`
	SizeBytes      int64        `db:"size_bytes"`
	DurationMS     int64        `db:"duration_ms"`
	Peaks          string       `db:"peaks"`
	Error          string       `db:"error"`      // English, for care and the log
	ErrorCode      string       `db:"error_code"` // portal's code and parameters, tab-separated; "" before codes
	Via            string       `db:"upload_via"`
	LicenceShownAt time.Time    `db:"licence_shown_at"`
	UploadedAt     time.Time    `db:"uploaded_at"`
	ClaimedBy      string       `db:"claimed_by"`
	ClaimedAt      sql.NullTime `db:"claimed_at"`
	Attempts       int          `db:"attempts"`
	ActivatedAt    sql.NullTime `db:"activated_at"`
	WAV8kBytes     int64        `db:"wav8k_bytes"` // size of the 8 kHz rendition; 0 until active
}

const musicColumns = `id, account_id, kind, status, original_name, format, content_type, codec,
	size_bytes, duration_ms, peaks, error, error_code, upload_via, licence_shown_at, uploaded_at, claimed_by,
	claimed_at, attempts, activated_at, COALESCE(LENGTH(wav8k), 0) AS wav8k_bytes`

// NewMusicFile is a validated upload, stored as pending.
type NewMusicFile struct {
	AccountID      int64
	Kind           string
	Name           string
	Format         string
	ContentType    string
	Codec          string
	Original       []byte
	DurationMS     int64
	Via            string
	LicenceShownAt time.Time
	UploadedAt     time.Time
}

// InsertMusicFile stores an upload as pending and returns its ID.
func InsertMusicFile(ctx context.Context, h Handler, m NewMusicFile) (int64, error) {
	var id int64
	err := h.QueryRowxContext(ctx, h.Rebind(`INSERT INTO music_files
		(account_id, kind, status, original_name, format, content_type, codec, size_bytes, original,
		 duration_ms, upload_via, licence_shown_at, uploaded_at)
		VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		m.AccountID, m.Kind, m.Name, m.Format, m.ContentType, m.Codec, int64(len(m.Original)), m.Original,
		m.DurationMS, m.Via, UTC(m.LicenceShownAt), UTC(m.UploadedAt)).Scan(&id)
	return id, countError(WrapError(err))
}

// SupersedeMusic marks the account's pending and processing uploads of a
// kind replaced, with reason, so only the newest upload is ever activated.
// A worker still converting one of them then fails to promote it
// (ActivateMusic checks the status) and drops its work.
func SupersedeMusic(ctx context.Context, h Handler, accountID int64, kind, reason string) (int64, error) {
	if err := lockMusicSlot(ctx, h, accountID, kind); err != nil {
		return 0, err
	}
	return exec(ctx, h, `UPDATE music_files SET status = 'replaced', error = ?
		WHERE account_id = ? AND kind = ? AND status IN ('pending', 'processing')`, reason, accountID, kind)
}

// ResetMusic marks every live upload of a kind (active, pending,
// processing) replaced, so the default piece plays again, and drops the
// active one's renditions.
func ResetMusic(ctx context.Context, h Handler, accountID int64, kind string) (int64, error) {
	if err := lockMusicSlot(ctx, h, accountID, kind); err != nil {
		return 0, err
	}
	return exec(ctx, h, `UPDATE music_files SET status = 'replaced', wav8k = NULL, wav16k = NULL, ulaw = NULL, alaw = NULL
		WHERE account_id = ? AND kind = ? AND status IN ('active', 'pending', 'processing')`, accountID, kind)
}

// LiveMusic lists the account's active, pending and processing uploads,
// oldest first.
func LiveMusic(ctx context.Context, h Handler, accountID int64) ([]MusicFile, error) {
	var out []MusicFile
	err := sqlxSelect(ctx, h, &out, `SELECT `+musicColumns+` FROM music_files
		WHERE account_id = ? AND status IN ('active', 'pending', 'processing') ORDER BY uploaded_at, id`, accountID)
	return out, err
}

// LastFailedMusic is the account's newest failed upload of a kind, or ErrNotFound.
func LastFailedMusic(ctx context.Context, h Handler, accountID int64, kind string) (MusicFile, error) {
	var m MusicFile
	err := sqlxGet(ctx, h, &m, `SELECT `+musicColumns+` FROM music_files
		WHERE account_id = ? AND kind = ? AND status = 'failed' ORDER BY id DESC LIMIT 1`, accountID, kind)
	return m, err
}

// ActiveRendition returns the 8 kHz WAV that callers hear for the
// account's kind, with its row; ErrNotFound means the default piece plays.
func ActiveRendition(ctx context.Context, h Handler, accountID int64, kind string) ([]byte, MusicFile, error) {
	var row struct {
		MusicFile
		WAV8k []byte `db:"wav8k"`
	}
	err := sqlxGet(ctx, h, &row, `SELECT `+musicColumns+`, wav8k FROM music_files
		WHERE account_id = ? AND kind = ? AND status = 'active'`, accountID, kind)
	return row.WAV8k, row.MusicFile, err
}

// MusicOriginal returns the uploaded file of one of the account's live
// uploads (scoped by account like every customer-facing read).
func MusicOriginal(ctx context.Context, h Handler, accountID, id int64) ([]byte, error) {
	var b []byte
	err := sqlxGet(ctx, h, &b, `SELECT original FROM music_files
		WHERE id = ? AND account_id = ? AND status IN ('active', 'pending', 'processing')`, id, accountID)
	return b, err
}

// lockMusicSlot serializes the transactions that change one account's
// music of one kind (upload, activation, reset) until they commit. Without
// it, on Postgres two uploads each supersede only what they can see and
// both stay pending, and two workers activating at once can leave the
// older upload playing or collide on the one-active index. SQLite runs one
// writing transaction at a time already.
func lockMusicSlot(ctx context.Context, h Handler, accountID int64, kind string) error {
	if h.DriverName() != "postgres" {
		return nil
	}
	_, err := exec(ctx, h, `SELECT pg_advisory_xact_lock(hashtextextended('sipdesk-music:' || ? || ':' || ?, 0))`,
		accountID, kind)
	return err
}
