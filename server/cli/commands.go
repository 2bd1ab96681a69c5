// Package cli is the customer's ssh commands (numbers, credentials,
// voip-password, music, whoami): one cobra tree per session, built on the
// session's environment. One file per command group.
package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/session"
	"github.com/sipdesk/sipdesk/server/transfer"
)

// commands builds one session's customer command tree from the
// session's environment.
type commands struct {
	env   *session.Env
	svc   *portal.Service
	music *transfer.Music
}

// Run runs a customer session's ssh exec command through a cobra tree
// built for this session: arguments from the session, output to the
// session, errors to its stderr. It returns the exit status (cmdkit).
func Run(env *session.Env, music *transfer.Music) int {
	s := &commands{env: env, svc: env.Svc, music: music}
	sess := env.Sess
	return cmdkit.RunExplained(s.customerCommands(), sess.Command(), sess, sess, sess.Stderr(), env.Svc.Explain)
}

// customerCommands is the command tree of a customer session.
func (s *commands) customerCommands() *cobra.Command {
	acct, l := s.env.Account, s.env.Listener
	root := cmdkit.NewRoot(&cobra.Command{
		Use:   "ssh -p " + fmt.Sprint(l.PublicPort) + " " + acct.UserID + "@" + l.PublicHost,
		Short: s.svc.Cfg.Brand + " customer portal",
		Long:  "Without a command, ssh opens the full-screen portal. These commands are for scripts.",
	})
	root.AddCommand(s.whoamiCommand())
	root.AddCommand(s.numberCommands()...)
	root.AddCommand(s.musicCommands()...)
	root.AddCommand(s.keysCommand(), s.sessionsCommand(), s.securityCommand())
	return root
}

func (s *commands) whoamiCommand() *cobra.Command {
	acct := s.env.Account
	var asJSON bool
	c := &cobra.Command{
		Use:   "whoami",
		Short: "Show the signed-in account",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			info := struct {
				UserID string `json:"user_id"`
				Email  string `json:"email"`
				Region string `json:"region"`
				TwoFA  bool   `json:"two_factor"`
			}{acct.UserID, acct.Email, acct.Region, acct.TOTPEnabled}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), info)
			}
			_, err := fmt.Fprintf(c.OutOrStdout(), "%s (%s, portal %s, 2FA %v)\n", info.UserID, info.Email, info.Region, cmdkit.OnOff(info.TwoFA))
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
