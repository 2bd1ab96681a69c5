package i18n

import (
	"strings"
	"testing"
	"time"
)

func TestClockFormats(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 21, 31, 0, 0, time.UTC)  // 22:31 in Zurich and Vienna (CET)
	summer := time.Date(2026, 7, 5, 6, 7, 0, 0, time.UTC) // 08:07 (CEST)
	cases := []struct {
		loc        Locale
		t          time.Time
		date, full string
	}{
		{DeCH, at, "1.12.2026", "1.12.2026 22:31"},
		{DeAT, at, "1.12.2026", "1.12.2026 22:31"},
		{FrCH, at, "01.12.2026", "01.12.2026 22:31"},
		{ItCH, at, "1.12.2026", "1.12.2026 22:31"},
		{EnCH, at, "1 Dec 2026", "1 Dec 2026 22:31"},
		{DeCH, summer, "5.7.2026", "5.7.2026 08:07"},
		{FrCH, summer, "05.07.2026", "05.07.2026 08:07"},
	}
	for _, c := range cases {
		clock := Clock{Locale: c.loc}
		if got := clock.Date(c.t); got != c.date {
			t.Errorf("%s Date = %q, want %q", c.loc, got, c.date)
		}
		if got := clock.DateTime(c.t); got != c.full || strings.Contains(got, "UTC") {
			t.Errorf("%s DateTime = %q, want %q", c.loc, got, c.full)
		}
	}
}

func TestZones(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 21, 31, 0, 0, time.UTC)
	if got := (Clock{Locale: DeCH, Zone: Zone("America/New_York", "CH")}).Time(at); got != "16:31" {
		t.Errorf("account override: %q", got)
	}
	if got := Zone("", "AT").String(); got != "Europe/Vienna" {
		t.Errorf("AT zone = %s", got)
	}
	if got := Zone("Mars/Olympus", "CH").String(); got != "Europe/Zurich" {
		t.Errorf("invalid setting falls back to the region: %s", got)
	}
	// Other spellings of a valid name would each be cached as a new zone.
	for _, bad := range []string{"UTC", "Local", "CET", "", "Europe/Nowhere", "../../etc/passwd", "Europe/./Zurich", "Europe//Zurich", "/Europe/Zurich", "Europe/Zurich/"} {
		if _, err := ParseZone(bad); err == nil {
			t.Errorf("ParseZone(%q) accepted", bad)
		}
	}
	if _, err := ParseZone("Europe/Vienna"); err != nil {
		t.Error(err)
	}
}
