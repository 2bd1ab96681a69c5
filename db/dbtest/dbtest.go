// Package dbtest gives tests a fresh, migrated store of each dialect: a
// SQLite file in a temporary directory and a new Postgres database that is
// dropped afterwards. In CI (CI=true) a missing Postgres fails the test; on a
// developer machine it is skipped, loudly.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sipdesk/sipdesk/db"
)

// DefaultPostgresURL is the local server the test suite uses unless
// SIPDESK_TEST_POSTGRES names another (as an admin URL to create databases).
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// AdminURL is the Postgres URL tests create their databases through.
func AdminURL() string {
	if u := os.Getenv("SIPDESK_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// InCI reports whether skipping is forbidden.
func InCI() bool { return os.Getenv("CI") == "true" }

var skipOnce sync.Once

// SQLite returns a migrated store in a fresh file.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	d, err := db.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return d
}

// NewPostgresDatabase creates a fresh database and returns its URL; the
// database is dropped when the test ends.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	admin, err := sqlx.Open("postgres", AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		msg := fmt.Sprintf("Postgres at %s is not reachable (%v)", redact(AdminURL()), err)
		if InCI() {
			t.Fatalf("%s: CI requires Postgres", msg)
		}
		skipOnce.Do(func() {
			fmt.Fprintf(os.Stderr, "\n*** SKIPPING every Postgres test: %s. Start Postgres or set SIPDESK_TEST_POSTGRES. ***\n\n", msg)
		})
		t.Skip("SKIPPED: " + msg)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "sipdesk_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sqlx.Open("postgres", AdminURL())
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Postgres returns a migrated store in a fresh Postgres database.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	dsn := NewPostgresDatabase(t)
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return d
}

// Each runs fn as a subtest against each dialect.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "the configured URL"
	}
	if p.User != nil {
		if _, has := p.User.Password(); has {
			p.User = url.UserPassword(p.User.Username(), "xxx")
		}
	}
	return strings.TrimSpace(p.String())
}

// ViaProxy returns url with its host replaced by addr (a Proxy's).
func ViaProxy(t testing.TB, dsn, addr string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = addr
	return u.String()
}

// PostgresHost is the host:port of the test Postgres.
func PostgresHost(t testing.TB) string {
	t.Helper()
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}
