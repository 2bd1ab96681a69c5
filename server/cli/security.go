package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// securityCommand is `security log [--since 30d] [--json]`.
func (s *commands) securityCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "security",
		Short: "The security timeline of this account",
		Args:  cmdkit.NoArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return cmdkit.Usage(c, errors.New("name a subcommand: log")) },
	}
	var since string
	var asJSON bool
	log := &cobra.Command{
		Use:   "log [--since 30d] [--json]",
		Short: "Logins, failed logins, password, 2FA, key and session changes (90 days kept)",
		Args:  cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			from, err := portal.ParseSince(since, time.Now())
			if err != nil {
				return cmdkit.Usage(c, err)
			}
			events, err := s.svc.SecurityLog(s.env.Ctx(), s.env.Account, from)
			if err != nil {
				return err
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), events)
			}
			if len(events) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), "No security events in this period.")
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "WHEN", "EVENT", "DETAIL", "FROM", "BY")
			for _, e := range events {
				t.Row(s.when(e.At), e.Action, e.Detail, e.Source, e.By)
			}
			return t.Flush()
		},
	}
	log.Flags().StringVar(&since, "since", "30d", "how far back: days (30d), hours (12h) or a date (2026-03-04)")
	log.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	root.AddCommand(log)
	return root
}
