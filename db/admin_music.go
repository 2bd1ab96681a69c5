package db

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// MusicListing is an upload as customer care's list shows it: no audio,
// with the user ID of its account.
type MusicListing struct {
	ID           int64        `db:"id"`
	UserID       string       `db:"user_id"`
	Kind         string       `db:"kind"`
	Status       string       `db:"status"`
	OriginalName string       `db:"original_name"`
	Format       string       `db:"format"`
	SizeBytes    int64        `db:"size_bytes"`
	DurationMS   int64        `db:"duration_ms"`
	Error        string       `db:"error"`
	Attempts     int          `db:"attempts"`
	UploadedAt   time.Time    `db:"uploaded_at"`
	ActivatedAt  sql.NullTime `db:"activated_at"`
}

// MusicByStatus lists the uploads of every account whose status is one of
// statuses, newest first; at most limit rows.
func MusicByStatus(ctx context.Context, h Handler, statuses []string, limit int) ([]MusicListing, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(statuses)+1)
	for _, s := range statuses {
		args = append(args, s)
	}
	args = append(args, limit)
	var out []MusicListing
	err := sqlxSelect(ctx, h, &out, `SELECT m.id, a.user_id, m.kind, m.status, m.original_name, m.format,
		m.size_bytes, m.duration_ms, m.error, m.attempts, m.uploaded_at, m.activated_at
		FROM music_files m JOIN accounts a ON a.id = m.account_id
		WHERE m.status IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(statuses)), ", ")+`)
		ORDER BY m.uploaded_at DESC, m.id DESC LIMIT ?`, args...)
	return out, err
}
