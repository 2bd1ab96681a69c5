// Package cli is the customer's ssh commands (numbers, credentials,
// voip-password, music, whoami): one cobra tree per session, built on the
// session's environment. One file per command group.
package cli

import (
	"context"
	"fmt"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/session"
	"github.com/sipdesk/sipdesk/server/transfer"
)

// commands builds one session's customer command tree.
type commands struct {
	svc   *portal.Service
	music *transfer.Music
}

// Run runs a customer session's ssh exec command through a cobra tree
// built for this session: arguments from the session, output to the
// session, errors to its stderr. It returns the exit status (cmdkit).
func Run(env *session.Env, music *transfer.Music) int {
	s := &commands{svc: env.Svc, music: music}
	sess := env.Sess
	root := s.customerCommands(sess.Context(), sess, env.Account, env.Listener)
	return cmdkit.Run(root, sess.Command(), sess, sess, sess.Stderr())
}

// customerCommands is the command tree of a customer session.
func (s *commands) customerCommands(ctx context.Context, sess ssh.Session, acct db.Account, l config.Listener) *cobra.Command {
	root := cmdkit.NewRoot(&cobra.Command{
		Use:   "ssh -p " + fmt.Sprint(l.PublicPort) + " " + acct.UserID + "@" + l.PublicHost,
		Short: s.svc.Cfg.Brand + " customer portal",
		Long:  "Without a command, ssh opens the full-screen portal. These commands are for scripts.",
	})
	root.AddCommand(s.whoamiCommand(acct))
	root.AddCommand(s.numberCommands(ctx, sess, acct)...)
	root.AddCommand(s.musicCommands(ctx, sess, acct, l)...)
	return root
}

func (s *commands) whoamiCommand(acct db.Account) *cobra.Command {
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
