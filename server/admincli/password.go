package admincli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// passwordCommands is `admin password ...`.
func (a *adminSession) passwordCommands() *cobra.Command {
	var asJSON bool
	reset := &cobra.Command{
		Use:   "send-reset USER [--json]",
		Short: "Mail a password reset link to the account's stored address",
		Long: "Customer care's \"we send you a new password\": mail a link to choose a new password to the\n" +
			"email address stored in the account (never to another address; no password is made or\n" +
			"mailed). An account that never set a password gets a new set-password (welcome) link.\n" +
			"At most " + strconv.Itoa(portal.MaxResetMailsPerHour) + " reset links an hour go to one account.\n\n" + adminExitHelp,
		Example: "  admin password send-reset alice@example.ch",
		Args:    cmdkit.NArgs(1, 1, "the account's user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			acct, purpose, err := a.svc.SendPasswordReset(a.ctx, a.actor, args[0])
			if err != nil {
				return careError(err)
			}
			valid := a.svc.Cfg.ResetValidity
			if purpose == portal.PurposeWelcome {
				valid = a.svc.Cfg.WelcomeValidity
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), struct {
					UserID   string `json:"user_id"`
					To       string `json:"to"`
					Purpose  string `json:"purpose"`
					ValidFor string `json:"valid_for"`
				}{acct.UserID, acct.Email, purpose, valid.String()})
			}
			if purpose == portal.PurposeWelcome {
				_, err = fmt.Fprintf(c.OutOrStdout(), "%s never set a password, so a new set-password (welcome) link valid for %s is queued to %s.\n",
					acct.UserID, humanDuration(valid), acct.Email)
				return err
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "A password reset link valid for %s is queued to %s, the address stored for %s.\n",
				humanDuration(valid), acct.Email, acct.UserID)
			return err
		},
	}
	reset.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return group("password", "Send password reset links", reset)
}

// twoFactorCommands is `admin 2fa ...`.
func (a *adminSession) twoFactorCommands() *cobra.Command {
	var requestedBy string
	var asJSON bool
	reset := &cobra.Command{
		Use:   "reset USER --requested-by EMAIL [--json]",
		Short: "Turn off 2FA for a customer who lost their authenticator app",
		Long: "Reset two-factor authentication of USER: 2FA is turned off, its secret and every recovery\n" +
			"code stop working, and the customer gets a notification mail.\n" +
			"The request must come from the email address stored in the account (FAQ): --requested-by\n" +
			"is the address the request came from; any other address is refused (exit status 4) and\n" +
			"the refusal is audited.\n\n" + adminExitHelp,
		Example: "  admin 2fa reset alice@example.ch --requested-by alice@example.ch",
		Args:    cmdkit.NArgs(1, 1, "the account's user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			if strings.TrimSpace(requestedBy) == "" {
				return cmdkit.Usage(c, errors.New("2fa reset needs --requested-by: the email address the request came from"))
			}
			acct, err := a.svc.ResetTOTP(a.ctx, a.actor, args[0], requestedBy)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), struct {
					UserID    string `json:"user_id"`
					TwoFactor bool   `json:"two_factor"`
					Notified  string `json:"notified"`
				}{acct.UserID, false, acct.Email})
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "Two-factor authentication of %s is off; its recovery codes no longer work.\n"+
				"A notification mail is queued to %s. The customer logs in with the password and can set up 2FA again.\n",
				acct.UserID, acct.Email)
			return err
		},
	}
	reset.Flags().StringVar(&requestedBy, "requested-by", "", "the email address the reset request came from (required)")
	reset.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return group("2fa", "Reset two-factor authentication", reset)
}
