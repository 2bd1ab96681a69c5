package tui

import (
	"strings"

	"github.com/sipdesk/sipdesk/portal"
)

// matchesNumber reports whether a number matches the search: any part of
// its number in every form a customer writes it (portal.NumberMatches:
// 044 555..., 0041 44..., +41 44...), or of its product in the customer's
// language or in English, its label or its status. NumberMatches parses
// the query (about 20 µs); a list of a few dozen numbers filters in well
// under a millisecond per key, so there is nothing to cache.
func matchesNumber(v portal.Voice, n portal.NumberView, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	text := strings.ToLower(strings.Join([]string{n.Formatted, n.E164, v.Product(n.Product), n.ProductLabel(), string(n.Product), n.Label, n.Status}, " "))
	return strings.Contains(text, q) || portal.NumberMatches(n.E164, q)
}
