package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

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
		c.Long += "\n\n" + s.v.T("cmd.exit_numbers")
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
		Short: s.v.T("cmd.numbers.short"),
		Long:  s.v.T("cmd.numbers.long"),
		Args:  cmdkit.NoArgsIn(s.v),
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
			fmt.Fprintln(w, s.v.T("cmd.numbers.header"))
			for _, n := range nums {
				status := n.Status
				if status == "active" {
					status = s.v.T("numbers.status_active")
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", n.Formatted, s.v.Product(n.Product), status, n.Label)
			}
			return w.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.json_flag"))
	return c
}

func (s *commands) credentialsCommand() *cobra.Command {
	ctx, acct := s.env.Ctx(), s.env.Account
	var asJSON, reveal bool
	var device string
	c := &cobra.Command{
		Use:     "credentials NUMBER [--json | --device NAME|list [--reveal]]",
		Short:   s.v.T("cmd.credentials.short"),
		Long:    s.v.T("cmd.credentials.long") + "\n\n" + s.v.T("cmd.device.help") + "\n\n",
		Example: "  credentials 044 123 45 67\n  credentials +41441234567 --json\n  credentials +41441234567 --device fritzbox",
		Args:    s.oneNumber,
		RunE: func(c *cobra.Command, args []string) error {
			if device != "" {
				return s.deviceSetup(c, args, device, reveal, asJSON)
			}
			if reveal {
				return cmdkit.Usage(c, errors.New(s.v.T("cmd.device.reveal_alone")))
			}
			cr, err := s.svc.Credentials(ctx, acct.ID, cmdkit.NumberArg(args))
			if err != nil {
				return s.numberError(err, cmdkit.NumberArg(args))
			}
			// The credentials matter most: when the registrar's database
			// does not answer, they are still printed, and stderr says why
			// the status is missing.
			reg, regErr := s.svc.RegistrationStatus(ctx, acct.ID, cr.Number.E164)
			if regErr != nil {
				s.env.Log.Warn("registration status unavailable", "error", regErr)
				fmt.Fprintln(c.ErrOrStderr(), s.v.T("sip.status_unavailable_later"))
			}
			if asJSON {
				out := credentialsJSON{Credentials: cr}
				if regErr == nil {
					out.Registration = &reg
				}
				return cmdkit.WriteJSON(c.OutOrStdout(), out)
			}
			return s.writeCredentials(c.OutOrStdout(), cr, reg)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.credentials.json_flag"))
	cmdkit.TextVar(c.Flags(), &device, "device", s.v.T("cmd.placeholder.name"), s.v.T("cmd.device.flag"))
	c.Flags().BoolVar(&reveal, "reveal", false, s.v.T("cmd.device.reveal_flag"))
	return c
}

// credentialsJSON is `credentials --json`: the card and, when a registrar
// is configured (registration.known), the live registration status.
type credentialsJSON struct {
	portal.Credentials
	Registration *portal.RegistrationStatus `json:"registration,omitempty"`
}

// writeCredentials prints the card as label and value, every value in one
// column (the registration row's too, whatever the language's labels),
// with the FAQ's tip when there is more than one SIP server, then the
// registration's devices, warning or hint.
func (s *commands) writeCredentials(out io.Writer, cr portal.Credentials, reg portal.RegistrationStatus) error {
	n := cr.Number
	about := s.v.Product(n.Product)
	if n.Label != "" {
		about += ", " + n.Label
	}
	var rows [][2]string
	for _, text := range []string{
		s.v.T("cmd.credentials.number", n.Formatted, about),
		s.v.T("cmd.credentials.username", cr.Username),
		s.v.T("cmd.credentials.password", cr.Password),
	} {
		label, value, _ := strings.Cut(text, "\t")
		rows = append(rows, [2]string{label, value})
	}
	rows = append(rows, [2]string{s.v.T("number.sip_domain"), cr.Domain})
	label := s.v.T("number.sip_server")
	if len(cr.Servers) > 1 {
		label = s.v.T("number.sip_servers")
	}
	for i, srv := range cr.Servers {
		rows = append(rows, [2]string{label, srv.String()})
		if i == 0 {
			label = ""
		}
	}
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r[0]))
	}
	if reg.Known {
		width = max(width, utf8.RuneCountInString(s.v.T("sip.registration")))
	}
	column := width + 2
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r[0] + strings.Repeat(" ", column-utf8.RuneCountInString(r[0])) + r[1] + "\n")
	}
	if len(cr.Servers) > 1 {
		b.WriteString(s.v.T("number.servers_tip") + "\n")
	}
	if _, err := io.WriteString(out, b.String()); err != nil {
		return err
	}
	return cmdkit.WriteRegistrationAt(out, "", column, reg, s.v)
}

