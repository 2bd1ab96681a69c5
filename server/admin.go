package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// Exit statuses of admin commands, for scripts.
const (
	exitAdminOK        = 0
	exitAdminError     = 1
	exitAdminUsage     = 2
	exitAdminNotFound  = 3
	exitAdminRefused   = 4 // a rule refused the action (e.g. 2FA reset from another address)
	exitAdminForbidden = 5 // not an admin session
)

// errNotAdmin is what a customer (or an admin not logged in with a key)
// sees for `admin`.
var errNotAdmin = errors.New("admin commands are for customer care: log in to an admin account with its registered SSH key")

// isAdmin is the one check every admin command passes: an admin account
// whose connection authenticated with a public key registered to it. An
// admin account that logged in some other way gets no admin rights.
func isAdmin(id Identity, acct db.Account) bool {
	return acct.Role == portal.RoleAdmin && !acct.Disabled && id.AccountID == acct.ID &&
		(id.Method == MethodPublicKey || id.Method == MethodPublicKey+"+totp")
}

// runAdmin runs `admin ...` through the admin command tree, gated by
// isAdmin.
func (s *Server) runAdmin(sess ssh.Session, acct db.Account, id Identity, l Listener) int {
	// The gate stands before the command tree is even built, so no
	// subcommand, flag or help text is reachable without it.
	if !isAdmin(id, acct) {
		s.log.Warn("admin command refused", "account", acct.UserID, "method", id.Method)
		_, _ = fmt.Fprintln(sess.Stderr(), "Error:", errNotAdmin)
		return exitAdminForbidden
	}
	ctx := sess.Context()
	root := s.adminCommands(ctx, sess, acct, l)
	root.SetArgs(sess.Command()[1:])
	root.SetIn(sess)
	root.SetOut(sess)
	root.SetErr(sess.Stderr())
	err := root.Execute()
	if err == nil {
		return exitAdminOK
	}
	_, _ = fmt.Fprintln(sess.Stderr(), "Error:", err)
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case strings.HasPrefix(err.Error(), "unknown command"), strings.HasPrefix(err.Error(), "unknown flag"),
		strings.Contains(err.Error(), "accepts"), strings.Contains(err.Error(), "required flag"):
		return exitAdminUsage
	}
	return exitAdminError
}

// adminCommands is the admin command tree of one session. Only runAdmin
// builds it, after the isAdmin gate. The listener does not matter to
// customer care: admins act on both portals' accounts.
func (s *Server) adminCommands(ctx context.Context, sess ssh.Session, admin db.Account, l Listener) *cobra.Command {
	root := &cobra.Command{
		Use:   "admin",
		Short: "Customer care: accounts, numbers, products, resets and audit",
		Long: "Customer care over SSH: create and look after customer accounts, assign numbers and\n" +
			"products, send password reset links, reset 2FA, read the audit trail, the mail outbox\n" +
			"and music uploads, manage admin SSH keys. Every change is audited under your name (" + admin.UserID + ").\n" +
			"`admin COMMAND --help` documents each command; reads take --json.\n\n" + adminExitHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return adminUsage(c, fmt.Errorf("unknown command %q for \"admin\"", args[0]))
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetHelpCommand(&cobra.Command{Use: "help [command]", Short: "Help about any command",
		Run: func(c *cobra.Command, args []string) {
			cmd, _, err := root.Find(args)
			if err != nil || cmd == nil {
				cmd = root
			}
			_ = cmd.Help()
		}})
	a := &adminSession{s: s, ctx: ctx, sess: sess, actor: portal.CareActor{
		Admin: admin, Remote: sess.RemoteAddr().String(), Session: sess.Context().SessionID(),
	}}
	root.AddCommand(
		a.customerCommands(),
		a.numberCommands(),
		a.sipServersCommand(),
		a.passwordCommands(),
		a.twoFactorCommands(),
		a.auditCommand(),
		a.mailCommands(),
		a.musicCommands(),
		a.keyCommands(),
	)
	withCommon(root)
	return root
}
