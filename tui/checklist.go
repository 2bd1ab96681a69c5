package tui

import (
	"strings"

	"github.com/sipdesk/sipdesk/portal"
)

// passwordChecklist is the live list of the password policy's rules, ticked
// as the user types; every form that sets a password shows it.
func passwordChecklist(s Styles, pw, repeat string) string {
	var b strings.Builder
	for _, r := range portal.CheckPassword(pw) {
		if r.Met {
			b.WriteString(s.OK.Render("✓ "+r.Rule.Label) + "\n")
		} else {
			b.WriteString(s.Muted.Render("✗ "+r.Rule.Label) + "\n")
		}
	}
	if repeat != "" && repeat != pw {
		b.WriteString(s.Error.Render("✗ the two new passwords differ") + "\n")
	}
	return b.String()
}
