package i18n

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ConfirmWord is the word a typed confirmation asks for in p's language
// ("ja", "oui", "sì", "yes"); the prompt names it.
func (p *Printer) ConfirmWord() string { return p.T("confirm.word") }

// ConfirmKey is the key that answers a yes/no question in the full-screen
// portal in p's language ("j", "o", "s", "y"); y is taken everywhere too.
func (p *Printer) ConfirmKey() string { return p.T("confirm.key") }

// Confirms reports whether typed says yes: the language's word or the
// English "yes", in any case, with or without its accent ("sì", "si",
// "SI"), as people type it on keyboards that have no ì.
func (p *Printer) Confirms(typed string) bool {
	t := fold(typed)
	return t != "" && (t == fold(p.ConfirmWord()) || t == "yes")
}

// fold is s trimmed, in lower case and without accents, for comparing a
// typed word: "Sì" and "si" are the same answer.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.TrimSpace(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
