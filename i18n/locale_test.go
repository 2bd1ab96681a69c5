package i18n

import "testing"

func TestChoose(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, setting string
		env           []string
		region        string
		want          Locale
	}{
		{"setting wins over the client", "fr", []string{"LANG=de_CH.UTF-8"}, "CH", FrCH},
		{"setting keeps the region's German", "de", nil, "AT", DeAT},
		{"LANG de_CH", "", []string{"LANG=de_CH.UTF-8"}, "CH", DeCH},
		{"LANG fr_CH without codeset", "", []string{"LANG=fr_CH"}, "CH", FrCH},
		{"LANG it_CH", "", []string{"LANG=it_CH.UTF-8"}, "CH", ItCH},
		{"LANG en_GB for an AT account", "", []string{"LANG=en_GB.UTF-8"}, "AT", Locale{English, "AT"}},
		{"LC_ALL over LANG", "", []string{"LANG=de_CH.UTF-8", "LC_ALL=it_CH.UTF-8"}, "CH", ItCH},
		{"LC_MESSAGES over LANG", "", []string{"LANG=de_CH.UTF-8", "LC_MESSAGES=en_US.UTF-8"}, "CH", EnCH},
		{"LC_ALL over LC_MESSAGES", "", []string{"LC_MESSAGES=en_US.UTF-8", "LC_ALL=fr_FR@euro"}, "CH", FrCH},
		{"C.UTF-8 is no preference", "", []string{"LANG=C.UTF-8"}, "CH", DeCH},
		{"POSIX is no preference", "", []string{"LANG=POSIX"}, "AT", DeAT},
		{"C in LC_ALL hides LANG", "", []string{"LANG=fr_CH.UTF-8", "LC_ALL=C"}, "CH", DeCH},
		{"a language the portal lacks", "", []string{"LANG=rm_CH.UTF-8"}, "CH", DeCH},
		{"German from Germany reads the region's German", "", []string{"LANG=de_DE.UTF-8"}, "AT", DeAT},
		{"nothing: region CH", "", nil, "CH", DeCH},
		{"nothing: region AT", "", nil, "AT", DeAT},
		{"an invalid setting is ignored", "xx", []string{"LANG=it_CH"}, "CH", ItCH},
		{"empty values are skipped", "", []string{"LC_ALL=", "LANG=fr_CH.UTF-8"}, "CH", FrCH},
	}
	for _, c := range cases {
		if got := Choose(c.setting, c.env, c.region); got != c.want {
			t.Errorf("%s: Choose(%q, %q, %q) = %v, want %v", c.name, c.setting, c.env, c.region, got, c.want)
		}
	}
}

func TestParseLang(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"de", "FR", " it ", "en"} {
		if _, err := ParseLang(s); err != nil {
			t.Errorf("ParseLang(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "deutsch", "de-CH", "es"} {
		if _, err := ParseLang(s); err == nil {
			t.Errorf("ParseLang(%q) accepted", s)
		}
	}
}

func TestMailAndPreLoginLanguage(t *testing.T) {
	t.Parallel()
	if got := ForMail("", "AT"); got != DeAT {
		t.Errorf("ForMail without setting = %v", got)
	}
	if got := ForMail("it", "CH"); got != ItCH {
		t.Errorf("ForMail(it) = %v", got)
	}
	if got := PreLogin("CH"); got != DeCH {
		t.Errorf("PreLogin(CH) = %v", got)
	}
}

func TestTexts(t *testing.T) {
	t.Parallel()
	for in, want := range map[Locale]Locale{
		{French, RegionAT}: FrCH, {Italian, RegionAT}: ItCH, {English, RegionAT}: EnCH,
		{German, RegionAT}: DeAT, {German, "XX"}: DeCH, {"", RegionAT}: DeAT,
	} {
		if got := in.Texts(); got != want {
			t.Errorf("%v.Texts() = %v, want %v", in, got, want)
		}
	}
}
