package portal_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// The new sign-in mail names the login's method in the mail's language,
// and it and the key mail send the customer where the portal lists the
// sessions and keys (My account > Security, key k), in every language.
func TestSecurityMailsNameTheMethodAndThePortalsPathsInTheirLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		region, lang           string
		method, sessions, keys string
		wrong                  []string
	}{
		{"CH", "de", "(SSH-Schlüssel SHA256:abc)", "Mein Konto > Sicherheit (Taste k) > Offene Sitzungen",
			"Mein Konto > Sicherheit (Taste k) > SSH-Schlüssel", []string{"publickey", "Mein Konto > Sitzungen", "Mein Konto > SSH-Schlüssel"}},
		{"AT", "", "(SSH-Schlüssel SHA256:abc)", "Mein Konto > Sicherheit (Taste k) > Offene Sitzungen",
			"Mein Konto > Sicherheit (Taste k) > SSH-Schlüssel", []string{"publickey", "Mein Konto > Sitzungen"}},
		{"CH", "fr", "(clé SSH SHA256:abc)", "Mon compte > Sécurité (touche k) > Sessions ouvertes",
			"Mon compte > Sécurité (touche k) > Clés SSH", []string{"publickey", "Mon compte > Clés SSH", "Mon compte > Sessions"}},
		{"CH", "it", "(chiave SSH SHA256:abc)", "Il mio account > Sicurezza (tasto k) > Sessioni aperte",
			"Il mio account > Sicurezza (tasto k) > Chiavi SSH", []string{"publickey", "Il mio account > Chiavi SSH", " lei,"}},
		{"CH", "en", "(SSH key SHA256:abc)", "My account > Security (key k) > Open sessions",
			"My account > Security (key k) > SSH keys", []string{"publickey", "My account > SSH keys", "My account > Sessions"}},
	} {
		t.Run(tc.region+"-"+tc.lang, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := newService(t, dbtest.SQLite(t))
			alice, err := s.CreateAccount(ctx, s.DB, portal.NewAccountRequest{Email: "alice@example.ch", Region: tc.region, Password: alicePW})
			if err != nil {
				t.Fatal(err)
			}
			if tc.lang != "" {
				if _, err := s.SetLanguage(ctx, alice, tc.lang, "192.0.2.1"); err != nil {
					t.Fatal(err)
				}
			}
			_ = s.CompleteLogin(ctx, alice, "192.0.2.1", "password")             // the first: nothing to compare with
			_ = s.CompleteLogin(ctx, alice, "192.0.2.1", "publickey SHA256:abc") // a new key: the mail
			pub, _, _ := ed25519.GenerateKey(rand.Reader)
			key, _ := gossh.NewPublicKey(pub)
			if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: portaltest.AuthorizedLine(key, "laptop"), Proof: alicePW}); err != nil {
				t.Fatal(err)
			}
			got, err := s.MailOutbox().Claim(ctx, "test", s.now.Add(time.Hour), 10)
			if err != nil {
				t.Fatal(err)
			}
			bodies := map[string]string{}
			for _, m := range got {
				switch {
				case strings.Contains(m.Body, "SHA256:abc"):
					bodies["sign-in"] = m.Body
				case strings.Contains(m.Body, "laptop"):
					bodies["key"] = m.Body
				}
			}
			unwrapped := func(s string) string { return strings.Join(strings.Fields(s), " ") }
			signIn, keyMail := unwrapped(bodies["sign-in"]), unwrapped(bodies["key"])
			for _, w := range []string{"192.0.2.1 " + tc.method, tc.sessions, tc.keys} {
				if !strings.Contains(signIn, w) {
					t.Errorf("the new sign-in mail lacks %q:\n%s", w, bodies["sign-in"])
				}
			}
			if !strings.Contains(keyMail, tc.keys) {
				t.Errorf("the key mail lacks %q:\n%s", tc.keys, bodies["key"])
			}
			for _, w := range tc.wrong {
				if strings.Contains(signIn+keyMail, w) {
					t.Errorf("a mail says %q:\n%s\n%s", w, bodies["sign-in"], bodies["key"])
				}
			}
		})
	}
}
