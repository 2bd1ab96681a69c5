package cli

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

const exitStatusHelp = `Exit status:
  0  done
  1  error (e.g. the store is unreachable, the confirmation was not given)
  2  bad arguments or flags
  3  no such phone number in your account
  4  the number's product has no SIP credentials (the reason is printed)`

// numberCommands are the commands of the Phone numbers page: the
// overview, a number's SIP credentials and a new VoIP password.
func (s *commands) numberCommands() []*cobra.Command {
	cmds := []*cobra.Command{
		s.numbersCommand(),
		s.credentialsCommand(),
		s.voipPasswordCommand(),
	}
	for _, c := range cmds {
		c.SetFlagErrorFunc(cmdkit.Usage)
		// Use already shows the flags that matter.
		c.DisableFlagsInUseLine = true
	}
	return cmds
}

func (s *commands) numbersCommand() *cobra.Command {
	ctx, acct := s.env.Ctx(), s.env.Account
	var asJSON bool
	c := &cobra.Command{
		Use:   "numbers [--json]",
		Short: "List your phone numbers and their products",
		Long: "List your phone numbers with product, status and label. --json prints a list of\n" +
			"objects with number, formatted, product, label, status and (trunk participants) trunk.\n\n" + exitStatusHelp,
		Args: cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			nums, err := s.svc.Numbers(ctx, acct.ID)
			if err != nil {
				return err
			}
			if asJSON {
				if nums == nil {
					nums = []portal.NumberView{}
				}
				return cmdkit.WriteJSON(c.OutOrStdout(), nums)
			}
			w := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "NUMBER\tPRODUCT\tSTATUS\tLABEL")
			for _, n := range nums {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", n.Formatted, n.ProductLabel(), n.Status, n.Label)
			}
			return w.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (s *commands) credentialsCommand() *cobra.Command {
	ctx, acct := s.env.Ctx(), s.env.Account
	var asJSON, reveal bool
	var device string
	c := &cobra.Command{
		Use:   "credentials NUMBER [--json | --device NAME|list [--reveal]]",
		Short: "Show a number's SIP credentials: SIP username, VoIP password, SIP servers",
		Long: "Show the SIP-Credentials card of one of your numbers: the SIP username, the VoIP\n" +
			"password, the SIP servers and whether a device is registered with them (address,\n" +
			"transport, user agent, expiry and SIP server of each). Only virtual PBX and SIP trunk\n" +
			"numbers have one. NUMBER is in international format, e.g. +41441234567 or\n" +
			"\"+41 44 123 45 67\".\n\n" + deviceHelp + exitStatusHelp,
		Example: "  credentials +41441234567\n  credentials +41441234567 --json\n  credentials +41441234567 --device fritzbox",
		Args:    oneNumber,
		RunE: func(c *cobra.Command, args []string) error {
			if device != "" {
				return s.deviceSetup(c, args, device, reveal, asJSON)
			}
			if reveal {
				return cmdkit.Usage(c, errors.New("--reveal goes with --device: credentials NUMBER shows the VoIP password already"))
			}
			cr, err := s.svc.Credentials(ctx, acct.ID, cmdkit.NumberArg(args))
			if err != nil {
				return numberError(err)
			}
			// The credentials matter most: when the registrar's database
			// does not answer, they are still printed, and stderr says why
			// the status is missing.
			reg, regErr := s.svc.RegistrationStatus(ctx, acct.ID, cr.Number.E164)
			if regErr != nil {
				s.env.Log.Warn("registration status unavailable", "error", regErr)
				fmt.Fprintln(c.ErrOrStderr(), "The registration status is unavailable right now; please try again later.")
			}
			if asJSON {
				out := credentialsJSON{Credentials: cr}
				if regErr == nil {
					out.Registration = &reg
				}
				return cmdkit.WriteJSON(c.OutOrStdout(), out)
			}
			if err := writeCredentials(c.OutOrStdout(), cr); err != nil {
				return err
			}
			return cmdkit.WriteRegistration(c.OutOrStdout(), "", reg)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON (number, sip_username, voip_password, sip_servers, registration)")
	c.Flags().StringVar(&device, "device", "", "print the set-up of a device (list: the devices)")
	c.Flags().BoolVar(&reveal, "reveal", false, "with --device: include the VoIP password")
	return c
}

// credentialsJSON is `credentials --json`: the card and, when a registrar
// is configured (registration.known), the live registration status.
type credentialsJSON struct {
	portal.Credentials
	Registration *portal.RegistrationStatus `json:"registration,omitempty"`
}

// writeCredentials prints the card as aligned lines, with the FAQ's tip
// when there is more than one SIP server.
func writeCredentials(out io.Writer, cr portal.Credentials) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	n := cr.Number
	about := n.ProductLabel()
	if n.Label != "" {
		about += ", " + n.Label
	}
	fmt.Fprintf(w, "Number\t%s (%s)\n", n.Formatted, about)
	fmt.Fprintf(w, "SIP username\t%s\n", cr.Username)
	fmt.Fprintf(w, "VoIP password\t%s\n", cr.Password)
	label := "SIP server"
	if len(cr.Servers) > 1 {
		label = "SIP servers"
	}
	for i, srv := range cr.Servers {
		fmt.Fprintf(w, "%s\t%s\n", label, srv)
		if i == 0 {
			label = ""
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if len(cr.Servers) > 1 {
		_, err := fmt.Fprintln(out, "Tip: "+portal.SIPServersTip)
		return err
	}
	return nil
}

func (s *commands) voipPasswordCommand() *cobra.Command {
	ctx, sess, acct := s.env.Ctx(), s.env.Sess, s.env.Account
	var regenerate, yes, asJSON bool
	c := &cobra.Command{
		Use:   "voip-password NUMBER --new [--yes]",
		Short: "Set a new VoIP password for a number; the old one stops working at once",
		Long: "Give a virtual PBX or SIP trunk number a new VoIP password and print it.\n" +
			portal.NewVoIPPasswordWarning + "\n\n" +
			"In a terminal (ssh -t) it asks for the last four digits of the number to confirm;\n" +
			"without a terminal, --yes confirms (scripts).\n\n" + exitStatusHelp,
		Example: "  ssh -t ... voip-password +41441234567 --new\n  ssh ... voip-password +41441234567 --new --yes --json",
		Args:    oneNumber,
		RunE: func(c *cobra.Command, args []string) error {
			if !regenerate {
				return cmdkit.Usage(c, errors.New("voip-password only sets a new password: pass --new (credentials NUMBER shows the current one)"))
			}
			// Check the number before asking anything: a confirmation for a
			// number that cannot change would be wasted.
			cur, err := s.svc.Credentials(ctx, acct.ID, cmdkit.NumberArg(args))
			if err != nil {
				return numberError(err)
			}
			if !yes {
				if err := confirmNewPassword(c, sess, cur.Number); err != nil {
					return err
				}
			}
			cr, err := s.svc.RegenerateVoIPPassword(ctx, acct, cur.Number.E164, sess.RemoteAddr().String())
			if err != nil {
				return numberError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), cr)
			}
			fmt.Fprintf(c.OutOrStdout(), "New VoIP password for %s: %s\n", cr.Number.Formatted, cr.Password)
			_, err = fmt.Fprintf(c.OutOrStdout(), "The old password no longer works. Enter the new one in every device registered with SIP username %s.\n", cr.Username)
			return err
		},
	}
	c.Flags().BoolVar(&regenerate, "new", false, "generate a new VoIP password (required)")
	c.Flags().BoolVar(&yes, "yes", false, "confirm without the prompt (needed without a terminal)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the new credentials as JSON")
	return c
}

// confirmNewPassword asks for the number's last four digits on the
// session's terminal. Without a terminal nobody can answer: --yes is the
// way for scripts.
func confirmNewPassword(c *cobra.Command, sess ssh.Session, n portal.NumberView) error {
	if _, _, isPty := sess.Pty(); !isPty {
		return &cmdkit.StatusError{Code: cmdkit.ExitUsage, Err: fmt.Errorf(
			"a new VoIP password needs confirmation: pass --yes, or run it in a terminal (ssh -t) to type the last four digits of %s", n.Formatted)}
	}
	out := c.OutOrStdout()
	fmt.Fprintf(out, "New VoIP password for %s.\n%s\n", n.Formatted, portal.NewVoIPPasswordWarning)
	fmt.Fprint(out, "Type the last four digits of the number to confirm: ")
	typed, err := cmdkit.ReadLine(c.InOrStdin(), out, cmdkit.IsDigitOrSpace, 32)
	if err != nil {
		return &cmdkit.StatusError{Code: cmdkit.ExitError, Err: errors.New("cancelled; the VoIP password was not changed")}
	}
	if !portal.ConfirmsNumber(n.E164, typed) {
		return &cmdkit.StatusError{Code: cmdkit.ExitError, Err: fmt.Errorf(
			"those are not the last four digits of %s; the VoIP password was not changed", n.Formatted)}
	}
	return nil
}

// numberError gives the portal's answers their exit statuses. An unknown
// number and another account's number are the same error: nothing leaks.
func numberError(err error) error {
	var noCreds *portal.NoCredentialsError
	switch {
	case errors.Is(err, portal.ErrUnknownNumber):
		return &cmdkit.StatusError{Code: cmdkit.ExitNotFound, Err: fmt.Errorf("%w (numbers lists yours)", err)}
	case errors.Is(err, portal.ErrBadNumber):
		return &cmdkit.StatusError{Code: cmdkit.ExitUsage, Err: err}
	case errors.As(err, &noCreds):
		return &cmdkit.StatusError{Code: cmdkit.ExitRefused, Err: err}
	}
	return err
}

func oneNumber(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmdkit.Usage(c, fmt.Errorf("%s needs a phone number, e.g. %s +41441234567", c.Name(), c.Name()))
	}
	return nil
}
