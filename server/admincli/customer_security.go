package admincli

import (
	"fmt"
	"io"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// writeSecurity shows customer care what the customer sees under My
// account: SSH keys, open sessions and the security timeline.
func writeSecurity(out io.Writer, d portal.AccountDetails) error {
	fmt.Fprintf(out, "\nSSH keys (%d)\n", len(d.CustomerKeys))
	if len(d.CustomerKeys) > 0 {
		t := cmdkit.NewTable(out, "  FINGERPRINT", "TYPE", "NAME", "ADDED")
		for _, k := range d.CustomerKeys {
			t.Row("  "+k.Fingerprint, k.Type, k.Name, when(k.CreatedAt))
		}
		if err := t.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "\nOpen sessions (%d)\n", len(d.Sessions))
	if len(d.Sessions) > 0 {
		t := cmdkit.NewTable(out, "  ID", "HOW", "FROM", "LOGIN", "STARTED")
		for _, l := range d.Sessions {
			t.Row("  "+l.ID, l.How, l.Source, l.Auth, when(l.StartedAt))
		}
		if err := t.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "\nSecurity timeline, 90 days (%d)\n", len(d.SecurityLog))
	if len(d.SecurityLog) == 0 {
		return nil
	}
	t := cmdkit.NewTable(out, "  WHEN", "EVENT", "DETAIL", "FROM", "BY")
	for _, e := range d.SecurityLog {
		t.Row("  "+when(e.At), e.Action, e.Detail, e.Source, e.By)
	}
	return t.Flush()
}
