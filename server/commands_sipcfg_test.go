package server

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// A region without a SIP server (the trial: only CH's servers given)
// refuses a device set-up in the session's language, never the English
// "No SIP server is configured ..." in a German session.
func TestDeviceSetupWithoutASIPServerIsRefusedInTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	p, _ := numbersPortal(t, dbtest.SQLite(t))
	// Set before the connection that reads it, as numbersPortal does.
	p.svc.Cfg.SIPServers = map[string][]portal.SIPServer{"AT": {{Host: "sip.example.at", Port: 5060, Transport: "udp"}}}
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for lang, want := range map[string]string{
		"de_CH.UTF-8": "Fehler: Für Ihre Region ist kein SIP-Server eingerichtet, daher kann kein Gerät eingerichtet werden; bitte wenden Sie sich an den Kundendienst.",
		"fr_CH.UTF-8": "Erreur : Aucun serveur SIP n'est configuré pour votre région",
		"it_CH.UTF-8": "Errore: Per la Sua regione non è configurato alcun server SIP",
		"en_GB.UTF-8": "Error: No SIP server is configured for your region, so no device can be set up; please contact customer care.",
	} {
		out, errOut, code := runIn(t, c, lang, "credentials +41441234567 --device fritzbox")
		if code != 1 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", lang, code, out, errOut, want)
		}
	}
}
