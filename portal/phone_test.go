package portal

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAndFormatNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, region, e164, formatted string }{
		// Swiss customers write national, international and 00 forms.
		{"044 123 45 67", "CH", "+41441234567", "+41 44 123 45 67"},
		{"0441234567", "CH", "+41441234567", "+41 44 123 45 67"},
		{"0041441234567", "CH", "+41441234567", "+41 44 123 45 67"},
		{"+41 44 123 45 67", "CH", "+41441234567", "+41 44 123 45 67"},
		{"+41-79-555-12-34", "CH", "+41795551234", "+41 79 555 12 34"},
		{"(044) 123 45 67", "CH", "+41441234567", "+41 44 123 45 67"},
		// Austrian customers: Vienna's 1, Graz's 316, a mobile 664.
		{"01 2345678", "AT", "+4312345678", "+43 1 234 56 78"},
		{"0043 1 2345678", "AT", "+4312345678", "+43 1 234 56 78"},
		{"+43 1 234 56 78", "AT", "+4312345678", "+43 1 234 56 78"},
		{"0316 123456", "AT", "+43316123456", "+43 316 12 34 56"},
		{"0664/1234567", "AT", "+436641234567", "+43 664 123 45 67"},
		// International input does not depend on the region.
		{"+43 1 234 56 78", "CH", "+4312345678", "+43 1 234 56 78"},
		{"0041 44 123 45 67", "AT", "+41441234567", "+41 44 123 45 67"},
		{"+49 30 1234567", "CH", "+49301234567", "+49 30 1234567"},
		// No region (customer care): a national number valid in one country.
		{"044 123 45 67", "", "+41441234567", "+41 44 123 45 67"},
		{"01 2345678", "", "+4312345678", "+43 1 234 56 78"},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in, tt.region)
		if err != nil || got != tt.e164 {
			t.Errorf("ParseNumber(%q, %q) = %q, %v; want %q", tt.in, tt.region, got, err, tt.e164)
			continue
		}
		if f := FormatNumber(got); f != tt.formatted {
			t.Errorf("FormatNumber(%q) = %q, want %q", got, f, tt.formatted)
		}
	}
	for _, bad := range []struct{ in, region string }{
		{"", "CH"}, {"12345", "CH"}, {"+0441234567", "CH"}, {"+41 44 abc", "CH"},
		{"+4144123456789012", "CH"}, {"01 2345678", "CH"}, {"044 123 45 67", "AT"},
		{"0800-FLOWERS", "CH"}, {"044 123 45 67\x1b[2J", "CH"}, {strings.Repeat("1", 200), "CH"},
	} {
		_, err := ParseNumber(bad.in, bad.region)
		var ne *NumberError
		if !errors.Is(err, ErrBadNumber) {
			t.Errorf("ParseNumber(%q, %q) accepted", bad.in, bad.region)
		} else if errors.As(err, &ne) && !strings.Contains(err.Error(), "national format (0") {
			t.Errorf("error %q does not show how to write a number", err)
		}
	}
}

func TestNationalNumberAndSearch(t *testing.T) {
	t.Parallel()
	if got := NationalNumber("+41441234567"); got != "044 123 45 67" {
		t.Errorf("NationalNumber CH = %q", got)
	}
	if got := NationalNumber("+4312345678"); got != "01 234 56 78" {
		t.Errorf("NationalNumber AT = %q", got)
	}
	for q, want := range map[string]bool{
		"044 555": true, "0445550199": true, "+41 44 555": true, "0041 44 555 01": true, "41445": true,
		"555 01 99": true, "043": false, "office": false, "": false, "+43": false,
		"+41 (0)44 555": true, "+41 (0": true, "0041 (0)44 555 01 99": true, "+41(0)445550199": true,
	} {
		if got := NumberMatches("+41445550199", q); got != want {
			t.Errorf("NumberMatches(+41445550199, %q) = %v", q, got)
		}
	}
}

// A whole number in a search is read as the commands read it, in the
// account's region.
func TestNumberQueryFindsWholeNumbersAsTheCommandsRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		e164, region, query string
		want                bool
	}{
		{"+41445550199", "CH", "+41 (0)44 555 01 99", true},
		{"+41445550199", "CH", "+41 (0) 44 555 01 99", true},
		{"+41445550199", "CH", "044 555 01 99", true},
		{"+41445550199", "CH", "+41 044 555 01 99", true}, // no digit form, a whole number
		{"+4312345678", "AT", "+43 (0)1 234 56 78", true},
		{"+4312345678", "AT", "01 234 56 78", true},
		{"+41445550199", "CH", "+41 (0)44 555 01 98", false},
		{"+41445550199", "CH", "Teams", false},
	} {
		if got := NewNumberSearch(tc.e164).Finds(NewNumberQuery(tc.query, tc.region)); got != tc.want {
			t.Errorf("%s in %s finds %s: %v, want %v", tc.query, tc.region, tc.e164, got, tc.want)
		}
	}
}

func TestProducts(t *testing.T) {
	t.Parallel()
	with := map[Product]bool{ProductPBX: true, ProductTrunk: true, ProductTeams: false, ProductTrunkParticipant: false, ProductNone: false}
	for p, want := range with {
		if p.HasSIPCredentials() != want {
			t.Errorf("%s: HasSIPCredentials = %v", p, !want)
		}
		if q, err := ParseProduct(string(p)); err != nil || q != p {
			t.Errorf("ParseProduct(%s) = %v %v", p, q, err)
		}
	}
	if _, err := ParseProduct("fax"); err == nil {
		t.Error("unknown product parsed")
	}
}

func TestOldCustomerNumber(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"1234": true, "12345": true, "123": false, "123456": false, "12a4": false, "alice@example.ch": false, "+123": false} {
		if IsOldCustomerNumber(s) != want {
			t.Errorf("IsOldCustomerNumber(%q) = %v", s, !want)
		}
	}
}
