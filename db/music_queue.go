package db

import (
	"context"
	"fmt"
	"strings"
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
// worker that has not finished within the stale timeout (its replica
// died), or processing by an earlier run of the worker's own replica (it
// was killed and has restarted: nobody else is working on it).
const claimable = `status IN ('pending', 'processing') AND
	(status = 'pending' OR (status = 'processing' AND (claimed_at < ? OR
		(? <> '' AND substr(claimed_by, 1, ?) = ? AND substr(claimed_by, ?, ?) < ?))))`

// ClaimantStartWidth is how many digits the start time of a claimant ID
// has (see ClaimantID): fixed, so start times compare as strings.
const ClaimantStartWidth = 20

// ClaimantID names a worker for claims: replica (a name stable across
// restarts, unique among live replicas), the start of this run of it, and
// the worker within the run. A restarted replica recognises the claims
// of its earlier runs by the same replica name and an earlier start, and
// retakes them at once instead of waiting for the stale timeout.
func ClaimantID(replica string, start time.Time, worker string) string {
	return ClaimantRun(replica, start) + "/" + worker
}

// ClaimantRun is the ClaimantID without the worker: "replica@start".
func ClaimantRun(replica string, start time.Time) string {
	return fmt.Sprintf("%s@%0*d", replica, ClaimantStartWidth, start.UnixNano())
}

// earlierRuns returns, for a ClaimantID, the prefix every claim of its
// replica starts with and its own start digits; ok is false for any other
// worker name.
func earlierRuns(worker string) (prefix, start string, ok bool) {
	at := strings.LastIndexByte(worker, '@')
	if at < 0 || len(worker) < at+1+ClaimantStartWidth+1 || worker[at+1+ClaimantStartWidth] != '/' {
		return "", "", false
	}
	start = worker[at+1 : at+1+ClaimantStartWidth]
	for _, c := range start {
		if c < '0' || c > '9' {
			return "", "", false
		}
	}
	return worker[:at+1], start, true
}

// claimableArgs are the arguments of one use of claimable.
func claimableArgs(worker string, staleBefore time.Time) []any {
	prefix, start, ok := earlierRuns(worker)
	if !ok {
		prefix, start = "", ""
	}
	return []any{UTC(staleBefore), prefix, len(prefix), prefix, len(prefix) + 1, ClaimantStartWidth, start}
}

// ClaimMusic takes the oldest claimable upload for worker and returns it,
// or ErrNotFound when there is none. It is one statement, so it is atomic
// on both stores: the inner SELECT picks a candidate and the outer WHERE
// re-checks it, so when two workers pick the same row, the second finds it
// already processing (Postgres re-evaluates the WHERE on the locked row;
// SQLite runs one writer at a time) and changes nothing. On Postgres, SKIP
// LOCKED lets the second worker take the next row instead of nothing.
// A worker named by ClaimantID also retakes its replica's earlier runs'
// claims at once.
func ClaimMusic(ctx context.Context, h Handler, worker string, now, staleBefore time.Time) (MusicJob, error) {
	lock := ""
	if h.DriverName() == "postgres" {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	args := []any{worker, UTC(now)}
	args = append(args, claimableArgs(worker, staleBefore)...)
	args = append(args, claimableArgs(worker, staleBefore)...)
	var j MusicJob
	err := sqlxGet(ctx, h, &j, `UPDATE music_files
		SET status = 'processing', claimed_by = ?, claimed_at = ?, attempts = attempts + 1
		WHERE id = (SELECT id FROM music_files WHERE `+claimable+` ORDER BY uploaded_at, id LIMIT 1`+lock+`)
		AND `+claimable+`
		RETURNING id, account_id, kind, original_name, original, attempts`, args...)
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

// FailMusic records why a claimed job could not be converted: reason in
// English, code as portal's code with its parameters.
func FailMusic(ctx context.Context, h Handler, id int64, worker, reason, code string) error {
	return execOne(ctx, h, `UPDATE music_files SET status = 'failed', error = ?, error_code = ?
		WHERE id = ? AND status = 'processing' AND claimed_by = ?`, reason, code, id, worker)
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
