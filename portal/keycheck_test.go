package portal_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

func TestVerifyServerKey(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		if _, err := portal.VerifyServerKey(ctx, d, s.Box); !errors.Is(err, portal.ErrNoSecretStored) {
			t.Fatalf("an empty store: %v", err)
		}
		seedAlice(t, s) // a PBX number: a VoIP password sealed with the key
		what, err := portal.VerifyServerKey(ctx, d, s.Box)
		if err != nil || !strings.Contains(what, "the VoIP password of number") {
			t.Fatalf("the right key: %q %v", what, err)
		}
		other, err := portal.NewSecretBox(bytes.Repeat([]byte{9}, 32))
		if err != nil {
			t.Fatal(err)
		}
		if what, err := portal.VerifyServerKey(ctx, d, other); !errors.Is(err, portal.ErrDecrypt) || !strings.Contains(what, "VoIP password") {
			t.Fatalf("another key: %q %v; want ErrDecrypt naming the value", what, err)
		}
	})
}

// TestVerifyServerKeyUsesTheCanary: a store that was started once holds the
// canary, which checks the key even before any customer secret exists.
func TestVerifyServerKeyUsesTheCanary(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		file := t.TempDir() + "/server.key"
		box, _, err := portal.OpenServerKey(ctx, d, "", file)
		if err != nil {
			t.Fatal(err)
		}
		if what, err := portal.VerifyServerKey(ctx, d, box); err != nil || what != "the server key canary" {
			t.Fatalf("the right key: %q %v", what, err)
		}
		other, err := portal.NewSecretBox(bytes.Repeat([]byte{7}, 32))
		if err != nil {
			t.Fatal(err)
		}
		if what, err := portal.VerifyServerKey(ctx, d, other); !errors.Is(err, portal.ErrDecrypt) || what != "the server key canary" {
			t.Fatalf("another key: %q %v; want ErrDecrypt naming the canary", what, err)
		}
	})
}
