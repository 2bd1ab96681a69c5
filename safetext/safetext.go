// Package safetext is the one rule for user-controlled text that reaches
// someone's terminal, mailbox or log: names, labels, key comments, email
// addresses, file names. Control characters (C0, DEL, C1 U+0080–U+009F)
// can move the cursor, clear a screen, set a window title or write the
// clipboard (OSC 52) of whoever reads them, and bidi overrides and
// isolates make text read differently from what it is ("Trojan Source").
// Input carrying them is refused (Check); text already stored, or coming
// from elsewhere, is escaped on output (Escape) so that a reader sees the
// characters instead of obeying them.
//
// It is written here rather than taken from a library because the rule is
// a dozen lines and every face (portal, mail, TUI, logs) must share it
// exactly; x/text's bidi package classifies but does not decide this.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r must never reach a terminal as it is: C0
// controls, DEL, C1 controls, and the bidi marks, embeddings, overrides
// and isolates.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // arabic letter mark, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// Has reports whether s holds an unsafe character or invalid UTF-8.
func Has(s string) bool {
	return !utf8.ValidString(s) || strings.ContainsFunc(s, Unsafe)
}

// Check refuses text with an unsafe character, naming the field and the
// first such character so the person can find and remove it.
func Check(field, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8 text", field)
	}
	for i, r := range s {
		if Unsafe(r) {
			return fmt.Errorf("%s contains the %s U+%04X at byte %d; control and text-direction characters are not allowed",
				field, kind(r), r, i)
		}
	}
	return nil
}

func kind(r rune) string {
	switch {
	case r < 0x20 || r == 0x7f:
		return "control character"
	case r >= 0x80 && r <= 0x9f:
		return "C1 control character"
	}
	return "text-direction character"
}

// Escape returns s with every unsafe character (and every byte of invalid
// UTF-8) written as a visible Go-style escape: \x1b, \u202e. A backslash
// is left alone: the escapes are for people to read, not to be decoded.
func Escape(s string) string {
	if !Has(s) {
		return s // the common case allocates nothing
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case r < 0x80 && Unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}
