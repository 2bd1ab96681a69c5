package platform_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/moh"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// A replica started with both settings provisions a number that existed
// before (start-up sync) and one added while it runs (woken worker), and
// exports every account's music classes.
func TestStartProvisionsAndExports(t *testing.T) {
	d := dbtest.Postgres(t)
	kamURL, kam := kamtest.Database(t)
	box, err := portal.NewSecretBox(bytes.Repeat([]byte{4}, 32))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := portal.NewService(d, box, portal.NewHasher(portal.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}, 2, 16), portal.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	alice, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddNumber(ctx, d, alice.ID, "+41441234567", portal.ProductPBX, "", ""); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "moh")
	wait, err := platform.Start(ctx, svc, platform.Options{KamailioDatabaseURL: kamURL, MusicDir: dir},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); wait() }()
	admin, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{UserID: "care", Email: "care@example.ch", Region: "CH", Role: portal.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AssignNumber(ctx, portal.CareActor{Admin: admin}, "alice@example.ch", "+41441234568", portal.ProductTrunk, "", ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := kam.DB.GetContext(ctx, &n, `SELECT count(*) FROM subscriber WHERE domain = 'sip.example.ch'
			AND username IN ('41441234567', '41441234568')`); err != nil {
			t.Fatal(err)
		}
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 2 subscriber rows after 10 s", n)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, bounded by the deadline
	}
	for _, k := range portal.MusicKinds {
		if _, err := os.Stat(filepath.Join(dir, portal.MusicClassName(alice.ID, k), "music.sln16")); err != nil {
			t.Fatalf("class %s not exported: %v", k, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, moh.ConfName)); err != nil {
		t.Fatal(err)
	}
}
