package i18n

import "golang.org/x/text/number"

// Decimal writes x with exactly digits decimals in the locale's way, as
// the catalogue's %.1f and %g do: 1.5 in de-CH, it-CH and English, 1,5 in
// de-AT and fr-CH (CLDR). For numbers that reach a text already formatted
// (a stored "0.02 s").
func (p *Printer) Decimal(x float64, digits int) string {
	return p.p.Sprint(number.Decimal(x, number.MinFractionDigits(digits), number.MaxFractionDigits(digits)))
}
