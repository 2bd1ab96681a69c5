package i18n

import "testing"

// A typed confirmation takes the session language's word and the English
// yes, in any case and with or without the accent; nothing else.
func TestConfirmsTakesTheLanguagesWordAndYes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		loc      Locale
		yes, not []string
	}{
		{DeCH, []string{"ja", "JA", " Ja ", "yes", "YES"}, []string{"", "j", "jo", "nein", "y", "oui"}},
		{DeAT, []string{"ja", "Ja", "yes"}, []string{"jawohl", "no"}},
		{FrCH, []string{"oui", "OUI", "Oui", "yes"}, []string{"o", "ouais", "non", "ja"}},
		{ItCH, []string{"sì", "si", "SI", "SÌ", "Sì", "si\u0300", "yes"}, []string{"s", "no", "sí no", "ja"}},
		{EnCH, []string{"yes", "Yes", "YES"}, []string{"y", "ja", "yess"}},
	} {
		p := NewPrinter(c.loc)
		for _, typed := range c.yes {
			if !p.Confirms(typed) {
				t.Errorf("%s: %q does not confirm", c.loc, typed)
			}
		}
		for _, typed := range c.not {
			if p.Confirms(typed) {
				t.Errorf("%s: %q confirms", c.loc, typed)
			}
		}
	}
	// The prompt names the language's word.
	for loc, want := range map[Locale]string{DeCH: "Zum Bestätigen ja eingeben: ", DeAT: "Zum Bestätigen ja eingeben: ",
		FrCH: "Tapez oui pour confirmer : ", ItCH: "Digiti sì per confermare: ", EnCH: "Type yes to confirm: "} {
		p := NewPrinter(loc)
		if got := p.T("cmd.type_yes", p.ConfirmWord()); got != want {
			t.Errorf("%s prompt %q, want %q", loc, got, want)
		}
	}
}
