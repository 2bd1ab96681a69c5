package cli

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// securityCommand is `security log [--since 30d] [--json]`.
func (s *commands) securityCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "security",
		Short: s.v.T("cmd.security.short"),
		Args:  cmdkit.NoArgsIn(s.v),
		RunE: func(c *cobra.Command, _ []string) error {
			return cmdkit.Usage(c, errors.New(s.v.T("cmd.security.needs_sub")))
		},
	}
	var since string
	var asJSON bool
	log := &cobra.Command{
		Use:   "log [--since PERIOD] [--json]",
		Short: s.v.T("cmd.security.log_short"),
		Long:  s.v.T("cmd.security.log_long"),
		Args:  cmdkit.NoArgsIn(s.v),
		RunE: func(c *cobra.Command, _ []string) error {
			from, err := portal.ParseSince(since, time.Now())
			if err != nil {
				return cmdkit.Usage(c, spoken{s.v.T("cmd.security.bad_since", strconv.Quote(since)), err})
			}
			events, err := s.svc.SecurityLog(s.env.Ctx(), s.env.Account, from)
			if err != nil {
				return err
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), events)
			}
			if len(events) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.security.none"))
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), s.v.T("cmd.security.col_when"), s.v.T("cmd.security.col_event"),
				s.v.T("cmd.security.col_detail"), s.v.T("cmd.sessions.col_from"), s.v.T("cmd.security.col_by"))
			for _, e := range events {
				t.Row(s.when(e.At), s.v.EventName(e.Action), s.v.EventDetail(e.Action, e.Detail), e.Source, e.By)
			}
			return t.Flush()
		},
	}
	cmdkit.TextVar(log.Flags(), &since, "since", s.v.T("cmd.placeholder.period"), s.v.T("cmd.security.since_flag")) // "": 30 days
	log.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.json_flag"))
	root.AddCommand(log)
	return root
}
