// Package portaltest makes a portal.Service over a real test store (see
// db/dbtest) for the tests of every package: a fixed test key, argon2id
// cheap enough for a test run, and the production defaults unless a test
// passes its own Config. It replaces the set-up each test file used to
// copy.
package portaltest

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// Params are argon2id parameters for tests: the real algorithm at a cost
// of about a millisecond, never for production.
var Params = portal.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}

// Box is a secret box with a fixed test key.
func Box(t testing.TB) *portal.SecretBox {
	t.Helper()
	box, err := portal.NewSecretBox(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return box
}

// Hasher is a password hasher with the test Params.
func Hasher() *portal.Hasher { return portal.NewHasher(Params, 2, 32) }

// New is a service over d with the production defaults; log nil discards.
func New(t testing.TB, d *db.DB, log *slog.Logger, opts ...portal.Option) *portal.Service {
	t.Helper()
	return NewWithConfig(t, d, portal.DefaultConfig(), log, opts...)
}

// NewWithConfig is New with the test's own portal.Config.
func NewWithConfig(t testing.TB, d *db.DB, cfg portal.Config, log *slog.Logger, opts ...portal.Option) *portal.Service {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	svc, err := portal.NewService(d, Box(t), Hasher(), cfg, log, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}
