package hashproc_test

import (
	"context"
	"errors"
	"syscall"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// The whole login story with the hashes made in worker processes: an
// account created, the right password in, a wrong one out, the password
// and workers killed between logins replaced unnoticed.
func TestLoginsHashedInWorkerProcesses(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pool := startPool(t, 2, 0)
		svc := portaltest.New(t, d, nil)
		svc.Hasher = portal.NewHasher(portaltest.Params, 2, 8, portal.WithHashBackend(pool))
		_, err := svc.CreateAccount(ctx, svc.DB, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH", Password: "Sunshine-2026"})
		if err != nil {
			t.Fatal(err)
		}
		login := func(pw string) error {
			_, err := svc.CheckPassword(ctx, portal.LoginRequest{UserName: "alice@example.ch", Password: pw, Source: "192.0.2.1"})
			return err
		}
		if err := login("Sunshine-2026"); err != nil {
			t.Fatalf("right password: %v", err)
		}
		if err := login("Sunshine-2025"); !errors.Is(err, portal.ErrLoginFailed) {
			t.Fatalf("wrong password: %v", err)
		}
		// Killed and not waited for: the next login may reach a worker
		// that is dead before the pool's watcher has seen it.
		for _, pid := range pool.PIDs() {
			if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
		if err := login("Sunshine-2026"); err != nil {
			t.Fatalf("right password right after the workers were killed: %v", err)
		}
	})
}
