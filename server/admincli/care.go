package admincli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

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

// auditCommand is `admin audit`.
func (a *adminSession) auditCommand() *cobra.Command {
	var since string
	var limit int
	var asJSON bool
	c := &cobra.Command{
		Use:   "audit [USER] [--since DURATION] [--limit N] [--json]",
		Short: "Show the audit trail: who did what, newest first",
		Long: "Show audit events newest first: of every account, or with USER those about the account\n" +
			"and those made by it (an admin's own actions). Customer-care actions name the admin as\n" +
			"actor. --json prints a list of objects with at, actor, account, action, detail and\n" +
			"remote_addr.\n\n" + adminExitHelp,
		Example: "  admin audit --since 24h\n  admin audit alice@example.ch --since 30d --json",
		Args:    cmdkit.NArgs(0, 1, "at most one user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			d, err := parseSince(since)
			if err != nil {
				return cmdkit.Usage(c, err)
			}
			if err := checkLimit(c, limit); err != nil {
				return err
			}
			user := ""
			if len(args) == 1 {
				user = args[0]
			}
			events, err := a.svc.AuditTrail(a.ctx, user, time.Now().Add(-d), limit)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), events)
			}
			if len(events) == 0 {
				_, err := fmt.Fprintf(c.OutOrStdout(), "No events in the last %s.\n", since)
				return err
			}
			return writeAudit(c.OutOrStdout(), events, "")
		},
	}
	c.Flags().StringVar(&since, "since", "7d", "how far back: e.g. 90m, 24h, 30d")
	limitFlag(c, &limit, 200)
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func writeAudit(out io.Writer, events []portal.AuditEntry, indent string) error {
	if len(events) == 0 {
		_, err := fmt.Fprintln(out, indent+"none")
		return err
	}
	t := cmdkit.NewTable(out, indent+"TIME", "ACTOR", "ACCOUNT", "ACTION", "DETAIL", "FROM")
	for _, e := range events {
		t.Row(indent+when(e.At), e.Actor, e.Account, e.Action, e.Detail, e.Remote)
	}
	return t.Flush()
}

// mailCommands is `admin mail ...`.
func (a *adminSession) mailCommands() *cobra.Command {
	var failed, asJSON bool
	var limit int
	list := &cobra.Command{
		Use:   "list [--failed] [--limit N] [--json]",
		Short: "List the outbox: mails queued, sent and failed (never their bodies)",
		Long: "List the newest mails of the outbox with recipient, subject, status, attempts and the last\n" +
			"delivery error. Bodies are never shown: reset and welcome mails carry single-use links.\n" +
			"--json prints a list of objects with id, kind, to, subject, status, attempts,\n" +
			"next_attempt_at, last_error and created_at.\n\n" + adminExitHelp,
		Example: "  admin mail list --failed",
		Args:    cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := checkLimit(c, limit); err != nil {
				return err
			}
			mails, err := a.svc.OutboxMails(a.ctx, failed, limit)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), mails)
			}
			if len(mails) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), "No mails.")
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "ID", "CREATED", "TO", "KIND", "STATUS", "ATTEMPTS", "LAST ERROR")
			for _, m := range mails {
				t.Row(strconv.FormatInt(m.ID, 10), when(m.CreatedAt), m.To, m.Kind, m.Status, strconv.Itoa(m.Attempts), oneLine(m.LastError))
			}
			return t.Flush()
		},
	}
	list.Flags().BoolVar(&failed, "failed", false, "only mails whose delivery failed for good")
	limitFlag(list, &limit, 50)
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return group("mail", "Look at the mail outbox", list)
}

// oneLine keeps a table cell on one line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// musicCommands is `admin music ...`.
func (a *adminSession) musicCommands() *cobra.Command {
	var pending, failed, asJSON bool
	var limit int
	list := &cobra.Command{
		Use:   "list [--pending|--failed] [--limit N] [--json]",
		Short: "List hold and queue music uploads of every customer",
		Long: "List uploads newest first: waiting for activation, failed and active ones (--pending: only\n" +
			"waiting, --failed: only failed, with the reason). --json prints a list of objects with id,\n" +
			"user_id, kind, status, name, format, size_bytes, duration_seconds, error, attempts,\n" +
			"uploaded_at and activated_at.\n\n" + adminExitHelp,
		Example: "  admin music list --failed",
		Args:    cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			if pending && failed {
				return cmdkit.Usage(c, errors.New("--pending and --failed exclude each other"))
			}
			if err := checkLimit(c, limit); err != nil {
				return err
			}
			filter := portal.MusicFilterAll
			if pending {
				filter = portal.MusicFilterPending
			} else if failed {
				filter = portal.MusicFilterFailed
			}
			files, err := a.svc.MusicUploads(a.ctx, filter, limit)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), files)
			}
			if len(files) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), "No uploads.")
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "ID", "UPLOADED", "USER ID", "KIND", "STATUS", "NAME", "SIZE", "ERROR")
			for _, f := range files {
				t.Row(strconv.FormatInt(f.ID, 10), when(f.UploadedAt), f.UserID, f.Kind, f.Status, f.Name,
					portal.GroupDigits(f.Size)+" bytes", oneLine(f.Error))
			}
			return t.Flush()
		},
	}
	list.Flags().BoolVar(&pending, "pending", false, "only uploads waiting for activation")
	list.Flags().BoolVar(&failed, "failed", false, "only uploads whose activation failed")
	limitFlag(list, &limit, 50)
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return group("music", "Look at hold and queue music uploads", list)
}

