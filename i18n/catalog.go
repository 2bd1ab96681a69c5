package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// msg is one text in every language. Texts are printf formats of
// golang.org/x/text/message: %s for text, %d for a count (printed with the
// locale's grouping: 1’572’864), %[2]s to reorder. German is written once
// in standard spelling; see swiss and austrian for its two variants.
type msg struct {
	key            string
	en, de, fr, it string
	// deCH and deAT replace the derived German variant where the words
	// themselves differ, not just the spelling.
	deCH, deAT string
}

// pluralMsg is a text whose words follow a count: its arg-th argument
// (1-based, a %d) selects the CLDR plural form, one or other. French counts
// 0 as one ("0 numéro"), which the CLDR rules take care of.
type pluralMsg struct {
	key            string
	arg            int
	en, de, fr, it [2]string // one, other
}

// tables is every catalogue table; each messages_*.go file adds its own
// with an init-free var so the package stays declarative.
func tables() [][]msg {
	return [][]msg{commonMessages, loginMessages, tuiMessages, keyMessages, musicPageMessages, formMessages, commandMoreMessages, accountMessages, numberMessages, musicMessages, commandMessages, sipMessages, securityMessages, securityCommandMessages, securityEventMessages, securityHelpMessages, securityRuleMessages, deviceCommandMessages, musicLimitMessages, sipDomainMessages, copyMessages, copyManyMessages, langMessages, flagMessages, musicFailureMessages, musicReasonMessages, sessionPanicMessages, sipConfigMessages, securityDetailMessages}
}

func pluralTables() [][]pluralMsg {
	return [][]pluralMsg{pluralMessages, langPluralMessages, securityDetailPluralMessages}
}

// swiss writes German the Swiss way: "ss" for "ß" (Swiss Standard German
// has no ß).
func swiss(s string) string { return strings.ReplaceAll(s, "ß", "ss") }

// austrianWords are the product words Austrian customers know in another
// form; the FAQ's Swiss terms are the default.
var austrianWords = strings.NewReplacer("Authentisierung", "Authentifizierung")

func austrian(s string) string { return austrianWords.Replace(s) }

// GermanFor turns German written in standard spelling with the FAQ's terms
// into the region's usage: Swiss ("ss" for "ß") for CH, Austrian words for
// AT. Longer texts kept outside the catalogue (mail templates) use it so
// German is written once.
func GermanFor(region, s string) string {
	if region == RegionAT {
		return austrian(s)
	}
	return swiss(s)
}

// textsOf is the text of m for each supported locale.
func textsOf(m msg) map[Locale]string {
	de, at := swiss(m.de), austrian(m.de)
	if m.deCH != "" {
		de = m.deCH
	}
	if m.deAT != "" {
		at = m.deAT
	}
	return map[Locale]string{EnCH: m.en, DeCH: de, DeAT: at, FrCH: m.fr, ItCH: m.it}
}

func pluralTextsOf(m pluralMsg) map[Locale][2]string {
	f := func(t [2]string, g func(string) string) [2]string { return [2]string{g(t[0]), g(t[1])} }
	return map[Locale][2]string{EnCH: m.en, DeCH: f(m.de, swiss), DeAT: f(m.de, austrian), FrCH: m.fr, ItCH: m.it}
}

// supported are the locales with texts, in a fixed order for tests.
var supported = []Locale{DeCH, DeAT, FrCH, ItCH, EnCH}

// cat is built once from the tables; a duplicate key is a programming
// error caught by the tests (and at start-up).
var cat = mustBuild()

func mustBuild() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	seen := map[string]bool{}
	add := func(key string) {
		if seen[key] {
			panic("i18n: duplicate message key " + key)
		}
		seen[key] = true
	}
	for _, t := range tables() {
		for _, m := range t {
			add(m.key)
			for loc, text := range textsOf(m) {
				if err := b.SetString(loc.Tag(), m.key, text); err != nil {
					panic(fmt.Sprintf("i18n: %s %s: %v", loc, m.key, err))
				}
			}
		}
	}
	for _, t := range pluralTables() {
		for _, m := range t {
			add(m.key)
			for loc, forms := range pluralTextsOf(m) {
				sel := plural.Selectf(m.arg, "", plural.One, forms[0], plural.Other, forms[1])
				if err := b.Set(loc.Tag(), m.key, sel); err != nil {
					panic(fmt.Sprintf("i18n: %s %s: %v", loc, m.key, err))
				}
			}
		}
	}
	return b
}

// Printer gives a session, command or mail its texts in one locale. It is
// cheap to make and safe for concurrent use.
type Printer struct {
	loc Locale
	p   *message.Printer
}

// NewPrinter returns the printer of a locale.
func NewPrinter(l Locale) *Printer {
	if l.Lang == "" {
		l = RegionDefault(l.Region)
	}
	return &Printer{loc: l, p: message.NewPrinter(l.Tag(), message.Catalog(cat))}
}

// Locale is the printer's locale.
func (p *Printer) Locale() Locale { return p.loc }

// T is the text of key with args filled in. An unknown key is returned in
// brackets, visible in tests, rather than failing a screen; the test
// TestKeysUsedInCodeExist finds them before that.
func (p *Printer) T(key string, args ...any) string {
	if !Has(key) {
		return "[" + key + "]"
	}
	return p.p.Sprintf(key, args...)
}

// Bilingual is key's text in l followed, on its own line, by the English
// text: for the prompts before login, when only the region's default
// language is known and the visitor may read none of it.
func Bilingual(l Locale, key string, args ...any) string {
	text := NewPrinter(l).T(key, args...)
	if l.Lang == English {
		return text
	}
	return text + "\n" + NewPrinter(EnCH).T(key, args...)
}

// Has reports whether the catalogue has key.
func Has(key string) bool { _, ok := keys[key]; return ok }

var keys = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range tables() {
		for _, e := range t {
			m[e.key] = true
		}
	}
	for _, t := range pluralTables() {
		for _, e := range t {
			m[e.key] = true
		}
	}
	return m
}()
