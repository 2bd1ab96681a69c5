package admincli

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// customerShow is `admin customer show`: one account in full.
func (a *adminSession) customerShow() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "show USER [--json]",
		Short: "Show an account: numbers, 2FA, lock state, last login, recent events",
		Long: "Show everything about one account: its phone numbers with products and whether they have\n" +
			"SIP credentials (never the VoIP password) and, with a registrar, the devices registered\n" +
			"with them, two-factor authentication and recovery codes left, the login lock (consecutive failures, locked until, permanent lock), whether it is\n" +
			"disabled, the last login and the newest audit events. USER is the user ID (an email\n" +
			"address stored on only one account works too).\n\n" + adminExitHelp,
		Example: "  admin customer show alice@example.ch\n  admin customer show k-1001 --json",
		Args:    cmdkit.NArgs(1, 1, "the account's user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			d, err := a.svc.AccountDetails(a.ctx, args[0])
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), d)
			}
			return writeAccountDetails(c.OutOrStdout(), d)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func writeAccountDetails(out io.Writer, d portal.AccountDetails) error {
	t := cmdkit.NewTable(out, "User ID", d.UserID)
	t.Row("Email", d.Email)
	t.Row("Name", d.Name)
	t.Row("Portal", d.Region)
	t.Row("Role", d.Role)
	t.Row("Status", status(d.Disabled))
	pw := "not set yet (the welcome link sets it; admin password send-reset sends a new one)"
	if d.Role == portal.RoleAdmin {
		pw = "not set (admins log in with their SSH key)"
	}
	if d.PasswordSet {
		pw = "set, changed " + whenPtr(d.PasswordChangedAt)
	}
	t.Row("Password", pw)
	twoFA := "off"
	if d.TwoFactor {
		twoFA = fmt.Sprintf("on, %d recovery codes left", d.RecoveryCodesLeft)
	}
	t.Row("2FA", twoFA)
	t.Row("Login lock", lockText(d.Lock, d.UserID))
	t.Row("Last login", whenPtr(d.LastLoginAt))
	t.Row("Created", when(d.CreatedAt))
	if d.Role == portal.RoleAdmin {
		t.Row("SSH keys", strconv.Itoa(d.AdminKeys))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nNumbers (%d)\n", len(d.Numbers))
	if len(d.Numbers) > 0 {
		t = cmdkit.NewTable(out, "  NUMBER", "PRODUCT", "SIP CREDENTIALS", "STATUS", "LABEL")
		for _, n := range d.Numbers {
			product := n.ProductName
			if n.TrunkE164 != "" {
				product += " of " + portal.FormatNumber(n.TrunkE164)
			}
			t.Row("  "+n.Formatted, product, cmdkit.YesNo(n.SIPCredentials), n.Status, n.Label)
		}
		if err := t.Flush(); err != nil {
			return err
		}
		if err := writeRegistrations(out, d.Numbers); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "\nRecent events")
	if err := writeAudit(out, d.RecentEvents, "  "); err != nil {
		return err
	}
	return writeSecurity(out, d)
}

// writeRegistrations is the registrar's view of the numbers with SIP
// credentials (when one is configured): which devices are registered.
func writeRegistrations(out io.Writer, nums []portal.CareNumber) error {
	for _, n := range nums {
		if n.Registration == nil {
			continue
		}
		fmt.Fprintf(out, "\n  %s\n", n.Formatted)
		if err := cmdkit.WriteRegistration(out, "    ", *n.Registration, portal.Voice{}); err != nil {
			return err
		}
	}
	return nil
}

func lockText(l portal.LockState, user string) string {
	switch {
	case l.Permanent:
		return fmt.Sprintf("LOCKED after %d consecutive failed logins; only an unlock ends it (admin customer unlock %s)", l.ConsecutiveFailures, user)
	case l.LockedUntil != nil:
		return fmt.Sprintf("locked until %s after %d consecutive failed logins", when(*l.LockedUntil), l.ConsecutiveFailures)
	case l.ConsecutiveFailures > 0:
		return fmt.Sprintf("not locked; %d consecutive failed logins, the last %s", l.ConsecutiveFailures, whenPtr(l.LastFailureAt))
	}
	return "not locked"
}
