package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language a customer can choose: the value stored in the
// account's setting and typed in `language set de|fr|it|en`.
type Lang string

// The languages of the portal.
const (
	German  Lang = "de"
	French  Lang = "fr"
	Italian Lang = "it"
	English Lang = "en"
)

// Langs lists the languages in the order they are offered.
var Langs = []Lang{German, French, Italian, English}

// The regions the provider serves (the account's region column).
const (
	RegionCH = "CH"
	RegionAT = "AT"
)

// ParseLang reads a language choice ("de", "FR", " it ") or says which are
// allowed.
func ParseLang(s string) (Lang, error) {
	l := Lang(strings.ToLower(strings.TrimSpace(s)))
	for _, ok := range Langs {
		if l == ok {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown language %q: choose de, fr, it or en", s)
}

// Locale is the language and the region whose usage applies: German is
// written the Swiss way for CH and the Austrian way for AT.
type Locale struct {
	Lang   Lang
	Region string // CH or AT; anything else counts as CH
}

// The locales with texts of their own (French and Italian are Swiss).
var (
	DeCH = Locale{German, RegionCH}
	DeAT = Locale{German, RegionAT}
	FrCH = Locale{French, RegionCH}
	ItCH = Locale{Italian, RegionCH}
	EnCH = Locale{English, RegionCH}
)

// Tag is the BCP 47 tag of the locale's texts, also used for number
// formatting (1’572’864 in de-CH).
func (l Locale) Tag() language.Tag {
	switch l.Lang {
	case German:
		if l.Region == RegionAT {
			return language.MustParse("de-AT")
		}
		return language.MustParse("de-CH")
	case French:
		return language.MustParse("fr-CH")
	case Italian:
		return language.MustParse("it-CH")
	}
	return language.English
}

// Texts is the supported locale whose texts l reads: German in its
// region's usage, French and Italian in Swiss usage whatever the region,
// English. Tables keyed by locale (the mail templates) look up Texts().
func (l Locale) Texts() Locale {
	switch l.Lang {
	case German:
		return Locale{German, normRegion(l.Region)}
	case French:
		return FrCH
	case Italian:
		return ItCH
	case English:
		return EnCH
	}
	return RegionDefault(l.Region)
}

// String is the tag, e.g. "de-CH".
func (l Locale) String() string { return l.Tag().String() }

// RegionDefault is the language of a region's customers who have chosen
// none: German, with the region's usage.
func RegionDefault(region string) Locale {
	if region == RegionAT {
		return DeAT
	}
	return DeCH
}

// Choose decides the language of a session, in this order: the account's
// setting (empty if none), else the client's locale from the environment
// OpenSSH sends (KEY=VALUE pairs; see EnvLang), else the region's default.
// German keeps the region's usage whatever the source: an AT customer with
// de_CH.UTF-8 still reads Austrian German, because it is the account's
// contract, mails and customer care that are Austrian.
func Choose(setting string, environ []string, region string) Locale {
	if l, err := ParseLang(setting); err == nil && setting != "" {
		return Locale{l, normRegion(region)}
	}
	if l, ok := EnvLang(environ); ok {
		return Locale{l, normRegion(region)}
	}
	return RegionDefault(region)
}

// ForMail is the language of mails: the account's setting, else the
// region's default. The client's environment is not known when a mail is
// written (customer care or a worker may cause it).
func ForMail(setting, region string) Locale { return Choose(setting, nil, region) }

// PreLogin is the language of prompts before the account is known: the
// region's default. Show PreLoginEnglish's line beside it where it helps a
// visitor who reads no German.
func PreLogin(region string) Locale { return RegionDefault(region) }

func normRegion(region string) string {
	if region == RegionAT {
		return RegionAT
	}
	return RegionCH
}

// EnvLang reads the language of a POSIX locale from a client environment:
// LC_ALL wins over LC_MESSAGES, which wins over LANG, as in setlocale(3).
// The first of them that is set decides: "de_CH.UTF-8", "fr_CH", "it",
// "en_GB.UTF-8@euro" give a language; "C", "C.UTF-8", "POSIX" and languages
// the portal does not speak give none (ok false), so the region's default
// applies.
func EnvLang(environ []string) (Lang, bool) {
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := vars[name]
		if v == "" {
			continue
		}
		return posixLang(v)
	}
	return "", false
}

// posixLang is the language part of language[_territory][.codeset][@modifier].
func posixLang(v string) (Lang, bool) {
	end := strings.IndexAny(v, "_.@-")
	if end < 0 {
		end = len(v)
	}
	l, err := ParseLang(v[:end])
	return l, err == nil && end > 0
}
