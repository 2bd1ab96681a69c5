package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// Counted texts follow the count in every language: no "(s)", no
// "et 1 autres" (issue 14).
func TestCountedTextsUsePluralForms(t *testing.T) {
	t.Parallel()
	cases := []struct {
		loc  Locale
		key  string
		n    int
		want string
	}{
		{FrCH, "dashboard.more_numbers", 1, "et 1 autre : 2 les affiche tous"},
		{FrCH, "dashboard.more_numbers", 3, "et 3 autres : 2 les affiche tous"},
		{ItCH, "dashboard.more_numbers", 1, "e 1 altro: 2 li mostra tutti"},
		{EnCH, "security.others_ended", 1, "1 other session ended."},
		{DeCH, "security.others_ended", 2, "2 andere Sitzungen beendet."},
		{ItCH, "security.others_ended", 1, "1 altra sessione chiusa."},
		{FrCH, "cmd.sessions.ended_others", 2, "2 autres sessions fermées."},
		{EnCH, "cmd.sessions.ended_others", 1, "Ended 1 other session."},
	}
	for _, c := range cases {
		if got := NewPrinter(c.loc).T(c.key, c.n); got != c.want {
			t.Errorf("%s %s(%d) = %q, want %q", c.loc, c.key, c.n, got, c.want)
		}
	}
}

// No text hedges a word's ending ("session(s)", "Benvenuto/a", "altra/e"),
// and Swiss French says "envoyer", not Québec's "téléverser".
var hedgedRE = regexp.MustCompile(`\p{L}\((s|e|en|es|i)\)|\p{Ll}/(a|e|i)\b`)

func TestNoHedgedWordsNorQuebecFrench(t *testing.T) {
	t.Parallel()
	for _, table := range tables() {
		for _, m := range table {
			for loc, text := range textsOf(m) {
				if hedgedRE.MatchString(text) {
					t.Errorf("%s %s: hedged form in %q", m.key, loc, text)
				}
				if loc == FrCH && strings.Contains(strings.ToLower(text), "télévers") {
					t.Errorf("%s: %q says téléverser", m.key, text)
				}
			}
		}
	}
}
