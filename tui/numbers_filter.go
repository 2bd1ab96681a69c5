package tui

import (
	"strings"

	"github.com/sipdesk/sipdesk/portal"
)

// matchesNumber reports whether a number matches the search: any part of
// its number in every form a customer writes it (portal.NumberSearch:
// 044 555..., 0041 44..., +41 (0)44..., +41 44...), the whole number as
// the commands read it (portal.NumberQuery, parsed once per key), or any
// part of its product in the customer's language or in English, its label
// or its status. The digit forms come prepared (ns): working out the
// national form on every key cost 25 µs a number (BenchmarkNumbersSearch:
// 620 µs for 25 numbers, 39 µs prepared).
func matchesNumber(v portal.Voice, n portal.NumberView, ns portal.NumberSearch, query portal.NumberQuery) bool {
	q := strings.ToLower(strings.TrimSpace(query.Text))
	if q == "" {
		return true
	}
	text := strings.ToLower(strings.Join([]string{n.Formatted, n.E164, v.Product(n.Product), n.ProductLabel(), string(n.Product), n.Label, n.Status}, " "))
	return strings.Contains(text, q) || ns.Finds(query)
}
