package mail

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/i18n"
)

// The FAQ's two ways back in for a customer whose phone is gone: a
// recovery code, or customer care written to from the stored address.
var lostPhoneAdvice = map[i18n.Locale][2]string{
	i18n.EnCH: {"recovery code", "write to customer care at care@acme.test from the email address stored in your account"},
	i18n.DeCH: {"Wiederherstellungscode", "schreiben Sie dem Kundendienst an care@acme.test, und zwar von der E-Mail-Adresse, die in Ihrem Konto hinterlegt ist"},
	i18n.DeAT: {"Wiederherstellungscode", "schreiben Sie dem Kundendienst an care@acme.test, und zwar von der E-Mail-Adresse, die in Ihrem Konto hinterlegt ist"},
	i18n.FrCH: {"de récupération", "écrivez au service clientèle à l'adresse care@acme.test depuis l'adresse e-mail enregistrée dans votre compte"},
	i18n.ItCH: {"codic", "scriva al servizio clienti all'indirizzo care@acme.test dall'indirizzo e-mail registrato nel Suo account"},
}

// Issue 15 point 10: the 2FA mails tell a customer who lost the phone what
// to do, in every language.
func TestTwoFactorMailsCarryTheLostPhoneAdvice(t *testing.T) {
	t.Parallel()
	for loc, want := range lostPhoneAdvice {
		for _, k := range []Kind{KindTwoFactorEnabled, KindRecoveryCodeUsed} {
			d := fullData()
			d.Locale = loc
			_, body, err := Render(k, d)
			if err != nil {
				t.Fatalf("%s %s: %v", loc, k, err)
			}
			flat := strings.Join(strings.Fields(body), " ")
			for _, w := range want {
				if !strings.Contains(flat, w) {
					t.Errorf("%s %s lacks %q:\n%s", loc, k, w, body)
				}
			}
		}
	}
}
