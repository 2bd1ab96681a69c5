package server

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// pflag's common errors speak the session's language, keep the flag as
// typed, and are usage errors (exit 2, with the usage) (issue 14).
func TestFlagErrorsSpeakTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	_, c := numbersPortal(t, dbtest.SQLite(t))
	for _, tc := range []struct {
		lang, cmd string
		want      []string
	}{
		{"de_CH.UTF-8", "numbers --colour", []string{"Fehler: Unbekannte Option: --colour", "Aufruf:"}},
		{"fr_CH.UTF-8", "numbers -x", []string{"Erreur : Option inconnue : -x"}},
		{"de_CH.UTF-8", "credentials 044 123 45 67 --device", []string{"Die Option --device braucht einen Wert"}},
		{"it_CH.UTF-8", "numbers --json=forse", []string{`"forse" non è un valore valido per --json`}},
		{"en_GB.UTF-8", "numbers --colour", []string{"Error: Unknown flag: --colour", "Usage:"}},
	} {
		out, errOut, code := runIn(t, c, tc.lang, tc.cmd)
		if code != 2 {
			t.Errorf("LANG=%s %s: exit %d, want 2\n%s%s", tc.lang, tc.cmd, code, out, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("LANG=%s %s lacks %q:\n%s%s", tc.lang, tc.cmd, w, out, errOut)
			}
		}
		if strings.Contains(errOut, "unknown flag") && !strings.HasPrefix(tc.lang, "en") {
			t.Errorf("LANG=%s %s: pflag's English:\n%s", tc.lang, tc.cmd, errOut)
		}
	}
}
