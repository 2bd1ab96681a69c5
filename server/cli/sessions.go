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
		Short: s.v.T("cmd.sessions.short"),
		Args:  cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			list, err := s.svc.LiveSessions(s.env.Ctx(), s.env.Account, s.env.LiveID)
			if err != nil {
				return err
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), list)
			}
			t := cmdkit.NewTable(c.OutOrStdout(), s.v.T("cmd.sessions.col_id"), s.v.T("cmd.sessions.col_how"), s.v.T("cmd.sessions.col_from"),
				s.v.T("cmd.sessions.col_client"), s.v.T("cmd.sessions.col_login"), s.v.T("cmd.sessions.col_started"), s.v.T("cmd.sessions.col_active"), "")
			for _, l := range list {
				mark := ""
				if l.Current {
					mark = s.v.T("security.this_session")
				}
				auth := l.Auth
				if auth == portal.AuthPassword {
					auth = s.v.T("security.auth_password")
				}
				t.Row(l.ID, l.How, l.Source, l.ClientVersion, auth, s.when(l.StartedAt), s.when(l.LastActiveAt), mark)
			}
			return t.Flush()
		},
	}
	root.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var others bool
	revoke := &cobra.Command{
		Use:   "revoke ID | revoke --others",
		Short: s.v.T("cmd.sessions.revoke_short"),
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
				_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.sessions.ended_others", n))
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
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.sessions.ended", args[0]))
			return err
		},
	}
	revoke.Flags().BoolVar(&others, "others", false, "end every session but this one")
	root.AddCommand(revoke)
	return root
}
