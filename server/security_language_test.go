package server

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// With LANG=de_CH the keys, sessions and security log commands answer in
// German, their times in the customer's date format.
func TestSecurityCommandsSpeakGerman(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	const de = "de_CH.UTF-8"
	for cmd, want := range map[string][]string{
		"keys list":    {"Keine SSH-Schlüssel. Einen hinzufügen:"},
		"sessions":     {"WIE", "Befehl", "ADRESSE", "BEGONNEN", "diese Sitzung", "Passwort"},
		"security log": {"WANN", "EREIGNIS", "Login"},
		"help":         {"SSH-Schlüssel dieses Kontos auflisten, hinzufügen und entfernen", "Der Sicherheitsverlauf dieses Kontos"},
	} {
		out, errOut, _ := runIn(t, c, de, cmd)
		for _, w := range want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%s lacks %q:\n%s%s", cmd, w, out, errOut)
			}
		}
	}
	out, _, _ := runIn(t, c, de, "sessions")
	if strings.Contains(out, "this session") || strings.Contains(out, "UTC") {
		t.Errorf("sessions is not German and local:\n%s", out)
	}
}
