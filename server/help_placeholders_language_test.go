package server

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// The help's usage lines and flags name their placeholders in the
// session's language, as the help text around them does (NUMMER, NOM,
// FINGERABDRUCK), with no English "string" or "(default ...)" among them;
// a command that runs itself and has subcommands shows both usages.
func TestHelpNamesPlaceholdersInTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	_, c := numbersPortal(t, dbtest.SQLite(t))
	english := []string{" COMMAND\n", "NUMBER", "FINGERPRINT", "FILE", " string", "(default", "[set de|fr|it|en|auto]"}
	for _, tc := range []struct {
		lang    string
		want    map[string][]string
		english []string
	}{
		{"de_CH.UTF-8", map[string][]string{
			"help":                {"@localhost BEFEHL"},
			"credentials --help":  {"credentials NUMMER [--json | --device NAME|list [--reveal]]", "NUMMER so, wie Sie sie schreiben", "--device NAME "},
			"security log --help": {"security log [--since ZEITRAUM] [--json]", "--since ZEITRAUM ", "(Standard: 30d)"},
			"music upload --help": {"music upload hold|queue [--name NAME] < DATEI", "--name NAME "},
			"keys remove --help":  {"keys remove FINGERABDRUCK"},
			"keys add --help":     {"--name NAME "},
			"language --help":     {"@localhost language [--json]\n", "@localhost language BEFEHL\n"},
			"sessions --help":     {"@localhost sessions [--json]\n", "@localhost sessions BEFEHL\n"},
			"music --help":        {"@localhost music BEFEHL\n"},
		}, english},
		{"fr_CH.UTF-8", map[string][]string{
			"help":                {"@localhost COMMANDE"},
			"credentials --help":  {"credentials NUMÉRO [--json | --device NOM|list [--reveal]]", "NUMÉRO tel que vous l'écrivez", "--device NOM "},
			"security log --help": {"security log [--since PÉRIODE] [--json]", "(par défaut : 30d)"},
			"music upload --help": {"< FICHIER", "--name NOM "},
			"keys remove --help":  {"keys remove EMPREINTE"},
			"language --help":     {"language [--json]\n", "language COMMANDE\n"},
		}, english},
		{"it_CH.UTF-8", map[string][]string{
			"help":                {"@localhost COMANDO"},
			"credentials --help":  {"credentials NUMERO [--json | --device NOME|list [--reveal]]", "--device NOME "},
			"security log --help": {"--since PERIODO ", "(predefinito: 30d)"},
			"keys remove --help":  {"keys remove IMPRONTA"},
		}, []string{" COMMAND\n", "NUMBER", "FINGERPRINT", " string", "(default"}},
		{"en_GB.UTF-8", map[string][]string{
			"help":                {"@localhost COMMAND"},
			"credentials --help":  {"credentials NUMBER [--json | --device NAME|list [--reveal]]"},
			"security log --help": {"security log [--since PERIOD] [--json]", "--since PERIOD ", "(default: 30d)"},
			"language --help":     {"language [--json]\n", "language COMMAND\n"},
		}, []string{" string", "(default \"", "[set de|fr|it|en|auto]"}},
	} {
		for cmd, wants := range tc.want {
			out, errOut, code := runIn(t, c, tc.lang, cmd)
			if code != 0 {
				t.Fatalf("LANG=%s %s: exit %d\n%s%s", tc.lang, cmd, code, out, errOut)
			}
			for _, w := range wants {
				if !strings.Contains(out, w) {
					t.Errorf("LANG=%s %s lacks %q:\n%s", tc.lang, cmd, w, out)
				}
			}
			for _, e := range tc.english {
				if strings.Contains(out, e) {
					t.Errorf("LANG=%s %s shows %q:\n%s", tc.lang, cmd, e, out)
				}
			}
		}
	}
	// The flags' help stays in one column when a placeholder has an accent.
	out, _, _ := runIn(t, c, "fr_CH.UTF-8", "security log --help")
	col := map[int]bool{}
	for _, line := range strings.Split(out, "\n") {
		flag := strings.TrimLeft(line, " ")
		if gap := strings.Index(flag, "  "); strings.HasPrefix(flag, "-") && gap > 0 {
			help := strings.TrimLeft(flag[gap:], " ")
			col[utf8.RuneCountInString(line[:len(line)-len(help)])] = true
		}
	}
	if len(col) != 1 {
		t.Errorf("the flags' help starts in columns %v:\n%s", col, out)
	}
}
