package db

import (
	"context"
	"errors"
	"time"
)

// AccountSettings are an account's choices of language and time zone; an
// empty field means none was made.
type AccountSettings struct {
	AccountID int64     `db:"account_id"`
	Language  string    `db:"language"`
	TimeZone  string    `db:"time_zone"`
	UpdatedAt time.Time `db:"updated_at"`
}

// SettingsOf loads an account's settings; an account that never chose
// anything gets empty settings, not an error.
func SettingsOf(ctx context.Context, h Handler, accountID int64) (AccountSettings, error) {
	var s AccountSettings
	err := sqlxGet(ctx, h, &s, `SELECT account_id, language, time_zone, updated_at
		FROM account_settings WHERE account_id = ?`, accountID)
	if errors.Is(err, ErrNotFound) {
		return AccountSettings{AccountID: accountID}, nil
	}
	return s, err
}

// SetLanguage stores an account's language ("" clears it).
func SetLanguage(ctx context.Context, h Handler, accountID int64, lang string, now time.Time) error {
	_, err := exec(ctx, h, `INSERT INTO account_settings (account_id, language, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at`,
		accountID, lang, UTC(now))
	return err
}

// SetTimeZone stores an account's time zone ("" clears it).
func SetTimeZone(ctx context.Context, h Handler, accountID int64, zone string, now time.Time) error {
	_, err := exec(ctx, h, `INSERT INTO account_settings (account_id, time_zone, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET time_zone = excluded.time_zone, updated_at = excluded.updated_at`,
		accountID, zone, UTC(now))
	return err
}
