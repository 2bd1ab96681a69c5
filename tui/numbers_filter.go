package tui

import (
	"strings"

	"github.com/sipdesk/sipdesk/portal"
)

// matchesNumber reports whether a number matches the search: any part of
// its number (also typed as 044 555...), product, label or status.
func matchesNumber(n portal.NumberView, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	text := strings.ToLower(strings.Join([]string{n.Formatted, n.E164, n.ProductLabel(), string(n.Product), n.Label, n.Status}, " "))
	if strings.Contains(text, q) {
		return true
	}
	// Digits alone: compare with the digits of the number, international
	// (41445550199) and national (0445550199).
	qd := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '+' || r == '-':
			return -1
		}
		return 'x'
	}, q)
	if qd == "" || strings.Contains(qd, "x") {
		return false
	}
	intl := strings.TrimPrefix(n.E164, "+")
	national := ""
	if len(intl) > 2 {
		national = "0" + intl[2:]
	}
	return strings.Contains(intl, qd) || strings.Contains(national, qd)
}
