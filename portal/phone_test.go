package portal

import "testing"

func TestNormalizeAndFormatNumbers(t *testing.T) {
	tests := []struct{ in, e164, formatted string }{
		{"+41 44 123 45 67", "+41441234567", "+41 44 123 45 67"},
		{"0041441234567", "+41441234567", "+41 44 123 45 67"},
		{"+41-79-555-12-34", "+41795551234", "+41 79 555 12 34"},
		{"+43 1 234 56 78", "+4312345678", "+43 1 234 56 78"},
		{"+43 316 123456", "+43316123456", "+43 316 12 34 56"},
		{"+43 664 1234567", "+436641234567", "+43 664 123 45 67"},
		{"+49 30 1234567", "+49301234567", "+49 301 23 45 67"},
	}
	for _, tt := range tests {
		got, err := NormalizeE164(tt.in)
		if err != nil || got != tt.e164 {
			t.Errorf("NormalizeE164(%q) = %q, %v; want %q", tt.in, got, err, tt.e164)
			continue
		}
		if f := FormatNumber(got); f != tt.formatted {
			t.Errorf("FormatNumber(%q) = %q, want %q", got, f, tt.formatted)
		}
	}
	for _, bad := range []string{"", "12345", "+0441234567", "+41 44 abc", "+4144123456789012", "044 123 45 67"} {
		if _, err := NormalizeE164(bad); err == nil {
			t.Errorf("NormalizeE164(%q) accepted", bad)
		}
	}
}

func TestProducts(t *testing.T) {
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
	for s, want := range map[string]bool{"1234": true, "12345": true, "123": false, "123456": false, "12a4": false, "alice@example.ch": false, "+123": false} {
		if IsOldCustomerNumber(s) != want {
			t.Errorf("IsOldCustomerNumber(%q) = %v", s, !want)
		}
	}
}
