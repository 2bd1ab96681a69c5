package cmdkit

import (
	"bytes"
	"strings"
	"testing"
)

// A typed word keeps its non-ASCII letters ("sì" on an Italian keyboard),
// and backspace takes back a whole character, not one of its bytes.
func TestReadLineKeepsAccentedLettersWhole(t *testing.T) {
	t.Parallel()
	for typed, want := range map[string]string{
		"sì\r":           "sì",
		"oui\r":          "oui",
		"sìx\x7f\r":      "sì",
		"sì\x7f\x7fja\r": "ja",
		"j a 1\r":        "ja",
		"\x7f\x7fyes\n":  "yes",
	} {
		var echo bytes.Buffer
		got, err := ReadLine(strings.NewReader(typed), &echo, IsWordByte, 16)
		if err != nil || got != want {
			t.Errorf("typed %q: %q, %v; want %q", typed, got, err, want)
		}
	}
}
