package admincli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

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
