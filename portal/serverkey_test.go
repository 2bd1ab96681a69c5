package portal_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

func otherKey(t *testing.T) string {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(k)
}

// The server key is checked against the store at start (issue 13.5).
func TestServerKeyIsCheckedAtStart(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		file := filepath.Join(t.TempDir(), "server.key")
		box, created, err := portal.OpenServerKey(ctx, d, "", file)
		if err != nil || !created || box == nil {
			t.Fatalf("first start: created=%v %v", created, err)
		}
		if _, created, err := portal.OpenServerKey(ctx, d, "", file); err != nil || created {
			t.Fatalf("second start with the same key: created=%v %v", created, err)
		}
		// Another valid key: refused with one line.
		_, _, err = portal.OpenServerKey(ctx, d, otherKey(t), file)
		if !errors.Is(err, portal.ErrWrongServerKey) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("another key: %v", err)
		}
		// The key file lost beside a populated store: no new key.
		if err := os.Remove(file); err != nil {
			t.Fatal(err)
		}
		if _, _, err := portal.OpenServerKey(ctx, d, "", file); err == nil || !strings.Contains(err.Error(), "missing") {
			t.Fatalf("a lost key file: %v", err)
		}
		if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a new key was generated over a populated store: %v", err)
		}
	})
}

// A store from before the canary is checked against one of its secrets.
func TestServerKeyIsCheckedOnAStoreWithoutCanary(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedAlice(t, newService(t, d)) // a SIP credential sealed with the test key
		if _, _, err := portal.OpenServerKey(ctx, d, otherKey(t), filepath.Join(t.TempDir(), "k")); !errors.Is(err, portal.ErrWrongServerKey) {
			t.Fatalf("another key on a populated store: %v", err)
		}
		right := base64.StdEncoding.EncodeToString(testKey)
		if _, _, err := portal.OpenServerKey(ctx, d, right, ""); err != nil {
			t.Fatalf("the right key: %v", err)
		}
		if _, err := db.ServerKeyCanary(ctx, d); err != nil {
			t.Fatalf("no canary after the check: %v", err)
		}
	})
}
