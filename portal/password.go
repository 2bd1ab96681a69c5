package portal

import (
	"fmt"
	"strings"
	"unicode"
)

// PasswordSpecials are the special characters the FAQ allows in a login
// password, in the FAQ's order.
const PasswordSpecials = "+-*!@/(){}[]|;#%=?^$&_.,"

// MinPasswordLength is the FAQ's minimum length.
const MinPasswordLength = 10

// PasswordRule is one rule of the login password policy.
type PasswordRule struct {
	ID    string
	Label string // shown in the live checklist and in errors
	Check func(pw string) bool
}

// PasswordRules is the one password policy every path that sets a password
// uses (change, reset, welcome). Order is the order the checklist shows.
var PasswordRules = []PasswordRule{
	{"length", fmt.Sprintf("at least %d characters", MinPasswordLength), func(pw string) bool {
		return len([]rune(pw)) >= MinPasswordLength
	}},
	{"upper", "an upper-case letter (A-Z)", func(pw string) bool { return strings.ContainsFunc(pw, isASCIIUpper) }},
	{"lower", "a lower-case letter (a-z)", func(pw string) bool { return strings.ContainsFunc(pw, isASCIILower) }},
	{"digit", "a number (0-9)", func(pw string) bool { return strings.ContainsFunc(pw, isASCIIDigit) }},
	{"special", "a special character of " + PasswordSpecials, func(pw string) bool {
		return strings.ContainsAny(pw, PasswordSpecials)
	}},
	{"nospace", "no spaces", func(pw string) bool { return !strings.ContainsFunc(pw, unicode.IsSpace) }},
	{"ascii", "no umlauts or other characters outside A-Z, a-z, 0-9 and the special characters", func(pw string) bool {
		for _, r := range pw {
			if unicode.IsSpace(r) {
				continue // reported by the "no spaces" rule
			}
			if !isASCIIUpper(r) && !isASCIILower(r) && !isASCIIDigit(r) && !strings.ContainsRune(PasswordSpecials, r) {
				return false
			}
		}
		return true
	}},
}

func isASCIIUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
func isASCIILower(r rune) bool { return r >= 'a' && r <= 'z' }
func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// RuleResult is one line of the live checklist.
type RuleResult struct {
	Rule PasswordRule
	Met  bool
}

// CheckPassword evaluates every rule, for the live checklist.
func CheckPassword(pw string) []RuleResult {
	out := make([]RuleResult, len(PasswordRules))
	for i, r := range PasswordRules {
		out[i] = RuleResult{Rule: r, Met: r.Check(pw)}
	}
	return out
}

// PolicyError names every unmet rule of the password policy.
type PolicyError struct {
	Unmet   []string // the rules' English labels
	UnmetID []string // the rules' IDs, for a translated text (Voice.Error)
}

func (e *PolicyError) Error() string {
	return "the new password does not meet the requirements: it needs " + strings.Join(e.Unmet, "; ")
}

// ValidatePassword returns a *PolicyError naming each unmet rule, or nil.
func ValidatePassword(pw string) error {
	var unmet, ids []string
	for _, r := range CheckPassword(pw) {
		if !r.Met {
			unmet, ids = append(unmet, r.Rule.Label), append(ids, r.Rule.ID)
		}
	}
	if len(unmet) > 0 {
		return &PolicyError{Unmet: unmet, UnmetID: ids}
	}
	return nil
}
