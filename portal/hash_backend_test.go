package portal_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// countingBackend hashes for real, in this process, and counts its calls;
// down makes it fail as a dead worker process would.
type countingBackend struct {
	verifies, hashes int
	down             bool
}

func (b *countingBackend) Verify(_ context.Context, encoded, password string) (bool, error) {
	b.verifies++
	if b.down {
		return false, fmt.Errorf("%w (hash worker: EOF)", portal.ErrUnavailable)
	}
	return portal.VerifyLocal(encoded, password)
}

func (b *countingBackend) Hash(_ context.Context, password string, p portal.Argon2Params) (string, error) {
	b.hashes++
	if b.down {
		return "", fmt.Errorf("%w (hash worker: EOF)", portal.ErrUnavailable)
	}
	return portal.HashLocal(p, password)
}

func TestHasherComputesThroughItsBackendAndDecidesRehashItself(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := &countingBackend{}
	h := portal.NewHasher(portaltest.Params, 1, 4, portal.WithHashBackend(b))
	enc, err := h.Hash(ctx, "Sunshine-2026")
	if err != nil || b.hashes != 1 {
		t.Fatalf("hash: %v, backend hashes %d", err, b.hashes)
	}
	if ok, rehash, err := h.Verify(ctx, enc, "Sunshine-2026"); !ok || rehash || err != nil || b.verifies != 1 {
		t.Fatalf("right password: %v %v %v, backend verifies %d", ok, rehash, err, b.verifies)
	}
	if ok, _, err := h.Verify(ctx, enc, "sunshine-2026"); ok || err != nil {
		t.Fatalf("wrong password: %v %v", ok, err)
	}
	weak, _ := portal.HashLocal(portal.Argon2Params{MemoryKiB: 512, Time: 1, Threads: 1}, "Sunshine-2026")
	if ok, rehash, err := h.Verify(ctx, weak, "Sunshine-2026"); !ok || !rehash || err != nil {
		t.Fatalf("weaker hash: ok %v rehash %v %v", ok, rehash, err)
	}
	// A malformed hash is refused before it reaches the backend.
	if _, _, err := h.Verify(ctx, "$bcrypt$x", "pw"); err == nil || b.verifies != 3 {
		t.Fatalf("malformed: %v, backend verifies %d", err, b.verifies)
	}
}

// A hashing backend that is down is the server's problem: the login says
// so, and none of those attempts counts toward the account's lock.
func TestLoginWithTheHashBackendDownIsUnavailableAndNotCounted(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		seedAlice(t, s)
		b := &countingBackend{down: true}
		s.Hasher = portal.NewHasher(portaltest.Params, 2, 8, portal.WithHashBackend(b))
		for i := 0; i < 2*s.Cfg.LockThreshold; i++ {
			if _, err := login(s, "alice@example.ch", alicePW); !errors.Is(err, portal.ErrUnavailable) {
				t.Fatalf("attempt %d with the backend down: %v", i, err)
			}
		}
		b.down = false
		if _, err := login(s, "alice@example.ch", alicePW); err != nil {
			t.Fatalf("the backend is back: %v", err)
		}
		if b.verifies != 2*s.Cfg.LockThreshold+1 {
			t.Fatalf("backend verifies %d", b.verifies)
		}
	})
}
