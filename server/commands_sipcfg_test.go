package server

import (
	"strings"
	"testing"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
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

// registrarPortal is numbersPortal with Kamailio's database behind it
// (its schema, no registrar process): `credentials` shows the
// registration row. Set before the connection that reads it.
func registrarPortal(t *testing.T) (*testPortal, *kamailio.Store, *gossh.Client) {
	t.Helper()
	kamtest.Require(t, "kamailio")
	_, kam := kamtest.Database(t)
	p, _ := numbersPortal(t, dbtest.SQLite(t))
	p.svc.SIP = &portal.SIPPlatform{Kamailio: kam}
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return p, kam, c
}

// `credentials` prints its rows as label and value, the values in one
// column in every language, the registration row too ("Registrierung"
// stood at column 16, the other values at 18).
func TestCredentialsValuesLineUpInEveryLanguage(t *testing.T) {
	t.Parallel()
	_, _, c := registrarPortal(t)
	for _, lang := range []string{"de_CH.UTF-8", "fr_CH.UTF-8", "it_CH.UTF-8", "en_GB.UTF-8"} {
		out, errOut, code := runIn(t, c, lang, "credentials +41441234567")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, errOut)
		}
		columns := map[int][]string{}
		for _, line := range strings.Split(out, "\n") {
			label, rest, ok := strings.Cut(line, "  ")
			if !ok || strings.HasPrefix(line, " ") {
				continue // a continued row or a sentence (tip, hint)
			}
			col := utf8.RuneCountInString(label) + 2 + utf8.RuneCountInString(rest) - utf8.RuneCountInString(strings.TrimLeft(rest, " "))
			columns[col] = append(columns[col], label)
		}
		rows := 0
		for _, labels := range columns {
			rows += len(labels)
		}
		if len(columns) != 1 || rows != 6 {
			t.Errorf("%s: %d rows (number, username, password, domain, server and registration wanted) in the columns %v:\n%s", lang, rows, columns, out)
		}
	}
}

// `credentials NUMBER --device list` says what each device gets in the
// session's language; the devices keep their names.
func TestDeviceListSpeaksTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	_, c := numbersPortal(t, dbtest.SQLite(t))
	for lang, want := range map[string][]string{
		"de_CH.UTF-8": {"GERÄT", "yealink     Yealink T4x/T5x (Provisioning-Datei .cfg)", "linphone    Linphone (Felder)", "freeswitch  FreeSWITCH (Gateway-XML)"},
		"fr_CH.UTF-8": {"APPAREIL", "Yealink T4x/T5x (fichier de provisioning .cfg)", "MicroSIP (champs)", "baresip (ligne pour accounts)"},
		"it_CH.UTF-8": {"DISPOSITIVO", "Snom D7xx (XML di provisioning)", "Linphone (campi)"},
		"en_GB.UTF-8": {"DEVICE", "Yealink T4x/T5x (provisioning .cfg)", "Linphone (fields)", "AVM FRITZ!Box (FRITZ!OS 7.5x/8.x)", "Asterisk PJSIP (pjsip.conf)"},
	} {
		out, errOut, code := runIn(t, c, lang, "credentials +41441234567 --device list")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, errOut)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: lacks %q:\n%s", lang, w, out)
			}
		}
		if lang != "en_GB.UTF-8" && (strings.Contains(out, "(fields)") || strings.Contains(out, "(provisioning")) {
			t.Errorf("%s: English descriptions:\n%s", lang, out)
		}
	}
}
