package tui

import (
	"strings"

	"github.com/sipdesk/sipdesk/portal"
)

// passwordChecklist is the live list of the password policy's rules, ticked
// as the user types; every form that sets a password shows it.
func passwordChecklist(c Common, pw, repeat string) string {
	s, v := c.Styles, c.V()
	var b strings.Builder
	for _, r := range portal.CheckPassword(pw) {
		if r.Met {
			b.WriteString(s.OK.Render("✓ "+v.RuleLabel(r.Rule)) + "\n")
		} else {
			b.WriteString(s.Muted.Render("✗ "+v.RuleLabel(r.Rule)) + "\n")
		}
	}
	if repeat != "" && repeat != pw {
		b.WriteString(s.Error.Render(c.T("account.passwords_differ")) + "\n")
	}
	return b.String()
}
