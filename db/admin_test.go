package db_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

func TestSearchAccounts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, a := range []db.NewAccount{
			{UserID: "alice@example.ch", Email: "alice@example.ch", Name: "Alice MUSTER", Region: "CH"},
			{UserID: "k-1001", Email: "Anna@Example.at", Name: "Anna 50% Beispiel", Region: "AT"},
			{UserID: "k_2002", Email: "anna@example.at", Name: "Anna Zwei", Region: "AT"},
			{UserID: "kx2002", Email: "kx@example.at", Name: `Back\slash`, Region: "AT"},
		} {
			a.Role = "customer"
			if _, err := db.CreateAccount(ctx, d, a, t0); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(query, region string, limit int) string {
			t.Helper()
			rows, err := db.SearchAccounts(ctx, d, query, region, limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.UserID)
			}
			return strings.Join(out, " ")
		}
		for _, c := range []struct {
			query, region string
			limit         int
			want          string
		}{
			{"", "", 10, "alice@example.ch k-1001 k_2002 kx2002"},
			{"", "", 2, "alice@example.ch k-1001"},
			{"muster", "", 10, "alice@example.ch"},
			{"  ANNA@example.AT ", "", 10, "k-1001 k_2002"},
			{"anna", "CH", 10, ""},
			{"50%", "", 10, "k-1001"},
			{"k_", "", 10, "k_2002"},
			{`\`, "", 10, "kx2002"},
		} {
			if got := ids(c.query, c.region, c.limit); got != c.want {
				t.Errorf("SearchAccounts(%q, %q, %d) = %q, want %q", c.query, c.region, c.limit, got, c.want)
			}
		}
		accts, err := db.AccountsByEmail(ctx, d, "ANNA@example.at")
		if err != nil || len(accts) != 2 || accts[0].UserID != "k-1001" {
			t.Fatalf("AccountsByEmail: %+v %v", accts, err)
		}
	})
}

func TestAuditTrailOfAnAccountAndOfItsActions(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		admin := mkAccount(t, d, "care")
		alice := mkAccount(t, d, "alice@example.ch")
		bob := mkAccount(t, d, "bob@example.ch")
		for i, e := range []db.AuditEvent{
			{ActorID: admin, Actor: "care", AccountID: alice, Action: "account.disable"},
			{ActorID: alice, Actor: "alice@example.ch", AccountID: alice, Action: "login"},
			{ActorID: admin, Actor: "care", AccountID: bob, Action: "number.add", Detail: "+41441234567 pbx"},
			{Actor: "system", AccountID: admin, Action: "admin.key-add"},
		} {
			e.At = t0.Add(time.Duration(i) * time.Minute)
			if err := db.Audit(ctx, d, e); err != nil {
				t.Fatal(err)
			}
		}
		actions := func(accountID int64, since time.Time) string {
			t.Helper()
			rows, err := db.AuditTrail(ctx, d, accountID, since, 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.Action+"@"+r.Account)
			}
			return strings.Join(out, " ")
		}
		if got, want := actions(0, time.Time{}), "admin.key-add@care number.add@bob@example.ch login@alice@example.ch account.disable@alice@example.ch"; got != want {
			t.Errorf("all: %q, want %q", got, want)
		}
		if got, want := actions(alice, time.Time{}), "login@alice@example.ch account.disable@alice@example.ch"; got != want {
			t.Errorf("alice: %q, want %q", got, want)
		}
		// An admin's trail holds what was done to the account and what it did.
		if got, want := actions(admin, time.Time{}), "admin.key-add@care number.add@bob@example.ch account.disable@alice@example.ch"; got != want {
			t.Errorf("care: %q, want %q", got, want)
		}
		if got, want := actions(0, t0.Add(2*time.Minute)), "admin.key-add@care number.add@bob@example.ch"; got != want {
			t.Errorf("since: %q, want %q", got, want)
		}
	})
}

func TestTrunkParticipantsAndDeleteSIPCredential(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		acct := mkAccount(t, d, "alice@example.ch")
		trunk, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: acct, E164: "+41447770000", Product: "trunk"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"+41447770002", "+41447770001"} {
			if _, err := db.AddNumber(ctx, d, db.NewNumber{AccountID: acct, E164: n, Product: "trunk-participant", TrunkID: trunk}, t0); err != nil {
				t.Fatal(err)
			}
		}
		parts, err := db.TrunkParticipants(ctx, d, trunk)
		if err != nil || len(parts) != 2 || parts[0].E164 != "+41447770001" || parts[0].TrunkE164.String != "+41447770000" {
			t.Fatalf("participants: %+v %v", parts, err)
		}
		if err := db.PutSIPCredential(ctx, d, db.SIPCredential{NumberID: trunk, SIPUsername: "41447770000", VoIPPasswordEnc: []byte("x"), ChangedAt: t0}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteSIPCredential(ctx, d, trunk); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.NumberByE164(ctx, d, "+41447770000"); n.HasSIPCred {
			t.Fatal("credentials still there")
		}
		if err := db.DeleteSIPCredential(ctx, d, trunk); err != nil {
			t.Fatalf("deleting absent credentials: %v", err)
		}
	})
}

func TestMusicByStatusListsEveryAccount(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		alice := mkAccount(t, d, "alice@example.ch")
		bob := mkAccount(t, d, "bob@example.ch")
		put := func(acct int64, kind, name string, at time.Time) {
			t.Helper()
			if _, err := db.InsertMusicFile(ctx, d, db.NewMusicFile{AccountID: acct, Kind: kind, Name: name, Format: "mp3",
				ContentType: "audio/mpeg", Original: []byte("ID3"), Via: "ssh", LicenceShownAt: at, UploadedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		put(alice, "hold", "a.mp3", t0)
		put(bob, "queue", "b.mp3", t0.Add(time.Minute))
		job, err := db.ClaimMusic(ctx, d, "w1", t0.Add(2*time.Minute), t0)
		if err != nil || job.OriginalName != "a.mp3" {
			t.Fatalf("claim: %+v %v", job, err)
		}
		if err := db.FailMusic(ctx, d, job.ID, "w1", "not audio", ""); err != nil {
			t.Fatal(err)
		}
		rows, err := db.MusicByStatus(ctx, d, []string{"pending", "processing", "failed"}, 10)
		if err != nil || len(rows) != 2 || rows[0].UserID != "bob@example.ch" || rows[0].Status != "pending" ||
			rows[1].UserID != "alice@example.ch" || rows[1].Error != "not audio" || rows[1].Attempts != 1 {
			t.Fatalf("all: %+v %v", rows, err)
		}
		if rows, err := db.MusicByStatus(ctx, d, []string{"failed"}, 10); err != nil || len(rows) != 1 || rows[0].OriginalName != "a.mp3" {
			t.Fatalf("failed: %+v %v", rows, err)
		}
		if rows, err := db.MusicByStatus(ctx, d, nil, 10); err != nil || len(rows) != 0 {
			t.Fatalf("no status: %+v %v", rows, err)
		}
	})
}
