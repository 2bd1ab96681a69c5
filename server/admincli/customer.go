package admincli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// customerCommands is `admin customer ...`: accounts.
func (a *adminSession) customerCommands() *cobra.Command {
	return group("customer", "Create, find, show, disable, enable and unlock accounts",
		a.customerCreate(), a.customerList(), a.customerShow(),
		a.customerSwitch("disable"), a.customerSwitch("enable"), a.customerSwitch("unlock"))
}

// accountJSON is what the commands that change an account print with --json.
type accountJSON struct {
	UserID   string `json:"user_id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Region   string `json:"region"`
	Role     string `json:"role"`
	Disabled bool   `json:"disabled"`
	Changed  bool   `json:"changed"`
}

func accountOut(acct db.Account, changed bool) accountJSON {
	return accountJSON{UserID: acct.UserID, Email: acct.Email, Name: acct.Name, Region: acct.Region, Role: acct.Role,
		Disabled: acct.Disabled, Changed: changed}
}

func (a *adminSession) customerCreate() *cobra.Command {
	var r portal.NewCustomer
	var asJSON bool
	c := &cobra.Command{
		Use:   "create --email EMAIL --region CH|AT [--user-id ID] [--name NAME] [--json]",
		Short: "Create a customer account and mail them a set-password link",
		Long: "Create a customer account without a password and queue a welcome mail to EMAIL with a\n" +
			"link to choose one (valid for " + humanDuration(a.svc.Cfg.WelcomeValidity) + "). No password is made, printed or mailed.\n" +
			"The user ID is the email address unless --user-id names another (AT customers).\n" +
			"Add phone numbers with `admin number add`.\n\n" +
			"A value with spaces needs quotes that reach the server: ssh joins its arguments into one\n" +
			"command line, so your shell's quotes are gone by then. Quote twice:\n" +
			"  ssh ... admin customer create ... --name \"'Alice Muster'\"\n\n" + adminExitHelp,
		Example: "  ssh ... admin customer create --email alice@example.ch --region CH --name \"'Alice Muster'\"\n" +
			"  admin customer create --email anna@example.at --region AT --user-id k-1001",
		Args: cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			if r.Email == "" || r.Region == "" {
				return cmdkit.Usage(c, errors.New("customer create needs --email and --region"))
			}
			acct, err := a.svc.CreateCustomer(a.ctx, a.actor, r)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), accountOut(acct, true))
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "Created customer %s (%s, portal %s).\n"+
				"A welcome mail with a set-password link (valid for %s) is queued to %s; no password was set.\n",
				acct.UserID, acct.Email, acct.Region, humanDuration(a.svc.Cfg.WelcomeValidity), acct.Email)
			return err
		},
	}
	c.Flags().StringVar(&r.Email, "email", "", "the customer's email address (required; the welcome mail goes there)")
	c.Flags().StringVar(&r.Region, "region", "", "portal: CH or AT (required)")
	c.Flags().StringVar(&r.UserID, "user-id", "", "login name (default: the email address)")
	c.Flags().StringVar(&r.Name, "name", "", "the customer's name; with spaces quote twice: --name \"'Alice Muster'\"")
	c.Flags().BoolVar(&asJSON, "json", false, "print the new account as JSON")
	return c
}

func (a *adminSession) customerList() *cobra.Command {
	var query, region string
	var limit int
	var asJSON bool
	c := &cobra.Command{
		Use:   "list [--query TEXT] [--region CH|AT] [--limit N] [--json]",
		Short: "List accounts, optionally those matching a text",
		Long: "List accounts by user ID. --query keeps those whose user ID, email address or name\n" +
			"contains TEXT (case-insensitive). --json prints a list of objects with user_id, email,\n" +
			"name, region, role, disabled, two_factor, password_set and last_login_at.\n\n" + adminExitHelp,
		Example: "  admin customer list --query muster\n  admin customer list --region AT --json",
		Args:    cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := checkLimit(c, limit); err != nil {
				return err
			}
			rows, err := a.svc.ListAccounts(a.ctx, query, region, limit)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), rows)
			}
			if len(rows) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), "No account matches.")
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "USER ID", "EMAIL", "NAME", "PORTAL", "ROLE", "2FA", "STATUS", "LAST LOGIN")
			for _, r := range rows {
				t.Row(r.UserID, r.Email, r.Name, r.Region, r.Role, cmdkit.OnOff(r.TwoFactor), status(r.Disabled), whenPtr(r.LastLoginAt))
			}
			return t.Flush()
		},
	}
	c.Flags().StringVar(&query, "query", "", "text in the user ID, email address or name")
	c.Flags().StringVar(&region, "region", "", "only accounts of this portal: CH or AT")
	limitFlag(c, &limit, defaultListLimit)
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func status(disabled bool) string {
	if disabled {
		return "disabled"
	}
	return "active"
}

// customerSwitch is disable, enable or unlock: one account, one change.
func (a *adminSession) customerSwitch(verb string) *cobra.Command {
	var short, long string
	switch verb {
	case "disable":
		short = "Disable an account and end its open sessions"
		long = "Disable an account: it can no longer log in, its reset links stop working and its open\n" +
			"sessions end (at once on this server, within seconds on the others). You cannot disable\n" +
			"your own account."
	case "enable":
		short = "Enable a disabled account"
		long = "Enable a disabled account again. Its password and 2FA are as they were."
	case "unlock":
		short = "Clear the login lock of an account after failed logins"
		long = "Clear the failed-login count and any lock of the account's user ID, including the\n" +
			"permanent lock after " + strconv.Itoa(a.svc.Cfg.MaxConsecutive) + " failures. Locks of source addresses stay."
	}
	var asJSON bool
	c := &cobra.Command{
		Use:   verb + " USER [--json]",
		Short: short,
		Long:  long + "\n\n" + adminExitHelp,
		Args:  cmdkit.NArgs(1, 1, "the account's user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			var acct db.Account
			var changed bool
			var err error
			var msg string
			switch verb {
			case "disable":
				acct, changed, err = a.svc.DisableAccount(a.ctx, a.actor, args[0])
				msg = "Disabled %s; its open sessions were ended.\n"
				if !changed {
					msg = "%s was disabled already; nothing changed.\n"
				}
			case "enable":
				acct, changed, err = a.svc.EnableAccount(a.ctx, a.actor, args[0])
				msg = "Enabled %s.\n"
				if !changed {
					msg = "%s was enabled already; nothing changed.\n"
				}
			case "unlock":
				var before portal.LockState
				acct, before, changed, err = a.svc.UnlockAccount(a.ctx, a.actor, args[0])
				msg = "Unlocked %s: cleared " + strconv.Itoa(before.ConsecutiveFailures) + " consecutive failed logins.\n"
				if !changed {
					msg = "%s had no failed logins to clear; nothing changed.\n"
				}
			}
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), accountOut(acct, changed))
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), msg, acct.UserID)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the account as JSON (with changed)")
	return c
}
