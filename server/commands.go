package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/db"
)

// exitError carries an exit status for scripts.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

// runCommand runs an ssh exec command through a cobra tree built for this
// session: arguments from the session, output to the session, errors to its
// stderr. It returns the exit status.
func (s *Server) runCommand(sess ssh.Session, acct db.Account, l Listener) int {
	root := s.customerCommands(sess.Context(), sess, acct, l)
	root.SetArgs(sess.Command())
	root.SetIn(sess)
	root.SetOut(sess)
	root.SetErr(sess.Stderr())
	err := root.Execute()
	if err == nil {
		return 0
	}
	_, _ = fmt.Fprintln(sess.Stderr(), "Error:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

// customerCommands is the command tree of a customer session.
func (s *Server) customerCommands(ctx context.Context, sess ssh.Session, acct db.Account, l Listener) *cobra.Command {
	root := &cobra.Command{
		Use:           "ssh -p " + fmt.Sprint(l.PublicPort) + " " + acct.UserID + "@" + l.PublicHost,
		Short:         s.svc.Cfg.Brand + " customer portal",
		Long:          "Without a command, ssh opens the full-screen portal. These commands are for scripts.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetHelpCommand(&cobra.Command{Use: "help [command]", Short: "Help about any command", Hidden: false,
		Run: func(c *cobra.Command, args []string) {
			cmd, _, err := root.Find(args)
			if err != nil || cmd == nil {
				cmd = root
			}
			_ = cmd.Help()
		}})
	root.AddCommand(s.whoamiCommand(acct))
	root.AddCommand(s.numberCommands(ctx, sess, acct)...)
	root.AddCommand(s.musicCommands(ctx, sess, acct, l)...)
	return root
}

func (s *Server) whoamiCommand(acct db.Account) *cobra.Command {
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
				return writeJSON(c.OutOrStdout(), info)
			}
			_, err := fmt.Fprintf(c.OutOrStdout(), "%s (%s, portal %s, 2FA %v)\n", info.UserID, info.Email, info.Region, onOff(info.TwoFA))
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