func (s *commands) voipPasswordCommand() *cobra.Command {
	ctx, sess, acct := s.env.Ctx(), s.env.Sess, s.env.Account
	var regenerate, yes, asJSON bool
	c := &cobra.Command{
		Use:     "voip-password NUMBER --new [--yes]",
		Short:   s.v.T("cmd.voip.short"),
		Long:    s.v.T("cmd.voip.long") + "\n" + s.v.T("cmd.voip.warning"),
		Example: "  ssh -t ... voip-password 044 123 45 67 --new\n  ssh ... voip-password +41441234567 --new --yes --json",
		Args:    s.oneNumber,
		RunE: func(c *cobra.Command, args []string) error {
			if !regenerate {
				return cmdkit.Usage(c, errors.New(s.v.T("cmd.voip.needs_new")))
			}
			// Check the number before asking anything: a confirmation for a
			// number that cannot change would be wasted.
			cur, err := s.svc.Credentials(ctx, acct.ID, cmdkit.NumberArg(args))
			if err != nil {
				return s.numberError(err, cmdkit.NumberArg(args))
			}
			if !yes {
				if err := s.confirmNewPassword(c, sess, cur.Number); err != nil {
					return err
				}
			}
			cr, err := s.svc.RegenerateVoIPPassword(ctx, acct, cur.Number.E164, sess.RemoteAddr().String())
			if err != nil {
				return s.numberError(err, cur.Number.E164)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), cr)
			}
			fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.voip.done", cr.Number.Formatted, cr.Password))
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.voip.old_gone", cr.Username))
			return err
		},
	}
	c.Flags().BoolVar(&regenerate, "new", false, s.v.T("cmd.voip.new_flag"))
	c.Flags().BoolVar(&yes, "yes", false, s.v.T("cmd.yes_flag"))
	c.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.voip.json_flag"))
	return c
}

// confirmNewPassword asks for the number's last four digits on the
// session's terminal. Without a terminal nobody can answer: --yes is the
// way for scripts.
func (s *commands) confirmNewPassword(c *cobra.Command, sess ssh.Session, n portal.NumberView) error {
	if _, _, isPty := sess.Pty(); !isPty {
		return &cmdkit.StatusError{Code: cmdkit.ExitUsage, Err: errors.New(s.v.T("cmd.voip.needs_confirm", n.Formatted))}
	}
	out := c.OutOrStdout()
	fmt.Fprintf(out, "%s\n%s\n", s.v.T("cmd.voip.confirm_intro", n.Formatted), s.v.T("cmd.voip.warning"))
	fmt.Fprint(out, s.v.T("number.confirm_digits"))
	typed, err := cmdkit.ReadLine(c.InOrStdin(), out, cmdkit.IsDigitOrSpace, 32)
	if err != nil {
		return &cmdkit.StatusError{Code: cmdkit.ExitError, Err: errors.New(s.v.T("cmd.voip.cancelled"))}
	}
	if !portal.ConfirmsNumber(n.E164, typed) {
		return &cmdkit.StatusError{Code: cmdkit.ExitError, Err: errors.New(s.v.T("cmd.voip.wrong_digits", n.Formatted))}
	}
	return nil
}

// numberError gives the portal's answers their exit statuses. An unknown
// number and another account's number are the same error: nothing leaks.
// The texts are the customer's language; errors.Is still sees the cause.
func (s *commands) numberError(err error, query string) error {
	var noCreds *portal.NoCredentialsError
	switch {
	case errors.Is(err, portal.ErrUnknownNumber):
		return &cmdkit.StatusError{Code: cmdkit.ExitNotFound, Err: spoken{s.v.T("cmd.numbers.unknown", strings.TrimSuffix(s.v.Error(err), ".")), err}}
	case errors.Is(err, portal.ErrBadNumber):
		return &cmdkit.StatusError{Code: cmdkit.ExitUsage, Err: spoken{s.v.Error(err), err}}
	case errors.As(err, &noCreds):
		return &cmdkit.StatusError{Code: cmdkit.ExitRefused, Err: spoken{s.noCredentialsReason(noCreds, query), err}}
	}
	return err
}

// noCredentialsReason is the refusal in the customer's language; a trunk
// participant's names its trunk, so the number itself is looked up.
func (s *commands) noCredentialsReason(e *portal.NoCredentialsError, query string) string {
	nums, err := s.svc.Numbers(s.env.Ctx(), s.env.Account.ID)
	if err == nil {
		for _, n := range nums {
			if n.Product == e.Product && (n.E164 == query || portal.NumberMatches(n.E164, query)) {
				return s.svc.NoCredentialsReasonIn(s.v, n)
			}
		}
	}
	return s.svc.NoCredentialsReasonIn(s.v, portal.NumberView{Product: e.Product})
}

// spoken is an error whose text is in the customer's language, wrapping
// the portal's error for errors.Is.
type spoken struct {
	text  string
	cause error
}

func (e spoken) Error() string { return e.text }
func (e spoken) Unwrap() error { return e.cause }

func (s *commands) oneNumber(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmdkit.Usage(c, errors.New(s.v.T("cmd.needs_number", c.Name(), c.Name())))
	}
	return nil
}
