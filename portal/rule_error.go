package portal

import (
	"errors"
	"strconv"

	"github.com/sipdesk/sipdesk/i18n"
)

// english writes a rule error's Error(): the catalogue's English text, so a
// refusal is worded once for logs, tests and English-speaking customers.
var english = i18n.NewPrinter(i18n.EnCH)

// ruleError is a refusal of the key or session rules: errors.Is matches
// its kind (ErrKeyInvalid, ErrSessionNotFound, ...), Voice.Error words its
// specific reason in the customer's language from the catalogue key.
type ruleError struct {
	kind error
	key  string
	args []any
}

func (e *ruleError) Error() string        { return english.T(e.key, e.args...) }
func (e *ruleError) Is(target error) bool { return target == e.kind }

func refuse(kind error, key string, args ...any) error {
	return &ruleError{kind: kind, key: key, args: args}
}

// keyRefused is a key line the key policy refuses.
func keyRefused(key string, args ...any) error { return refuse(ErrKeyInvalid, key, args...) }

// digits is n without the locale's grouping: key sizes and byte limits are
// technical numbers (3072 bits, not 3’072).
func digits(n int) string { return strconv.Itoa(n) }

// ruleText is the text of a ruleError in err's chain in v's language.
func (v Voice) ruleText(err error) (string, bool) {
	var re *ruleError
	if !errors.As(err, &re) {
		return "", false
	}
	return v.T(re.key, re.args...), true
}
