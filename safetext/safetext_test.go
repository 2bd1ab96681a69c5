package safetext_test

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/safetext"
)

// The attacks of issue 11: a key comment that sets the clipboard and
// clears the screen, a C1 CSI, and a right-to-left override.
var hostile = []struct{ name, in, escaped string }{
	{"C0 OSC 52 and clear", "laptop\x1b]52;c;ZWNobyBwd25lZA==\a\x1b[2J", `laptop\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J`},
	{"C1 CSI", "Alice\u009b2J", `Alice\u009b2J`},
	{"C1 NEL", "a\u0085b", `a\u0085b`},
	{"bidi override", "invoice\u202Egpj.exe", `invoice\u202egpj.exe`},
	{"bidi isolate", "x\u2066y\u2069", `x\u2066y\u2069`},
	{"DEL", "a\x7fb", `a\x7fb`},
	{"newline", "a\nforged line", `a\x0aforged line`},
	{"invalid UTF-8", "a\xffb", `a\xffb`},
}

func TestHostileTextIsRefusedOnInput(t *testing.T) {
	t.Parallel()
	for _, tc := range hostile {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := safetext.Check("--name", tc.in)
			if err == nil || !strings.HasPrefix(err.Error(), "--name ") {
				t.Fatalf("Check(%q) = %v, want a refusal naming --name", tc.in, err)
			}
		})
	}
}

func TestHostileTextIsEscapedOnOutput(t *testing.T) {
	t.Parallel()
	for _, tc := range hostile {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := safetext.Escape(tc.in)
			if got != tc.escaped {
				t.Fatalf("Escape(%q) = %q, want %q", tc.in, got, tc.escaped)
			}
			if safetext.Has(got) {
				t.Fatalf("Escape(%q) still holds an unsafe character", tc.in)
			}
		})
	}
}

func TestOrdinaryTextPasses(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"Zürich Büro", "Ελληνικά", "שלום עולם", "名前", "O'Brien & Co. <care>", "emoji 📞", `back\slash`} {
		if err := safetext.Check("--label", s); err != nil {
			t.Errorf("Check(%q) = %v", s, err)
		}
		if got := safetext.Escape(s); got != s {
			t.Errorf("Escape(%q) = %q", s, got)
		}
	}
}

func TestRefusalNamesTheCharacter(t *testing.T) {
	t.Parallel()
	err := safetext.Check("--label", "Büro\u202e")
	want := "--label contains the text-direction character U+202E at byte 5; control and text-direction characters are not allowed"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}
