package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// With LANG=de_CH the long help of keys, sessions and security, the key
// and session rules' refusals, the event names and the How column are
// German; --json keeps the codes.
func TestSecurityHelpRefusalsAndCodesSpeakGerman(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	const de = "de_CH.UTF-8"
	want := func(cmd, stdin string, code int, wantOut ...string) string {
		t.Helper()
		out, errOut, got := runWithStdinIn(t, c, de, cmd, []byte(stdin))
		if got != code {
			t.Fatalf("%s: exit %d, want %d\n%s%s", cmd, got, code, out, errOut)
		}
		for _, w := range wantOut {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%s lacks %q:\n%s%s", cmd, w, out, errOut)
			}
		}
		return out + errOut
	}

	// The long help.
	want("keys --help", "", 0, "SSH-Schlüssel melden Sie ohne Passwort an", "Höchstens 10 pro Konto")
	want("keys add --help", "", 0, "Liest zwei Zeilen von stdin", "Exit-Status: 0 hinzugefügt", "ein Name für den Schlüssel")
	want("keys remove --help", "", 0, "Entfernt den Schlüssel mit diesem SHA256-Fingerabdruck")
	want("sessions --help", "", 0, "Listet die offenen Sitzungen", "JSON ausgeben")
	want("sessions revoke --help", "", 0, "alle Sitzungen ausser dieser", "3 keine offene Sitzung")
	want("security log --help", "", 0, "die neuesten zuerst", "wie weit zurück")

	// The rules' refusals, with the exit statuses the README promises.
	want("keys add", portaltest.RSALine(t, 2048)+"\n"+testPassword+"\n", 4, "Dieser RSA-Schlüssel hat 2048 Bit und ist damit zu schwach", "mindestens 3072 Bit")
	good := portaltest.AuthorizedLine(newEd25519Signer(t).PublicKey(), "")
	want("keys add", good+"\nfalsch\n", 4, "Das Login-Passwort (oder, mit 2FA, der Einmalcode) ist falsch")
	want("keys add", good+"\n", 4, "Bestätigen Sie mit Ihrem Login-Passwort")
	want("keys add", "", 4, "Kein Schlüssel auf stdin")
	want("keys remove SHA256:nichtda", testPassword+"\n", 3, "Dieses Konto hat keinen SSH-Schlüssel mit dem Fingerabdruck SHA256:nichtda")
	want("keys remove", "", 2, "keys remove braucht einen Schlüssel-Fingerabdruck, z. B. keys remove SHA256:")
	want("keys list extra", "", 2, "list nimmt keine Argumente an")
	want("sessions revoke nichtda", "", 3, `Keine offene Sitzung mit der ID "nichtda"`)
	want("sessions revoke", "", 2, "Nennen Sie eine Sitzungs-ID oder --others")
	want("security log --since gestern", "", 2, `--since "gestern": geben Sie Tage (30d)`)

	// The How column and the event names are German; --json keeps the codes.
	out := want("sessions", "", 0, "Befehl")
	if strings.Contains(out, " command ") {
		t.Errorf("sessions shows the code:\n%s", out)
	}
	var live []struct{ How string }
	if err := json.Unmarshal([]byte(want("sessions --json", "", 0)), &live); err != nil || len(live) == 0 || live[0].How != "command" {
		t.Errorf("sessions --json: %v %+v, want the code command", err, live)
	}
	// The wrong password above was a failed login; the DETAIL column says
	// how in German (the login typed a password at the keyboard-interactive
	// prompt), --json keeps the codes and the stored details.
	out = want("security log", "", 0, "Login fehlgeschlagen  Passwort zur Bestätigung einer Schlüsseländerung", "Login                 Passwort  ")
	for _, english := range []string{"keyboard-interactive", "password to confirm"} {
		if strings.Contains(out, english) {
			t.Errorf("security log shows the English %q:\n%s", english, out)
		}
	}
	var events []struct{ Action, Detail string }
	if err := json.Unmarshal([]byte(want("security log --json", "", 0)), &events); err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, e := range events {
		codes[e.Action+" "+e.Detail] = true
	}
	if !codes["login keyboard-interactive"] || !codes["login.failed password to confirm a key change"] {
		t.Errorf("security log --json lacks the codes and details of login and login.failed: %v", codes)
	}
}
