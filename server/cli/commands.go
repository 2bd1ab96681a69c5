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
	v     portal.Voice // the session's language and local time
}

// Run runs a customer session's ssh exec command through a cobra tree
// built for this session: arguments from the session, output to the
// session, errors to its stderr. It returns the exit status (cmdkit).
func Run(env *session.Env, music *transfer.Music) int {
	s := &commands{env: env, svc: env.Svc, music: music, v: env.Voice()}
	sess := env.Sess
	return cmdkit.RunLocalized(s.v, func(err error, doing string) string { return env.Svc.ExplainIn(s.v, err, doing) }, s.customerCommands(), sess.Command(), sess, sess, sess.Stderr())
}

// customerCommands is the command tree of a customer session.
func (s *commands) customerCommands() *cobra.Command {
	acct, l := s.env.Account, s.env.Listener
	root := cmdkit.NewRoot(&cobra.Command{
		Use:   "ssh -p " + fmt.Sprint(l.PublicPort) + " " + acct.UserID + "@" + l.PublicHost,
		Short: s.v.T("cmd.root.short", s.svc.Cfg.Brand),
		Long:  s.v.T("cmd.root.long"),
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	})
	root.AddCommand(s.whoamiCommand(), s.languageCommand())
	root.AddCommand(s.numberCommands()...)
	root.AddCommand(s.musicCommands()...)
	root.AddCommand(s.keysCommand(), s.sessionsCommand(), s.securityCommand())
	cmdkit.Localize(root, s.v)
	return root
}

func (s *commands) whoamiCommand() *cobra.Command {
	acct := s.env.Account
	var asJSON bool
	c := &cobra.Command{
		Use:   "whoami",
		Short: s.v.T("cmd.whoami.short"),
		Args:  cmdkit.NoArgsIn(s.v),
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
			twoFA := s.v.T("cmd.off")
			if info.TwoFA {
				twoFA = s.v.T("cmd.on")
			}
			_, err := fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.whoami.line", info.UserID, info.Email, info.Region, twoFA))
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.json_flag"))
	return c
}
