package i18n

import "testing"

// Each locale writes decimals one way, the CLDR's: a point in Swiss German
// and Swiss Italian (and English), a comma in Austrian German and Swiss
// French; %g, %.1f and Decimal agree.
func TestDecimalsFollowTheLocale(t *testing.T) {
	t.Parallel()
	for loc, want := range map[Locale][3]string{
		DeCH: {"1.5", "24.0", "0.00002"},
		ItCH: {"1.5", "24.0", "0.00002"},
		EnCH: {"1.5", "24.0", "0.00002"},
		DeAT: {"1,5", "24,0", "0,00002"},
		FrCH: {"1,5", "24,0", "0,00002"},
	} {
		p := NewPrinter(loc)
		got := [3]string{p.p.Sprintf("%g", 1.5), p.p.Sprintf("%.1f", 24.0), p.Decimal(0.00002, 5)}
		if got != want {
			t.Errorf("%s: %q, want %q", loc, got, want)
		}
		if d := p.Decimal(1.5, 1); d != want[0] {
			t.Errorf("%s: Decimal(1.5, 1) = %q, want %q", loc, d, want[0])
		}
	}
}
