package portal

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone numbers are parsed and validated with libphonenumber's Go port
// (github.com/nyaruka/phonenumbers): it knows every country's national
// prefix, area codes and lengths, which a hand-written parser would get
// wrong for Austria's variable-length numbers. Only the display of
// Austrian numbers is ours (see FormatNumber).

// ErrBadNumber is wrapped by every error for input that is not a phone
// number; errors.As with *NumberError gives the input and the example.
var ErrBadNumber = errors.New("not a phone number")

// NumberError says which input was refused and how to write it.
type NumberError struct {
	Input  string
	Region string // the region whose national form was tried ("" for any)
}

func (e *NumberError) Error() string {
	intl, national := "+41 44 123 45 67", "044 123 45 67"
	if e.Region == "AT" {
		intl, national = "+43 1 234 56 78", "01 234 56 78"
	}
	return fmt.Sprintf("%q is not a phone number in international format (%s) or national format (%s)", e.Input, intl, national)
}

// Unwrap makes errors.Is(err, ErrBadNumber) true.
func (e *NumberError) Unwrap() error { return ErrBadNumber }

// NumberExample is how a region's customers may write a number (for
// English texts; Voice.NumberExample translates it).
func NumberExample(region string) string {
	if region == "AT" {
		return "01 234 56 78 or +43 1 234 56 78"
	}
	return "044 123 45 67 or +41 44 123 45 67"
}

// maxNumberInput bounds what is parsed: no phone number, however
// punctuated, is longer.
const maxNumberInput = 40

// ParseNumber turns a number as a customer writes it into E.164
// (+41441234567): international (+41 44 123 45 67, 0041441234567,
// +43-1-234 56 78) or national (044 123 45 67, 01 2345678). A national
// number belongs to region (the account's, CH or AT); with region "" it is
// tried in both and accepted if it is valid in exactly one, so customer
// care need not say which.
func ParseNumber(s, region string) (string, error) {
	in := strings.TrimSpace(s)
	bad := &NumberError{Input: in, Region: region}
	if in == "" || len(in) > maxNumberInput || strings.ContainsFunc(in, isNotNumberRune) {
		return "", bad
	}
	if region != "" {
		if e164, ok := parseIn(in, region); ok {
			return e164, nil
		}
		return "", bad
	}
	ch, okCH := parseIn(in, "CH")
	at, okAT := parseIn(in, "AT")
	switch {
	case okCH && okAT && ch != at:
		return "", fmt.Errorf("%q is a valid number in Switzerland and in Austria: write +41 or +43 in front: %w", in, ErrBadNumber)
	case okCH:
		return ch, nil
	case okAT:
		return at, nil
	}
	return "", bad
}

func parseIn(s, region string) (string, bool) {
	n, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// isNotNumberRune refuses letters (vanity numbers, "ext.") and anything
// but digits and the separators people type.
func isNotNumberRune(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r == '+', r == ' ', r == '-', r == '(', r == ')', r == '/', r == '.':
		return false
	}
	return true
}

// NormalizeE164 is ParseNumber without a region: international input, or
// national input valid in exactly one of CH and AT.
func NormalizeE164(s string) (string, error) { return ParseNumber(s, "") }

// FormatNumber formats an E.164 number the way it is written in its
// country: +41 44 123 45 67. Austrian numbers get their subscriber digits
// in groups (+43 1 234 56 78, +43 664 123 45 67), as Austrian providers
// print them; libphonenumber's Austrian format leaves them in one block.
// Input that is not E.164 is returned unchanged.
func FormatNumber(e164 string) string {
	n, err := phonenumbers.Parse(e164, "")
	if err != nil || !strings.HasPrefix(e164, "+") {
		return e164
	}
	if n.GetCountryCode() == 43 {
		nsn := phonenumbers.GetNationalSignificantNumber(n)
		ndc := phonenumbers.GetLengthOfNationalDestinationCode(n)
		if ndc > 0 && ndc < len(nsn) {
			return "+43 " + nsn[:ndc] + " " + groupDigits(nsn[ndc:])
		}
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

// NationalNumber is the number as dialled inside its country: 044 123 45 67.
func NationalNumber(e164 string) string {
	f := FormatNumber(e164)
	cc, rest, ok := strings.Cut(f, " ")
	if !ok || !strings.HasPrefix(cc, "+") {
		return e164
	}
	return "0" + rest
}

// groupDigits splits digits into 3-2-2... from the left (234 56 78), or
// 2-2-2 for an even count (12 34 56).
func groupDigits(d string) string {
	if len(d) <= 4 {
		return d
	}
	first := 3
	if len(d)%2 == 0 {
		first = 2
	}
	parts := []string{d[:first]}
	for i := first; i < len(d); i += 2 {
		parts = append(parts, d[i:min(i+2, len(d))])
	}
	return strings.Join(parts, " ")
}

// NumberMatches reports whether what a customer typed into a search finds
// the number: digits in any of the forms they write (044 555, 0041 44 555,
// +41 44 555, 41445), ignoring spaces and separators. Text that is not
// digits never matches here; the caller matches labels and products.
func NumberMatches(e164, query string) bool { return NewNumberSearch(e164).Matches(query) }

// NumberSearch is a number in the digit forms a search compares with,
// worked out once: the national form costs a libphonenumber parse (about
// 20 µs), too much to repeat for every number on every key of a search.
type NumberSearch struct {
	e164  string
	forms [3]string
}

// NewNumberSearch prepares e164 for NumberSearch.Matches.
func NewNumberSearch(e164 string) NumberSearch {
	intl := strings.TrimPrefix(e164, "+")
	return NumberSearch{e164: e164, forms: [3]string{intl, "00" + intl, strings.ReplaceAll(NationalNumber(e164), " ", "")}}
}

// NumberQuery is what a customer typed into a number search, read once
// per key: Text as typed and, when it is a whole number, the number the
// commands would read from it (ParseNumber in the account's region).
type NumberQuery struct {
	Text string
	e164 string
}

// NewNumberQuery reads a search for an account of region; one
// libphonenumber parse, not one per number searched.
func NewNumberQuery(text, region string) NumberQuery {
	e164, err := ParseNumber(text, region)
	if err != nil {
		e164 = "" // not a whole number: the digits still match
	}
	return NumberQuery{Text: text, e164: e164}
}

// Finds reports whether q finds the number: the whole number the commands
// read from it (credentials '+41 (0)44 123 45 67'), or digits of it in any
// form (Matches).
func (n NumberSearch) Finds(q NumberQuery) bool {
	return q.e164 != "" && q.e164 == n.e164 || n.Matches(q.Text)
}

// Matches is NumberMatches for the prepared number.
func (n NumberSearch) Matches(query string) bool {
	// "+41 (0)44 ...": the national prefix in brackets after the country
	// code, which is not dialled, is no digit of the number; also while
	// it is being typed ("+41 (0").
	query = strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(query), "(0)", ""), "(0")
	q := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '+' || r == '-' || r == '/' || r == '.' || r == '(' || r == ')':
			return -1
		}
		return 'x'
	}, query)
	if q == "" || strings.Contains(q, "x") {
		return false
	}
	for _, f := range n.forms {
		if f != "" && strings.Contains(f, q) {
			return true
		}
	}
	return false
}
