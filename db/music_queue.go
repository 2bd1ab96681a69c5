package db

import (
	"context"
	"time"
)

// MusicJob is a claimed upload for a worker to convert.
type MusicJob struct {
	ID           int64  `db:"id"`
	AccountID    int64  `db:"account_id"`
	Kind         string `db:"kind"`
	OriginalName string `db:"original_name"`
	Original     []byte `db:"original"`
	Attempts     int    `db:"attempts"`
}

// claimable is a row a worker may take: pending, or processing by a
// worker that has not finished within the stale timeout (its replica died).
const claimable = `status IN ('pending', 'processing') AND
	(status = 'pending' OR (status = 'processing' AND claimed_at < ?))`

// ClaimMusic takes the oldest claimable upload for worker and returns it,
// or ErrNotFound when there is none. It is one statement, so it is atomic
// on both stores: the inner SELECT picks a candidate and the outer WHERE
// re-checks it, so when two workers pick the same row, the second finds it
// already processing (Postgres re-evaluates the WHERE on the locked row;
// SQLite runs one writer at a time) and changes nothing. On Postgres, SKIP
// LOCKED lets the second worker take the next row instead of nothing.
func ClaimMusic(ctx context.Context, h Handler, worker string, now, staleBefore time.Time) (MusicJob, error) {
	lock := ""
	if h.DriverName() == "postgres" {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var j MusicJob
	err := sqlxGet(ctx, h, &j, `UPDATE music_files
		SET status = 'processing', claimed_by = ?, claimed_at = ?, attempts = attempts + 1
		WHERE id = (SELECT id FROM music_files WHERE `+claimable+` ORDER BY uploaded_at, id LIMIT 1`+lock+`)
		AND `+claimable+`
		RETURNING id, account_id, kind, original_name, original, attempts`,
		worker, UTC(now), UTC(staleBefore), UTC(staleBefore))
	return j, err
}

// MusicRenditions are the converted files of an upload.
type MusicRenditions struct {
	WAV8k, WAV16k, ULaw, ALaw []byte
	DurationMS                int64
	Peaks                     string
}

// ActivateMusic makes the claimed job the active music of its account and
// kind, and marks the previous active one replaced (dropping its
// renditions), unless a newer upload is active already: then the job is
// marked replaced and activated is false, so the newest accepted upload
// (the highest ID: uploads are numbered under the slot lock) always wins.
// Run it in a transaction: the updates must commit together, and the
// unique index music_files_one_active refuses a second active row, so the
// old one is demoted first. ErrNotFound means worker no longer holds the
// claim (a newer upload or a reset replaced the job, or a stale takeover):
// the caller must roll back, which restores the old active file.
func ActivateMusic(ctx context.Context, tx Tx, job MusicJob, worker string, r MusicRenditions, now time.Time) (activated bool, err error) {
	if err := lockMusicSlot(ctx, tx, job.AccountID, job.Kind); err != nil {
		return false, err
	}
	var newer int
	if err := sqlxGet(ctx, tx, &newer, `SELECT COUNT(*) FROM music_files
		WHERE account_id = ? AND kind = ? AND status = 'active' AND id > ?`, job.AccountID, job.Kind, job.ID); err != nil {
		return false, err
	}
	if newer > 0 {
		return false, execOne(ctx, tx, `UPDATE music_files SET status = 'replaced', error = 'replaced by a newer upload'
			WHERE id = ? AND status = 'processing' AND claimed_by = ?`, job.ID, worker)
	}
	if _, err := exec(ctx, tx, `UPDATE music_files SET status = 'replaced', wav8k = NULL, wav16k = NULL, ulaw = NULL, alaw = NULL
		WHERE account_id = ? AND kind = ? AND status = 'active'`, job.AccountID, job.Kind); err != nil {
		return false, err
	}
	return true, execOne(ctx, tx, `UPDATE music_files SET status = 'active', wav8k = ?, wav16k = ?, ulaw = ?, alaw = ?,
		duration_ms = ?, peaks = ?, error = '', activated_at = ?
		WHERE id = ? AND status = 'processing' AND claimed_by = ?`,
		r.WAV8k, r.WAV16k, r.ULaw, r.ALaw, r.DurationMS, r.Peaks, UTC(now), job.ID, worker)
}

// FailMusic records why a claimed job could not be converted.
func FailMusic(ctx context.Context, h Handler, id int64, worker, reason string) error {
	return execOne(ctx, h, `UPDATE music_files SET status = 'failed', error = ?
		WHERE id = ? AND status = 'processing' AND claimed_by = ?`, reason, id, worker)
}

// ReleaseMusic hands a claimed job back to the queue (a worker shutting
// down, or a store error while activating), so another replica need not
// wait for the stale timeout. The attempt is given back too: only a file
// that kills its worker should use up its attempts, not the store's trouble.
func ReleaseMusic(ctx context.Context, h Handler, id int64, worker string) error {
	return execOne(ctx, h, `UPDATE music_files SET status = 'pending', claimed_by = '', claimed_at = NULL,
		attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
		WHERE id = ? AND status = 'processing' AND claimed_by = ?`, id, worker)
}
