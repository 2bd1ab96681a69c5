package devices

import (
	"path/filepath"
	"strings"
	"testing"
)

// localLabels are the fields each localised device shows in each language,
// as its own screens label them.
var localLabels = map[string]map[string][]string{
	"fritzbox": {
		"de": {"Benutzername", "Kennwort", "Registrar", "Proxy-Server", "Authentifizierungsname", "Transportprotokoll"},
		"en": {"User name", "Password", "Registrar", "Proxy server", "Authentication name", "Transport protocol"},
		"fr": {"Nom d'utilisateur", "Mot de passe", "Registrar", "Serveur proxy", "Nom d'authentification", "Protocole de transport"},
		"it": {"Nome utente", "Password", "Registrar", "Server proxy", "Nome di autenticazione", "Protocollo di trasporto"},
	},
	"linphone": {
		"de": {"Benutzername", "SIP-Domain", "Passwort", "Transport", "Authentifizierungs-ID", "Proxy-Adresse"},
		"en": {"Username", "SIP Domain", "Password", "Transport", "Auth ID", "Proxy address"},
		"fr": {"Nom d'utilisateur", "Domaine SIP", "Mot de passe", "Transport", "ID d'authentification", "Adresse du proxy"},
		"it": {"Nome utente", "Dominio SIP", "Password", "Trasporto", "ID di autenticazione", "Indirizzo proxy"},
	},
	"microsip": {
		"de": {"Kontoname", "SIP-Server", "SIP-Proxy", "Benutzername", "Domain", "Login", "Passwort", "Transport"},
		"en": {"Account Name", "SIP Server", "SIP Proxy", "Username", "Domain", "Login", "Password", "Transport"},
		"fr": {"Nom du compte", "Serveur SIP", "Proxy SIP", "Nom d'utilisateur", "Domaine", "Identifiant", "Mot de passe", "Transport"},
		"it": {"Nome account", "Server SIP", "Proxy SIP", "Nome utente", "Dominio", "Login", "Password", "Trasporto"},
	},
}

// The FRITZ!Box, Linphone and MicroSIP are localised: their fields come
// in the customer's language with the labels those screens show, each
// language with its golden file; config files do not change with it.
func TestLocalisedDevicesSpeakTheCustomersLanguage(t *testing.T) {
	t.Parallel()
	for _, d := range All {
		labels, localised := localLabels[d.Name]
		if localised != Localised(d) {
			t.Errorf("%s: localised %v, want %v", d.Name, Localised(d), localised)
		}
		for _, lang := range []string{"de", "fr", "it", "en"} {
			for name, a := range map[string]Account{"pbx": pbx, "trunk": trunk} {
				a.Language = lang
				var b strings.Builder
				if err := Render(&b, d, a); err != nil {
					t.Fatal(err)
				}
				out := b.String()
				if !localised {
					var def strings.Builder
					a.Language = ""
					if err := Render(&def, d, a); err != nil {
						t.Fatal(err)
					}
					if out != def.String() {
						t.Errorf("%s in %s differs from its default: a config file has one syntax", d.Name, lang)
					}
					continue
				}
				t.Run(d.Name+"/"+name+"/"+lang, func(t *testing.T) {
					fields(labels[lang]...)(t, out, a)
					if !strings.Contains(out, a.Domain) || !strings.Contains(out, a.Servers[0].HostPort()) {
						t.Errorf("domain or server missing:\n%s", out)
					}
					file := d.Name + "-" + name + "." + lang + ".golden"
					if templateFor(d, lang) == d.Name+".tmpl" {
						file = d.Name + "-" + name + ".golden" // the default language
					}
					golden(t, filepath.Join("testdata", file), out)
				})
			}
		}
	}
}
