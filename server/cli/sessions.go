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
		Long:  s.v.T("cmd.sessions.long"),
		Args:  cmdkit.NoArgsIn(s.v),
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
				t.Row(l.ID, s.v.SessionHow(l.How), l.Source, l.ClientVersion, auth, s.when(l.StartedAt), s.when(l.LastActiveAt), mark)
			}
			return t.Flush()
		},
	}
	root.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.json_flag"))
	var others bool
	revoke := &cobra.Command{
		Use:   "revoke ID | revoke --others",
		Short: s.v.T("cmd.sessions.revoke_short"),
		Long:  s.v.T("cmd.sessions.revoke_long"),
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
				return cmdkit.Usage(c, errors.New(s.v.T("cmd.sessions.needs_id")))
			}
			err := s.svc.RevokeSession(s.env.Ctx(), s.env.Account, args[0], s.env.LiveID, s.env.Remote())
			switch {
			case errors.Is(err, portal.ErrSessionNotFound):
				return cmdkit.Fail(cmdkit.ExitNotFound, spoken{s.v.Error(err), err})
			case errors.Is(err, portal.ErrRevokeOwnSession):
				return cmdkit.Fail(cmdkit.ExitRefused, spoken{s.v.Error(err), err})
			case err != nil:
				return err
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.sessions.ended", args[0]))
			return err
		},
	}
	revoke.Flags().BoolVar(&others, "others", false, s.v.T("cmd.sessions.others_flag"))
	root.AddCommand(revoke)
	return root
}
