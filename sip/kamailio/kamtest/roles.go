package kamtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// GrantsPath is the repository's deploy/kamailio/grants.sql, the
// privileges the README gives Kamailio's and sipdesk's roles.
func GrantsPath() string {
	return filepath.Join(filepath.Dir(ConfigPath()), "grants.sql")
}

// Roles creates two login roles in the cluster of dbURL (a database made
// by Database), one for Kamailio and one for sipdesk, grants them exactly
// what deploy/kamailio/grants.sql grants, run by psql as the README says,
// and returns dbURL as each of them. Both roles are dropped when the test
// ends; their names are unique, since roles belong to the whole cluster.
func Roles(t testing.TB, dbURL string) (kamailioURL, sipdeskURL string) {
	t.Helper()
	Require(t, "psql")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	suffix := randomHex(t, 5)
	kamRole, sdRole := "kamtest_kamailio_"+suffix, "kamtest_sipdesk_"+suffix
	for _, role := range []string{kamRole, sdRole} {
		pw := randomHex(t, 12)
		if _, err := admin.ExecContext(ctx, `CREATE ROLE `+role+` LOGIN PASSWORD '`+pw+`'`); err != nil {
			t.Fatalf("create role %s: %v", role, err)
		}
		t.Cleanup(func() { dropRole(dbURL, role) })
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		u.User = url.UserPassword(role, pw)
		if role == kamRole {
			kamailioURL = u.String()
		} else {
			sipdeskURL = u.String()
		}
	}
	cmd := exec.CommandContext(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
		"-v", "kamailio_role="+kamRole, "-v", "sipdesk_role="+sdRole, "-d", dbURL, "-f", GrantsPath())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("psql -f %s: %v\n%s", GrantsPath(), err, out)
	}
	return kamailioURL, sipdeskURL
}

// dropRole removes role: first what it was granted in the database (it
// may outlive the test's other cleanups), then the role.
func dropRole(dbURL, role string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		return
	}
	defer a.Close()
	_, _ = a.ExecContext(ctx, `DROP OWNED BY `+role)
	_, _ = a.ExecContext(ctx, `DROP ROLE IF EXISTS `+role)
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