// maxKeyInput bounds the authorized_keys text read from standard input.
const maxKeyInput = 64 << 10

// keyCommands is `admin key ...`: the SSH keys of admin accounts.
func (a *adminSession) keyCommands() *cobra.Command {
	add := &cobra.Command{
		Use:   "add USER [KEY]",
		Short: "Register an SSH public key to an admin account",
		Long: "Register an SSH public key (an authorized_keys line, e.g. ~/.ssh/id_ed25519.pub) to the admin\n" +
			"account USER: as arguments after USER, or on standard input (one key a line). Customer\n" +
			"accounts have no keys.\n\n" + adminExitHelp,
		Example: "  ssh ... admin key add carol < carol.pub\n  ssh ... admin key add carol ssh-ed25519 AAAAC3Nza... carol@laptop",
		Args:    cmdkit.NArgs(1, -1, "the admin's user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			lines := []string{strings.Join(args[1:], " ")}
			if len(args) == 1 {
				if _, _, isPty := a.sess.Pty(); isPty {
					return cmdkit.Usage(c, errors.New("pass the key after USER, or pipe it: ssh ... admin key add USER < KEY.pub"))
				}
				var err error
				if lines, err = keyLines(c.InOrStdin()); err != nil {
					return err
				}
				if len(lines) == 0 {
					return cmdkit.Usage(c, errors.New("no key on standard input: pipe an authorized_keys line, e.g. admin key add USER < KEY.pub"))
				}
			}
			for _, line := range lines {
				k, err := a.svc.RegisterAdminKey(a.ctx, a.actor, args[0], line)
				if err != nil {
					return careError(err)
				}
				fmt.Fprintf(c.OutOrStdout(), "Registered %s key %s (%s) to %s.\n", k.Type, k.Fingerprint, k.Comment, k.UserID)
			}
			return nil
		},
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [USER] [--json]",
		Short: "List the registered SSH keys of admin accounts",
		Long: "List the SSH keys of every admin account, or of USER. --json prints a list of objects\n" +
			"with user_id, fingerprint, type, comment and created_at.\n\n" + adminExitHelp,
		Args: cmdkit.NArgs(0, 1, "at most one user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			user := ""
			if len(args) == 1 {
				user = args[0]
			}
			keys, err := a.svc.AdminKeyList(a.ctx, user)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), keys)
			}
			if len(keys) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), "No keys.")
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "USER ID", "FINGERPRINT", "TYPE", "COMMENT", "ADDED")
			for _, k := range keys {
				t.Row(k.UserID, k.Fingerprint, k.Type, k.Comment, when(k.CreatedAt))
			}
			return t.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	remove := &cobra.Command{
		Use:   "remove FINGERPRINT",
		Short: "Remove a registered SSH key; sessions of its account end",
		Long: "Remove the key with this SHA256 fingerprint (as admin key list shows it). The open sessions\n" +
			"of its account end. You cannot remove your own last key: you would lock yourself out.\n\n" + adminExitHelp,
		Example: "  admin key remove SHA256:3xAmpLe...",
		Args:    cmdkit.NArgs(1, 1, "the key's fingerprint"),
		RunE: func(c *cobra.Command, args []string) error {
			k, err := a.svc.RemoveAdminKey(a.ctx, a.actor, args[0])
			if err != nil {
				return careError(err)
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "Removed %s key %s of %s; the account's other sessions were ended.\n", k.Type, k.Fingerprint, k.UserID)
			return err
		},
	}
	return group("key", "Manage the SSH keys of admin accounts", add, list, remove)
}

// keyLines reads authorized_keys lines, skipping blank lines and comments.
func keyLines(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(io.LimitReader(r, maxKeyInput))
	sc.Buffer(make([]byte, 0, 16<<10), maxKeyInput)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read keys from standard input: %w", err)
	}
	return out, nil
}
