package admincli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// provisioningCommands is `admin provisioning ...`: the events that carry
// SIP credentials to the registrar, and a full comparison with it.
func (a *adminSession) provisioningCommands() *cobra.Command {
	return group("provisioning", "Look at and repair the SIP registrar's credentials (Kamailio)",
		a.provisioningList(), a.provisioningSync(), a.provisioningBind())
}

func (a *adminSession) provisioningList() *cobra.Command {
	var failed, asJSON bool
	var limit int
	c := &cobra.Command{
		Use:   "list [--failed] [--limit N] [--json]",
		Short: "List the newest provisioning events (changes carried to the SIP registrar)",
		Long: "List provisioning events newest first: a number's SIP credentials changed (new VoIP\n" +
			"password, product, removal) and the registrar must follow. Status is queued (waiting or\n" +
			"retrying with back-off), done or failed (gave up; admin provisioning sync repairs it).\n" +
			"--failed lists only failed ones. --json prints a list of objects with id, number, event,\n" +
			"status, attempts, next_attempt_at, last_error, created_at and applied_at.\n\n" + adminExitHelp,
		Example: "  admin provisioning list --failed",
		Args:    cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := checkLimit(c, limit); err != nil {
				return err
			}
			events, err := a.svc.ProvisioningEvents(a.ctx, a.actor, failed, limit)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				if events == nil {
					events = []portal.ProvisioningEvent{}
				}
				return cmdkit.WriteJSON(c.OutOrStdout(), events)
			}
			return writeProvisioningEvents(c.OutOrStdout(), events, failed)
		},
	}
	c.Flags().BoolVar(&failed, "failed", false, "only events that failed after every retry")
	limitFlag(c, &limit, 50)
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func writeProvisioningEvents(out io.Writer, events []portal.ProvisioningEvent, failed bool) error {
	if len(events) == 0 {
		msg := "No provisioning events."
		if failed {
			msg = "No failed provisioning events."
		}
		_, err := fmt.Fprintln(out, msg)
		return err
	}
	t := cmdkit.NewTable(out, "ID", "CREATED", "NUMBER", "EVENT", "STATUS", "ATTEMPTS", "NEXT TRY / APPLIED", "ERROR")
	for _, e := range events {
		at := "-"
		if e.NextTry != nil {
			at = when(*e.NextTry)
		} else if e.AppliedAt != nil {
			at = when(*e.AppliedAt)
		}
		t.Row(strconv.FormatInt(e.ID, 10), when(e.CreatedAt), portal.FormatNumber(e.Number), e.Event, e.Status,
			strconv.Itoa(e.Attempts), at, oneLine(e.LastError))
	}
	return t.Flush()
}

