package server

import (
	"context"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// A customer command speaks the client's LANG, and the account's setting
// beats it; a typo exits 2 with the usage, which shows the real ssh
// command line.
func TestCommandsSpeakTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	p, c := numbersPortal(t, dbtest.SQLite(t))
	want := func(lang, cmd string, code int, wantOut ...string) {
		t.Helper()
		out, errOut, got := runIn(t, c, lang, cmd)
		if got != code {
			t.Fatalf("LANG=%s %s: exit %d, want %d\n%s%s", lang, cmd, got, code, out, errOut)
		}
		for _, w := range wantOut {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("LANG=%s %s lacks %q:\n%s%s", lang, cmd, w, out, errOut)
			}
		}
	}
	want("de_CH.UTF-8", "numbers", 0, "NUMMER", "Virtuelle Telefonanlage", "+41 44 123 45 67", "aktiv")
	want("fr_CH.UTF-8", "numbers", 0, "NUMÉRO", "Central virtuel", "actif")
	want("de_CH.UTF-8", "credentials 044 999 00 01", 3, "Fehler: Diese Rufnummer ist nicht in Ihrem Konto (numbers")
	want("de_CH.UTF-8", "credentials hallo", 2, "\"hallo\" ist keine Rufnummer")
	want("de_CH.UTF-8", "credentials 044 123 45 67", 0, "SIP-Benutzername", "VoIP-Passwort")
	// credentials --device: its help, the device list and its refusals.
	want("de_CH.UTF-8", "credentials --help", 0, "Mit --device NAME gibt er stattdessen aus", "das VoIP-Passwort einschliessen")
	want("de_CH.UTF-8", "credentials +41441234567 --device list", 0, "GERÄT", "WAS SIE ERHALTEN", "fritzbox")
	want("de_CH.UTF-8", "credentials +41441234567 --device cisco", 2, `Unbekanntes Gerät "cisco": wählen Sie eines von fritzbox`)
	want("de_CH.UTF-8", "credentials +41441234567 --device snom --json", 2, "es geht nicht mit --json")
	// A localised device speaks the session's language, as the rest of
	// the output does (its hint on stderr included).
	want("fr_CH.UTF-8", "credentials +41441234567 --device fritzbox", 0, "Nom d'utilisateur", "Serveur proxy", "--reveal")
	want("it_CH.UTF-8", "credentials +41441234567 --device linphone", 0, "Nome utente", "Dominio SIP")
	want("en_GB.UTF-8", "credentials +41441234567 --device fritzbox", 0, "User name", "Proxy server")
	want("de_CH.UTF-8", "credentials +41441234567 --reveal", 2, "--reveal gehört zu --device")
	// No LANG: the region's default, German for CH.
	want("", "numbers", 0, "NUMMER")

	// The typo: exit 2, the usage, and the real command line.
	want("en_GB.UTF-8", "numbrs", 2, `Error: Unknown command "numbrs"`, "Usage:", "ssh -p ", "alice@example.ch@")
	want("de_CH.UTF-8", "numbrs", 2, `Fehler: Unbekannter Befehl "numbrs"`, "Aufruf:")
	want("en_GB.UTF-8", "help", 0, "Usage:\n  ssh -p ", "alice@example.ch@localhost COMMAND", "whoami", "language")
	want("en_GB.UTF-8", "credentials --help", 0, "ssh -p ", "alice@example.ch@localhost credentials NUMBER")

	// language set: stored, answered in the new language, and it beats LANG.
	want("de_CH.UTF-8", "language set fr", 0, "Le portail parle désormais français.")
	want("de_CH.UTF-8", "numbers", 0, "NUMÉRO")
	want("de_CH.UTF-8", "credentials +41441234567 --device fritzbox", 0, "Nom d'utilisateur")
	want("de_CH.UTF-8", "language", 0, "Langue : français (réglage : fr)")
	want("de_CH.UTF-8", "language set klingon", 2, `"klingon"`, "de, fr, it")
	want("de_CH.UTF-8", "language set auto", 0, "Das Portal spricht jetzt Deutsch.")
	want("en_GB.UTF-8", "numbers", 0, "NUMBER")
	acct, err := db.AccountByUserID(context.Background(), p.svc.DB, "alice@example.ch")
	if err != nil {
		t.Fatal(err)
	}
	if set, _ := p.svc.Settings(context.Background(), acct.ID); set.Language != "" {
		t.Fatalf("auto left the setting %q", set.Language)
	}
}
