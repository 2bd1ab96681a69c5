package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// verbs are the printf verbs of a text, as a sorted list: every language
// must fill in the same values (%[2]s counts as a second %s).
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func verbs(s string) []string {
	var out []string
	next := 1
	for _, v := range verbRE.FindAllString(s, -1) {
		if v == "%%" {
			continue
		}
		verb := v[len(v)-1:]
		pos := next
		if m := regexp.MustCompile(`\[(\d+)\]`).FindStringSubmatch(v); m != nil {
			pos = int(m[1][0] - '0')
		}
		next = pos + 1
		out = append(out, string(rune('0'+pos))+verb)
	}
	slices.Sort(out)
	return out
}

func TestEveryMessageInEveryLanguageWithTheSamePlaceholders(t *testing.T) {
	t.Parallel()
	for _, table := range tables() {
		for _, m := range table {
			texts := textsOf(m)
			want := verbs(m.en)
			for _, loc := range supported {
				text := texts[loc]
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s: no %s text", m.key, loc)
					continue
				}
				if got := verbs(text); !slices.Equal(got, want) {
					t.Errorf("%s %s: placeholders %v, English has %v: %q", m.key, loc, got, want, text)
				}
			}
		}
	}
	for _, table := range pluralTables() {
		for _, m := range table {
			want := verbs(m.en[1])
			if m.arg < 1 || !slices.Contains(want, string(rune('0'+m.arg))+"d") {
				t.Errorf("%s: the count (argument %d) is not a %%d of the text", m.key, m.arg)
			}
			for loc, forms := range pluralTextsOf(m) {
				for i, text := range forms {
					if got := verbs(text); strings.TrimSpace(text) == "" || !slices.Equal(got, want) {
						t.Errorf("%s %s form %d: placeholders %v, want %v: %q", m.key, loc, i, got, want, text)
					}
				}
			}
		}
	}
}

func TestSwissGermanHasNoEszett(t *testing.T) {
	t.Parallel()
	for key := range keys {
		for _, loc := range []Locale{DeCH, FrCH, ItCH, EnCH} {
			if got := NewPrinter(loc).T(key, 1, 2, 3, 4); strings.ContainsRune(got, 'ß') {
				t.Errorf("%s %s contains ß: %q", key, loc, got)
			}
		}
	}
}

func TestAustrianVariants(t *testing.T) {
	t.Parallel()
	at, ch := NewPrinter(DeAT), NewPrinter(DeCH)
	if got := at.T("term.two_factor"); got != "Zwei-Faktor-Authentifizierung" {
		t.Errorf("de-AT two_factor = %q", got)
	}
	if got := ch.T("term.two_factor"); got != "Zwei-Faktor-Authentisierung" {
		t.Errorf("de-CH two_factor = %q", got)
	}
	// Austrian German keeps ß where Swiss German writes ss.
	if a, c := at.T("password.rule.upper"), ch.T("password.rule.upper"); a != "ein Großbuchstabe (A-Z)" || c != "ein Grossbuchstabe (A-Z)" {
		t.Errorf("de-AT %q, de-CH %q", a, c)
	}
	if got := Bilingual(DeCH, "login.prompt_code"); got != "Einmalcode: \nOne-time code: " {
		t.Errorf("Bilingual = %q", got)
	}
	if got := Bilingual(EnCH, "login.prompt_code"); got != "One-time code: " {
		t.Errorf("Bilingual in English = %q", got)
	}
}

func TestPluralForms(t *testing.T) {
	t.Parallel()
	cases := []struct {
		loc  Locale
		n    int
		want string
	}{
		{EnCH, 1, "1 number"}, {EnCH, 0, "0 numbers"}, {EnCH, 25, "25 numbers"},
		{DeCH, 1, "1 Rufnummer"}, {DeCH, 2, "2 Rufnummern"},
		{FrCH, 0, "0 numéro"}, {FrCH, 1, "1 numéro"}, {FrCH, 2, "2 numéros"},
		{ItCH, 1, "1 numero"}, {ItCH, 3, "3 numeri"},
		{DeCH, 1572864, "1’572’864 Rufnummern"},
	}
	for _, c := range cases {
		if got := NewPrinter(c.loc).T("numbers.count", c.n); got != c.want {
			t.Errorf("%s numbers.count(%d) = %q, want %q", c.loc, c.n, got, c.want)
		}
	}
}

func TestUnknownKeyIsVisible(t *testing.T) {
	t.Parallel()
	if got := NewPrinter(DeCH).T("no.such.key"); got != "[no.such.key]" {
		t.Errorf("unknown key = %q", got)
	}
}

// callRE finds T("key" calls of a Printer in the faces' code, so a page
// that asks for a key the catalogue lacks fails here, not on a screen.
var callRE = regexp.MustCompile(`\.T\("([a-z0-9_.]+)"`)

func TestKeysUsedInCodeExist(t *testing.T) {
	t.Parallel()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range callRE.FindAllStringSubmatch(string(src), -1) {
			if !Has(m[1]) && m[1] != "no.such.key" {
				t.Errorf("%s asks for %q, which the catalogue lacks", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The tab bar shows all five pages ("1 Dashboard  2 Phone numbers ...") and
// must fit the narrowest terminal the portal supports (60 columns) in every
// language; key hints must stay short enough for the footer.
func TestShortTextsFitTheNarrowestScreen(t *testing.T) {
	t.Parallel()
	pages := []string{"page.dashboard", "page.numbers", "page.music", "page.account", "page.help"}
	for _, loc := range supported {
		p := NewPrinter(loc)
		width := 0
		for i, k := range pages {
			width += len([]rune(p.T(k))) + 2 // "N "
			if i > 0 {
				width += 2 // gap
			}
		}
		if width > 60 {
			t.Errorf("%s: the tab bar is %d columns wide", loc, width)
		}
		for key := range keys {
			if strings.HasPrefix(key, "key.") {
				if n := len([]rune(p.T(key))); n > 28 {
					t.Errorf("%s %s is %d characters; key hints must stay short", loc, key, n)
				}
			}
		}
	}
}
