package admincli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

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
