package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// sessionsCommand is `sessions [--json]`, `sessions revoke ID` and
// `sessions revoke --others`.
func (s *commands) sessionsCommand() *cobra.Command {
	var asJSON bool
	root := &cobra.Command{
		Use:   "sessions [--json]",
		Short: "List the open sessions of this account on every server",
		Args:  cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			list, err := s.svc.LiveSessions(s.env.Ctx(), s.env.Account, s.env.LiveID)
			if err != nil {
				return err
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), list)
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "ID", "HOW", "FROM", "CLIENT", "LOGIN", "STARTED", "ACTIVE", "")
			for _, l := range list {
				mark := ""
				if l.Current {
					mark = "this session"
				}
				t.Row(l.ID, l.How, l.Source, l.ClientVersion, l.Auth, s.when(l.StartedAt), s.when(l.LastActiveAt), mark)
			}
			return t.Flush()
		},
	}
	root.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var others bool
	revoke := &cobra.Command{
		Use:   "revoke ID | revoke --others",
		Short: "End a session (or all others) of this account, on every server within 15 s",
		Long: `Ends the session with this ID (sessions lists them), or with --others
every session but this one.

Exit status: 0 ended, 2 bad arguments, 3 no open session with this ID,
4 the ID is this session's.`,
		RunE: func(c *cobra.Command, args []string) error {
			switch {
			case others && len(args) == 0:
				n, err := s.svc.RevokeOtherSessions(s.env.Ctx(), s.env.Account, s.env.LiveID, s.env.Remote())
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(c.OutOrStdout(), "Ended %d other session(s).\n", n)
				return err
			case others || len(args) != 1:
				return cmdkit.Usage(c, errors.New("name one session ID, or --others"))
			}
			err := s.svc.RevokeSession(s.env.Ctx(), s.env.Account, args[0], s.env.LiveID, s.env.Remote())
			switch {
			case errors.Is(err, portal.ErrSessionNotFound):
				return cmdkit.Fail(cmdkit.ExitNotFound, err)
			case errors.Is(err, portal.ErrRevokeOwnSession):
				return cmdkit.Fail(cmdkit.ExitRefused, err)
			case err != nil:
				return err
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "Session %s ended.\n", args[0])
			return err
		},
	}
	revoke.Flags().BoolVar(&others, "others", false, "end every session but this one")
	root.AddCommand(revoke)
	return root
}
