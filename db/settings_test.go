package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func TestAccountSettings(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id := mkAccount(t, d, "alice@example.ch")
		s, err := db.SettingsOf(ctx, d, id)
		if err != nil || s.Language != "" || s.TimeZone != "" || s.AccountID != id {
			t.Fatalf("a new account's settings: %+v, %v", s, err)
		}
		if err := db.SetLanguage(ctx, d, id, "fr", t0); err != nil {
			t.Fatal(err)
		}
		if err := db.SetTimeZone(ctx, d, id, "Europe/Vienna", t0); err != nil {
			t.Fatal(err)
		}
		if err := db.SetLanguage(ctx, d, id, "it", t0); err != nil {
			t.Fatal(err)
		}
		s, err = db.SettingsOf(ctx, d, id)
		if err != nil || s.Language != "it" || s.TimeZone != "Europe/Vienna" {
			t.Fatalf("after setting both: %+v, %v", s, err)
		}
		if err := db.SetLanguage(ctx, d, id, "es", t0); err == nil {
			t.Error("a language the portal does not speak was stored")
		}
		if err := db.SetLanguage(ctx, d, 999999, "de", t0); !errors.Is(err, db.ErrReference) {
			t.Errorf("settings of a missing account: %v, want ErrReference", err)
		}
		other := mkAccount(t, d, "bob@example.ch")
		if s, _ := db.SettingsOf(ctx, d, other); s.Language != "" {
			t.Errorf("another account's settings leaked: %+v", s)
		}
	})
}
