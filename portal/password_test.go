package portal

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		pw    string
		unmet []string // rule IDs expected to fail
	}{
		{"valid", "Sunshine-2026", nil},
		{"valid with every class once", "abcdefgH1!", nil},
		{"too short", "Ab1!xyz", []string{"length"}},
		{"exactly ten", "Abcdefg1!x", nil},
		{"no upper", "sunshine-2026", []string{"upper"}},
		{"no lower", "SUNSHINE-2026", []string{"lower"}},
		{"no digit", "Sunshine-abc", []string{"digit"}},
		{"no special", "Sunshine2026", []string{"special"}},
		{"space", "Sun shine-2026", []string{"nospace"}},
		{"tab", "Sun\tshine-2026", []string{"nospace"}},
		{"umlaut", "Sönnenschein-2026", []string{"ascii"}},
		{"accented é", "Soleilé-2026x", []string{"ascii"}},
		{"à and ë", "Voilàëx-2026", []string{"ascii"}},
		{"emoji", "Sunshine-2026🙂", []string{"ascii"}},
		{"special outside the set", "Sunshine~2026", []string{"special", "ascii"}},
		{"quote outside the set", "Sunshine\"2026", []string{"special", "ascii"}},
		{"non-breaking space", "Sunshine\u00a0-2026", []string{"nospace"}},
		{"cyrillic a", "Sunshinе-2026", []string{"ascii"}}, // the е is Cyrillic
		{"empty", "", []string{"length", "upper", "lower", "digit", "special"}},
		{"all wrong", "ä ö", []string{"length", "upper", "lower", "digit", "special", "nospace", "ascii"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range CheckPassword(tt.pw) {
				if !r.Met {
					got = append(got, r.Rule.ID)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.unmet, ",") {
				t.Fatalf("unmet rules %v, want %v", got, tt.unmet)
			}
			err := ValidatePassword(tt.pw)
			if (err == nil) != (len(tt.unmet) == 0) {
				t.Fatalf("ValidatePassword = %v", err)
			}
			var pe *PolicyError
			if err != nil && (!errors.As(err, &pe) || len(pe.Unmet) != len(tt.unmet)) {
				t.Fatalf("error does not name each unmet rule: %v", err)
			}
		})
	}
}

func TestEverySpecialCharacterCounts(t *testing.T) {
	t.Parallel()
	for _, c := range PasswordSpecials {
		pw := "Abcdefgh1" + string(c)
		if err := ValidatePassword(pw); err != nil {
			t.Errorf("special %q refused: %v", c, err)
		}
	}
}

func TestPolicyErrorNamesEveryUnmetRule(t *testing.T) {
	t.Parallel()
	err := ValidatePassword("abc")
	for _, want := range []string{"at least 10 characters", "upper-case", "a number", "special character"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestGeneratedPasswordsMeetThePolicy(t *testing.T) {
	t.Parallel()
	for range 200 {
		if pw := GeneratePassword(); ValidatePassword(pw) != nil {
			t.Fatalf("generated %q breaks the policy: %v", pw, ValidatePassword(pw))
		}
	}
}
