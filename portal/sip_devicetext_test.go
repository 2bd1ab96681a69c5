package portal

import (
	"strings"
	"testing"
)

// A device chooses its user agent and contact; an escape sequence in them
// must not reach the customer's or customer care's terminal.
func TestDeviceTextIsSafeForATerminal(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"Yealink SIP-T46S 66.86.0.15", "Yealink SIP-T46S 66.86.0.15"},
		{"evil\x1b]52;c;aGk=\x07phone", "evil]52;c;aGk=phone"},
		{"line\r\nbreak\tand\u009bCSI", "linebreakandCSI"},
		{"bad \xff utf-8", "bad  utf-8"},
		{"FRITZ!Box 7590 (UI) 8.00 — ünïcode", "FRITZ!Box 7590 (UI) 8.00 — ünïcode"},
		{strings.Repeat("x", 500), strings.Repeat("x", maxDeviceText-1) + "…"},
	} {
		if got := deviceText(c.in); got != c.want {
			t.Errorf("deviceText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
