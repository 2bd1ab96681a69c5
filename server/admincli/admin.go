// Package admincli is customer care's `admin` command tree: accounts,
// numbers and products, resets, audit, the mail outbox, music uploads and
// admin keys. It is reachable only through the session.IsAdmin gate.
package admincli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/session"
)

// errNotAdmin is what a customer (or an admin not logged in with a key)
// sees for `admin`.
var errNotAdmin = errors.New("admin commands are for customer care: log in to an admin account with its registered SSH key")

// Run runs `admin ...` (the session's command) through the admin command
// tree, gated by session.IsAdmin, and returns the exit status (cmdkit).
func Run(env *session.Env) int {
	sess, acct := env.Sess, env.Account
	// The gate stands before the command tree is even built, so no
	// subcommand, flag or help text is reachable without it.
	if !session.IsAdmin(env.Identity, acct) {
		env.Log.Warn("admin command refused", "account", acct.UserID, "method", env.Identity.Method)
		_, _ = fmt.Fprintln(sess.Stderr(), "Error:", errNotAdmin)
		return cmdkit.ExitNotAdmin
	}
	l := env.Listener
	a := &adminSession{svc: env.Svc, ctx: sess.Context(), sess: sess, actor: portal.CareActor{
		Admin: acct, Remote: sess.RemoteAddr().String(), Session: sess.Context().SessionID(),
	}, invocation: fmt.Sprintf("ssh -p %d %s@%s", l.PublicPort, acct.UserID, l.PublicHost)}
	return cmdkit.RunExplained(a.commands(), sess.Command()[1:], sess, sess, sess.Stderr(), env.Svc.Explain)
}

// commands is the admin command tree of one session. Only Run builds it,
// after the IsAdmin gate. The listener does not matter to customer care:
// admins act on both portals' accounts.
func (a *adminSession) commands() *cobra.Command {
	root := cmdkit.NewRoot(&cobra.Command{
		Use:   "admin",
		Short: "Customer care: accounts, numbers, products, resets and audit",
		Long: "Customer care over SSH: create and look after customer accounts, assign numbers and\n" +
			"products, send password reset links, reset 2FA, read the audit trail, the mail outbox\n" +
			"and music uploads, the SIP registrar's provisioning, manage admin SSH keys. Every change is audited under your name (" + a.actor.Admin.UserID + ").\n" +
			"`admin COMMAND --help` documents each command; reads take --json.\n\n" + adminExitHelp,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	})
	root.AddCommand(
		a.customerCommands(),
		a.numberCommands(),
		a.sipServersCommand(),
		a.passwordCommands(),
		a.twoFactorCommands(),
		a.auditCommand(),
		a.mailCommands(),
		a.musicCommands(),
		a.provisioningCommands(),
		a.keyCommands(),
	)
	// The customer's usage style: the real command line in every usage
	// ("ssh -p 2222 admin@host admin customer create ..."), the shared
	// template, help and "unknown command" (exit 2).
	cmdkit.InvokedAs(root, a.invocation)
	cmdkit.Localize(root, cmdkit.English)
	cmdkit.UsageOnFlagErrors(root)
	return root
}
