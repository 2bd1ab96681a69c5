package admincli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// adminSession is what the admin commands of one session share: the
// session and the admin acting in it.
type adminSession struct {
	svc   *portal.Service
	ctx   context.Context
	sess  ssh.Session
	actor portal.CareActor
	// terminal says whether stdin is a terminal when sess is nil (the
	// local operator's `sipdesk admin`, see RunLocal).
	terminal bool
	// invocation is what comes before `admin` on the command line, for
	// the usage lines: the ssh command, or `sipdesk` on the server host.
	invocation string
}

// interactive reports whether a person types at the command's stdin (an
// SSH session with a terminal, or a local terminal), where reading a key
// from stdin would wait for them.
func (a *adminSession) interactive() bool {
	if a.sess == nil {
		return a.terminal
	}
	_, _, isPty := a.sess.Pty()
	return isPty
}

const adminExitHelp = `Exit status:
  0  done (also when there was nothing to change; the output says so)
  1  error (e.g. the store is unreachable)
  2  bad arguments or flags
  3  no such account, number or key
  4  refused by a rule (the reason is printed)
  5  not an admin session (log in to an admin account with its registered SSH key)`

// Default and largest row counts of the lists.
const (
	defaultListLimit = 100
	maxListLimit     = 1000
)

// careError gives the portal's customer-care errors their exit statuses.
func careError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, portal.ErrCareInvalid), errors.Is(err, portal.ErrBadNumber):
		return &cmdkit.StatusError{Code: cmdkit.ExitUsage, Err: err}
	case errors.Is(err, portal.ErrCareNotFound):
		return &cmdkit.StatusError{Code: cmdkit.ExitNotFound, Err: err}
	case errors.Is(err, portal.ErrCareRefused):
		return &cmdkit.StatusError{Code: cmdkit.ExitRefused, Err: err}
	}
	return err
}

// group is a command that only holds subcommands: alone it prints its
// help; with an unknown subcommand it is a usage error (cobra would print
// the help and succeed).
func group(use, short string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{
		Use:   use,
		Short: short,
		Long:  short + ".\n\n" + adminExitHelp,
		RunE: func(c *cobra.Command, a []string) error {
			if len(a) > 0 {
				return cmdkit.Usage(c, fmt.Errorf("unknown command %q for %q", a[0], c.CommandPath()))
			}
			return c.Help()
		},
	}
	g.AddCommand(subs...)
	return g
}

// limitFlag adds --limit with a default.
func limitFlag(c *cobra.Command, n *int, def int) {
	c.Flags().IntVar(n, "limit", def, fmt.Sprintf("show at most this many rows (1-%d)", maxListLimit))
}

func checkLimit(c *cobra.Command, n int) error {
	if n < 1 || n > maxListLimit {
		return cmdkit.Usage(c, fmt.Errorf("--limit must be 1 to %d, not %d", maxListLimit, n))
	}
	return nil
}

// parseSince reads a duration like 90m, 24h or 7d.
func parseSince(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--since %q is not a positive duration (e.g. 90m, 24h, 7d)", s)
	}
	return d, nil
}

// when formats a time for tables: UTC to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func whenPtr(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return when(*t)
}

// humanDuration says how long a link works: "7 days", "30 minutes".
func humanDuration(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return strconv.FormatInt(n, 10) + " " + unit + "s"
	}
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return plural(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int64(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return plural(int64(d/time.Minute), "minute")
	}
	return d.String()
}
