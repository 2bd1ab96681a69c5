package portal

import (
	"errors"
	"strings"
)

// ErrBadNumber is returned for input that is not an E.164 phone number.
var ErrBadNumber = errors.New("not a phone number in international format, e.g. +41 44 123 45 67")

// NormalizeE164 turns what people type (+41 44 123 45 67, 0041441234567,
// +41-44-123-45-67) into E.164 (+41441234567), or ErrBadNumber.
func NormalizeE164(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '/' || r == '.':
		default:
			return "", ErrBadNumber
		}
	}
	n := b.String()
	// E.164: a country code that does not start with 0, at most 15 digits.
	if len(n) < 9 || len(n) > 16 || n[0] != '+' || n[1] == '0' {
		return "", ErrBadNumber
	}
	return n, nil
}

// FormatNumber formats an E.164 number for reading: +41 44 123 45 67
// (Switzerland), +43 1 234 56 78 (Austria), otherwise the country code and
// groups of digits.
func FormatNumber(e164 string) string {
	if len(e164) < 4 || e164[0] != '+' {
		return e164
	}
	switch {
	case strings.HasPrefix(e164, "+41") && len(e164) == 12:
		d := e164[3:] // 9 digits: area/operator (2), then 3-2-2
		return "+41 " + d[0:2] + " " + d[2:5] + " " + d[5:7] + " " + d[7:9]
	case strings.HasPrefix(e164, "+43"):
		d := e164[3:]
		area := 3 // most Austrian area and mobile codes have three digits
		if strings.HasPrefix(d, "1") {
			area = 1 // Vienna
		}
		if len(d) <= area {
			return "+43 " + d
		}
		return "+43 " + d[:area] + " " + groupDigits(d[area:])
	}
	cc := 2
	if len(e164) > 12 {
		cc = 3
	}
	return e164[:1+cc] + " " + groupDigits(e164[1+cc:])
}

// groupDigits splits digits into 3-2-2... from the left, the way Swiss and
// Austrian numbers are usually written (234 56 78).
func groupDigits(d string) string {
	var parts []string
	first := 3
	if len(d) <= 4 {
		return d
	}
	if len(d)%2 == 0 {
		first = 2
	}
	parts = append(parts, d[:first])
	for i := first; i < len(d); i += 2 {
		end := min(i+2, len(d))
		parts = append(parts, d[i:end])
	}
	return strings.Join(parts, " ")
}
