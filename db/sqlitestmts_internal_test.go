package db

import (
	"context"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A connection's cache stays within maxCachedStmts however many query
// texts it sees (the session watcher's IN lists are a new text for each
// count), gives the place of the statement used longest ago, and leaves
// long IN lists uncached; every query still answers right.
func TestSQLiteStatementCacheIsBounded(t *testing.T) {
	sdb, err := openSQLite("file:" + filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	ctx := context.Background()
	conn, err := sdb.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const hot = `SELECT 7`
	for i := range 3 * maxCachedStmts {
		var got int
		if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + ?`, i), 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("query %d: %d, %v", i, got, err)
		}
		if err := conn.QueryRowContext(ctx, hot).Scan(&got); err != nil || got != 7 {
			t.Fatalf("hot query: %d, %v", got, err)
		}
	}
	const fresh = `SELECT 'first seen after the cache filled'`
	var text string
	if err := conn.QueryRowContext(ctx, fresh).Scan(&text); err != nil {
		t.Fatal(err)
	}
	long := `SELECT ?` + strings.Repeat(` + ?`, maxCachedParams)
	args := make([]any, maxCachedParams+1)
	for i := range args {
		args[i] = 1
	}
	var sum int
	if err := conn.QueryRowContext(ctx, long, args...).Scan(&sum); err != nil || sum != maxCachedParams+1 {
		t.Fatalf("long query: %d, %v", sum, err)
	}
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stmtConn)
		if !ok {
			return fmt.Errorf("connection is a %T", dc)
		}
		var _ driver.Conn = sc.Unwrap()
		if n := len(sc.stmts); n > maxCachedStmts {
			t.Errorf("%d statements cached, at most %d", n, maxCachedStmts)
		}
		if _, ok := sc.stmts[hot]; !ok {
			t.Error("the query run between all others lost its place")
		}
		if _, ok := sc.stmts[fresh]; !ok {
			t.Error("a query first seen with the cache full was not cached")
		}
		if _, ok := sc.stmts[long]; ok {
			t.Errorf("a query with %d parameters was cached", maxCachedParams+1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
