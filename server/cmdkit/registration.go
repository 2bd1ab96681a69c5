package cmdkit

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// WriteRegistration prints a number's live registration status, each line
// after indent: registered or not, every contact (address, transport, user
// agent, expiry, SIP server), and the warning or hint when set. Nothing is
// printed when no registrar is configured (the status is not Known).
//
// A customer reads it in v's language with expiries in local time;
// customer care (v without a Printer) reads English with times in UTC,
// the zone named, as every admin command shows them.
func WriteRegistration(out io.Writer, indent string, st portal.RegistrationStatus, v portal.Voice) error {
	return WriteRegistrationAt(out, indent, 0, st, v)
}

// WriteRegistrationAt is WriteRegistration with the state at column (after
// indent, at least two spaces after the label), so it lines up with the
// rows of a table printed above it, as `credentials` prints the card.
// Column 0 is WriteRegistration's own: 15, or three spaces after a
// longer label.
func WriteRegistrationAt(out io.Writer, indent string, column int, st portal.RegistrationStatus, v portal.Voice) error {
	if !st.Known {
		return nil
	}
	care := v.Printer == nil
	if care {
		v = portal.Voice{Printer: i18n.NewPrinter(i18n.EnCH), Clock: i18n.Clock{Locale: i18n.EnCH, Zone: time.UTC}}
	}
	until := func(t time.Time) string {
		if care {
			return t.UTC().Format("2006-01-02 15:04:05 UTC")
		}
		return v.Clock.Date(t) + " " + v.Clock.TimeSeconds(t)
	}
	var b strings.Builder
	state := v.T("sip.not_registered")
	switch n := len(st.Contacts); {
	case n == 1:
		state = v.T("sip.registered_one")
	case n > 1:
		state = v.T("sip.registered_many", n)
	}
	label := v.T("sip.registration")
	pad := max(column-utf8.RuneCountInString(label), 2)
	if column == 0 {
		pad = max(15-utf8.RuneCountInString(label), 3)
	}
	fmt.Fprintf(&b, "%s%s%s%s\n", indent, label, strings.Repeat(" ", pad), state)
	for _, c := range st.Contacts {
		ua := c.UserAgent
		if ua == "" {
			ua = v.T("sip.no_user_agent")
		}
		fmt.Fprintf(&b, "%s  %s\n", indent, v.T("sip.contact_line", c.Address, c.Transport, ua, until(c.Expires), c.Server, c.ServerID))
	}
	if st.Warning != "" {
		text := st.Warning
		if text == portal.SeveralServersWarning {
			text = v.T("sip.several_servers")
		}
		fmt.Fprintf(&b, "%s%s\n", indent, v.T("sip.warning", text))
	}
	if st.Hint != "" {
		text := st.Hint
		if text == portal.NotRegisteredHint {
			text = v.T("sip.not_registered_hint")
		}
		fmt.Fprintf(&b, "%s%s\n", indent, v.T("sip.hint", text))
	}
	_, err := io.WriteString(out, b.String())
	return err
}