func (a *adminSession) provisioningSync() *cobra.Command {
	var dryRun, asJSON bool
	c := &cobra.Command{
		Use:   "sync [--dry-run] [--json]",
		Short: "Compare the registrar's whole subscriber table with sipdesk and repair it",
		Long: "Compare every row of the registrar's subscriber table with the SIP credentials in sipdesk\n" +
			"and report missing rows (a number with credentials but no row), extra rows (no such\n" +
			"number, or a product without credentials; removed with their registrations) and stale rows\n" +
			"(an old VoIP password). Without --dry-run it repairs them, marks failed events done and is\n" +
			"audited under your name. A repair needs the registrar database bound to this store (see\n" +
			"admin provisioning bind); a dry run compares either way. --json prints missing, extra,\n" +
			"stale, in_sync, fixed, failed_resolved, store_id and bound_store_id. Exit status 4 when\n" +
			"no registrar is configured (--kamailio-database-url) or the registrar database is bound to\n" +
			"another store or to none.\n\n" + adminExitHelp,
		Example: "  admin provisioning sync --dry-run\n  admin provisioning sync",
		Args:    cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			rep, err := a.svc.SyncProvisioning(a.ctx, a.actor, dryRun)
			if errors.Is(err, portal.ErrNoSIPPlatform) {
				return cmdkit.Fail(cmdkit.ExitRefused, err)
			}
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), rep)
			}
			return writeSyncReport(c.OutOrStdout(), rep, dryRun)
		},
	}
	c.Flags().BoolVar(&dryRun, "dry-run", false, "only compare and report; change nothing")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (a *adminSession) provisioningBind() *cobra.Command {
	var replace string
	var asJSON bool
	c := &cobra.Command{
		Use:   "bind [--replace STORE_ID] [--json]",
		Short: "Make this sipdesk store the one that provisions the registrar database",
		Long: "A registrar database takes SIP credentials from one sipdesk store: the store whose identity\n" +
			"it records. serve binds a database that is bound to no store by itself, but only while that\n" +
			"deletes and overwrites nothing there; a store with another identity (a replica started with\n" +
			"a wrong --database-url) is refused and changes nothing. bind is the deliberate way: it binds\n" +
			"a database that is bound to no store, or, with --replace naming the store it is bound to\n" +
			"now (the identity the refusal names), moves it to this store. bind itself writes no\n" +
			"subscriber row, but this store's provisioning then makes the registrar equal to this store\n" +
			"within seconds, deleting what this store does not know: run admin provisioning sync\n" +
			"--dry-run first. Audited under your name. --json prints store_id, replaced and changed.\n" +
			"Exit status 4 when no registrar is configured or the database is bound to another store\n" +
			"than --replace names.\n\n" + adminExitHelp,
		Example: "  admin provisioning sync --dry-run\n  admin provisioning bind --replace 0d6f3c1e-8a41-4b7e-9a43-2f0c5e7d9b12",
		Args:    cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			b, err := a.svc.BindRegistrar(a.ctx, a.actor, strings.TrimSpace(replace))
			if errors.Is(err, portal.ErrNoSIPPlatform) {
				return cmdkit.Fail(cmdkit.ExitRefused, err)
			}
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), b)
			}
			switch {
			case !b.Changed:
				_, err = fmt.Fprintf(c.OutOrStdout(), "The registrar database is bound to this store (%s) already.\n", b.StoreID)
			case b.Replaced != "":
				_, err = fmt.Fprintf(c.OutOrStdout(), "The registrar database is now bound to this store (%s) instead of %s;\n"+
					"this store's provisioning makes it equal to this store now.\n", b.StoreID, b.Replaced)
			default:
				_, err = fmt.Fprintf(c.OutOrStdout(), "The registrar database is now bound to this store (%s);\n"+
					"this store's provisioning makes it equal to this store now.\n", b.StoreID)
			}
			return err
		},
	}
	c.Flags().StringVar(&replace, "replace", "", "the store the registrar database is bound to now, which this store replaces")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func writeSyncReport(out io.Writer, rep provision.Report, dryRun bool) error {
	switch {
	case rep.BoundStoreID == rep.StoreID:
		fmt.Fprintf(out, "Store    %s, which the registrar database is bound to\n", rep.StoreID)
	case rep.BoundStoreID == "":
		fmt.Fprintf(out, "Store    %s; the registrar database is bound to no store yet (admin provisioning bind)\n", rep.StoreID)
	default:
		fmt.Fprintf(out, "Store    %s; the registrar database is bound to store %s, so this store may not repair it\n",
			rep.StoreID, rep.BoundStoreID)
	}
	for _, part := range []struct {
		name  string
		users []string
	}{{"Missing", rep.Missing}, {"Extra", rep.Extra}, {"Stale", rep.Stale}} {
		list := "none"
		if len(part.users) > 0 {
			list = strings.Join(part.users, ", ")
		}
		fmt.Fprintf(out, "%-8s %d: %s\n", part.name, len(part.users), list)
	}
	fmt.Fprintf(out, "In sync  %d\n", rep.InSync)
	differs := len(rep.Missing)+len(rep.Extra)+len(rep.Stale) > 0
	var err error
	switch {
	case dryRun && differs:
		_, err = fmt.Fprintln(out, "Dry run: nothing was changed. Run admin provisioning sync to repair.")
	case dryRun:
		_, err = fmt.Fprintln(out, "Dry run: the registrar matches sipdesk.")
	case differs:
		_, err = fmt.Fprintf(out, "Repaired; %d failed events marked done.\n", rep.FailedResolved)
	default:
		_, err = fmt.Fprintf(out, "The registrar matched sipdesk already; %d failed events marked done.\n", rep.FailedResolved)
	}
	return err
}
