package cmdkit

import (
	"fmt"
	"io"
	"strings"

	"github.com/sipdesk/sipdesk/portal"
)

// WriteRegistration prints a number's live registration status, each line
// after indent: registered or not, every contact (address, transport, user
// agent, expiry, SIP server), and the warning or hint when set. Nothing is
// printed when no registrar is configured (the status is not Known).
func WriteRegistration(out io.Writer, indent string, st portal.RegistrationStatus) error {
	if !st.Known {
		return nil
	}
	var b strings.Builder
	switch n := len(st.Contacts); {
	case n == 0:
		fmt.Fprintf(&b, "%sRegistration   not registered\n", indent)
	case n == 1:
		fmt.Fprintf(&b, "%sRegistration   registered, 1 device\n", indent)
	default:
		fmt.Fprintf(&b, "%sRegistration   registered, %d devices\n", indent, n)
	}
	for _, c := range st.Contacts {
		ua := c.UserAgent
		if ua == "" {
			ua = "(no user agent)"
		}
		fmt.Fprintf(&b, "%s  %s %s, %s, until %s, at %s (server %d)\n", indent, c.Address, c.Transport, ua,
			c.Expires.UTC().Format("2006-01-02 15:04:05 UTC"), c.Server, c.ServerID)
	}
	if st.Warning != "" {
		fmt.Fprintf(&b, "%sWarning: %s\n", indent, st.Warning)
	}
	if st.Hint != "" {
		fmt.Fprintf(&b, "%sHint: %s\n", indent, st.Hint)
	}
	_, err := io.WriteString(out, b.String())
	return err
}
