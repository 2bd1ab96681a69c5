package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// The admin tree speaks the customer's usage style: the real ssh command
// line with `admin` in every usage, never cobra's "admin [command]", and a
// typo is exit 2 with the shared "unknown command" sentence.
func TestAdminUsageShowsTheRealCommandLine(t *testing.T) {
	t.Parallel()
	p := startAdminPortal(t, dbtest.SQLite(t))
	c := p.dialAdmin(t)
	sshLine := `ssh -p \d+ admin@\S+ admin`
	for _, tc := range []struct {
		cmd  string
		code int
		want string // a regular expression on stdout and stderr
	}{
		{"admin --help", 0, `Usage:\n  ` + sshLine + ` COMMAND\n`},
		{"admin help", 0, `Usage:\n  ` + sshLine + ` COMMAND\n`},
		{"admin", 0, `Usage:\n  ` + sshLine + ` COMMAND\n`},
		{"admin customer --help", 0, `Usage:\n  ` + sshLine + ` customer COMMAND\n`},
		{"admin help number add", 0, `Usage:\n  ` + sshLine + ` number add `},
		{"admin bogus", cmdkit.ExitUsage, `Error: Unknown command "bogus"; help lists the commands\n\nUsage:\n  ` + sshLine + ` COMMAND\n`},
		{"admin customer create --email alice@example.ch", cmdkit.ExitUsage, `Usage:\n  ` + sshLine + ` customer create `},
	} {
		out, errOut := adminRun(t, c, tc.code, tc.cmd)
		all := out + errOut
		if !regexp.MustCompile(tc.want).MatchString(all) {
			t.Errorf("%s: output does not match %q:\n%s", tc.cmd, tc.want, all)
		}
		if strings.Contains(all, "admin [command]") || strings.Contains(all, "Usage:\n  admin") {
			t.Errorf("%s: cobra's own usage line:\n%s", tc.cmd, all)
		}
	}
}
