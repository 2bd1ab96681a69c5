package mail

import (
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/i18n"
)

func fullData() Data {
	return Data{
		Brand: "Acme Voice", Host: "eu.portal.acme.test", Port: 2222,
		UserID: "u-1001", Email: "jane@example.test", Region: "eu",
		Token: "tok_ABC-123.x~y", ValidFor: 30 * time.Minute,
		CareEmail: "care@acme.test", Detail: "SHA256:abc", When: time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600)),
		Locale: i18n.EnCH, Name: "Jane Muster",
	}
}

// What every language's mails must say: the link's validity and that it
// works once, and the local time of the change (4 March 2026 05:06 CET is
// 05:06 in Zurich).
var perLocale = map[i18n.Locale]struct{ validity, once, when string }{
	i18n.EnCH: {"30 minutes", "only once", "on 4 Mar 2026 at 05:06"},
	i18n.DeCH: {"30 Minuten", "nur einmal", "am 4.3.2026 um 05:06 Uhr"},
	i18n.DeAT: {"30 Minuten", "nur einmal", "am 4.3.2026 um 05:06 Uhr"},
	i18n.FrCH: {"30 minutes", "une seule fois", "le 04.03.2026 à 05:06"},
	i18n.ItCH: {"30 minuti", "una sola volta", "il 4.3.2026 alle 05:06"},
}

func TestRenderEveryKindInEveryLanguage(t *testing.T) {
	t.Parallel()
	for loc, want := range perLocale {
		for _, k := range allKinds {
			d := fullData()
			d.Locale = loc
			subj, body, err := Render(k, d)
			if err != nil {
				t.Fatalf("%s %s: %v", loc, k, err)
			}
			all := subj + "\n" + body
			if strings.Contains(all, "UTC") {
				t.Errorf("%s %s shows UTC:\n%s", loc, k, all)
			}
			if loc != i18n.DeAT && strings.ContainsRune(all, 'ß') {
				t.Errorf("%s %s has ß:\n%s", loc, k, all)
			}
			if !strings.Contains(body, d.Name) || !strings.Contains(body, d.UserID) || !strings.Contains(subj, d.Brand) {
				t.Errorf("%s %s lacks the name, user ID or brand:\n%s", loc, k, all)
			}
			if k.hasLink() {
				for _, w := range []string{want.validity, want.once, d.Link(), d.Command()} {
					if !strings.Contains(body, w) {
						t.Errorf("%s %s lacks %q:\n%s", loc, k, w, body)
					}
				}
			} else if !strings.Contains(strings.Join(strings.Fields(body), " "), want.when) || !strings.Contains(body, d.CareEmail) {
				t.Errorf("%s %s lacks %q or the care address:\n%s", loc, k, want.when, body)
			}
			if loc != i18n.EnCH && strings.Contains(all, "customer care") {
				t.Errorf("%s %s has English left in it:\n%s", loc, k, all)
			}
		}
	}
}

// Issue 15 point 14: the welcome mail calls it the User ID, as the portal
// does, and greets the customer by name.
func TestWelcomeWording(t *testing.T) {
	t.Parallel()
	cases := map[i18n.Locale][]string{
		i18n.EnCH: {"Hello Jane Muster,", "User ID is u-1001"},
		i18n.DeCH: {"Guten Tag Jane Muster,", "Benutzer-ID lautet u-1001", "Freundliche Grüsse"},
		i18n.DeAT: {"Guten Tag Jane Muster,", "Benutzer-ID lautet u-1001", "Freundliche Grüße"},
		i18n.FrCH: {"Bonjour Jane Muster,", "ID utilisateur est u-1001"},
		i18n.ItCH: {"Buongiorno Jane Muster,", "ID utente è u-1001"},
	}
	for loc, wants := range cases {
		d := fullData()
		d.Locale = loc
		_, body, err := Render(KindWelcome, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s welcome lacks %q:\n%s", loc, w, body)
			}
		}
		if strings.Contains(body, "account ID") {
			t.Errorf("%s welcome says account ID", loc)
		}
	}
	d := fullData()
	d.Name = ""
	if _, body, _ := Render(KindWelcome, d); !strings.HasPrefix(body, "Hello,\n") {
		t.Errorf("without a name the greeting is %q", strings.SplitN(body, "\n", 2)[0])
	}
}

// An Austrian customer who chose French or English reads the same texts
// as a Swiss one, in Vienna's time.
func TestRenderOtherLanguagesInAustria(t *testing.T) {
	t.Parallel()
	d := fullData()
	d.Region, d.Locale = "AT", i18n.Locale{Lang: i18n.French, Region: "AT"}
	subj, body, err := Render(KindPasswordChanged, d)
	if err != nil || !strings.Contains(subj, "mot de passe a été modifié") || !strings.Contains(body, "le 04.03.2026 à 05:06") {
		t.Errorf("French for AT: %q, %v\n%s", subj, err, body)
	}
	d.Locale = i18n.Locale{Lang: i18n.English, Region: "AT"}
	if subj, _, err := Render(KindPasswordChanged, d); err != nil || !strings.Contains(subj, "your password was changed") {
		t.Errorf("English for AT: %q, %v", subj, err)
	}
}

// Without a locale a mail is in the region's default language.
func TestRenderRegionDefault(t *testing.T) {
	t.Parallel()
	d := fullData()
	d.Locale, d.Region = i18n.Locale{}, "AT"
	subj, _, err := Render(KindPasswordChanged, d)
	if err != nil || !strings.Contains(subj, "Passwort wurde geändert") {
		t.Errorf("AT default: %q, %v", subj, err)
	}
}

func TestRenderEveryKind(t *testing.T) {
	t.Parallel()
	d := fullData()
	for _, k := range allKinds {
		t.Run(string(k), func(t *testing.T) {
			subj, body, err := Render(k, d)
			if err != nil {
				t.Fatal(err)
			}
			if subj == "" || strings.ContainsAny(subj, "\r\n") {
				t.Errorf("bad subject %q", subj)
			}
			if !strings.Contains(subj, d.Brand) {
				t.Errorf("subject %q lacks the brand", subj)
			}
			for _, want := range []string{d.Brand, d.Host, d.UserID} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
			for _, bad := range []string{"<no value>", "{{", "}}", "%!"} {
				if strings.Contains(body, bad) || strings.Contains(subj, bad) {
					t.Errorf("output contains %q:\n%s\n%s", bad, subj, body)
				}
			}
			if !strings.HasSuffix(body, "\n") || strings.HasPrefix(body, "\n") {
				t.Errorf("body should start with text and end with one newline: %q", body)
			}
			if strings.Contains(strings.ToLower(body), "password:") {
				t.Errorf("body looks like it carries a password:\n%s", body)
			}
			if k.hasLink() {
				for _, want := range []string{
					"ssh://reset+tok_ABC-123.x~y@eu.portal.acme.test:2222",
					"ssh -p 2222 reset+tok_ABC-123.x~y@eu.portal.acme.test",
					"30 minutes", "only once",
				} {
					if !strings.Contains(body, want) {
						t.Errorf("link mail lacks %q:\n%s", want, body)
					}
				}
			} else {
				if strings.Contains(body, d.Token) {
					t.Errorf("notice contains the token:\n%s", body)
				}
				for _, want := range []string{d.CareEmail, "4 Mar 2026 at 05:06"} {
					if !strings.Contains(body, want) {
						t.Errorf("notice lacks %q:\n%s", want, body)
					}
				}
			}
		})
	}
}

func TestRenderSpecificTexts(t *testing.T) {
	t.Parallel()
	d := fullData()
	_, body, _ := Render(KindPasswordReset, d)
	if !strings.Contains(body, "did not ask for this, ignore this mail") {
		t.Errorf("reset mail must say to ignore it if unrequested:\n%s", body)
	}
	_, body, _ = Render(KindPasswordChanged, d)
	if !strings.Contains(body, "If it was not you, contact customer care") {
		t.Errorf("password-changed mail must say whom to contact:\n%s", body)
	}
}

// Optional fields may be empty without leaving gaps or dangling words.
func TestRenderMinimalData(t *testing.T) {
	t.Parallel()
	for _, k := range allKinds {
		d := Data{Brand: "Acme", Host: "h.test", Port: 22, Token: "t", ValidFor: time.Hour, CareEmail: "c@h.test", Detail: "SHA256:abc", Locale: i18n.EnCH}
		_, body, err := Render(k, d)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		for _, bad := range []string{" .", "  ", "()", " on .", "account ."} {
			for line := range strings.SplitSeq(body, "\n") {
				// Indentation is layout (the link, the command, a path
				// in the portal); a gap is inside a line.
				if strings.Contains(strings.TrimLeft(line, " "), bad) {
					t.Errorf("%s: line %q contains %q", k, line, bad)
				}
			}
		}
	}
}

func TestRenderValidates(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		kind Kind
		mod  func(*Data)
	}{
		"unknown kind":       {"nope", func(*Data) {}},
		"no brand":           {KindPasswordChanged, func(d *Data) { d.Brand = "" }},
		"no host":            {KindTwoFactorEnabled, func(d *Data) { d.Host = "" }},
		"host with space":    {KindPasswordReset, func(d *Data) { d.Host = "a b" }},
		"host with shell":    {KindPasswordReset, func(d *Data) { d.Host = "x;rm" }},
		"no token":           {KindPasswordReset, func(d *Data) { d.Token = "" }},
		"token with @":       {KindWelcome, func(d *Data) { d.Token = "a@b" }},
		"token with space":   {KindWelcome, func(d *Data) { d.Token = "a b" }},
		"no port":            {KindWelcome, func(d *Data) { d.Port = 0 }},
		"no validity":        {KindPasswordReset, func(d *Data) { d.ValidFor = 0 }},
		"no care email":      {KindPasswordChanged, func(d *Data) { d.CareEmail = "" }},
		"newline in brand":   {KindPasswordReset, func(d *Data) { d.Brand = "A\nBcc: x@y" }},
		"newline in user id": {KindPasswordChanged, func(d *Data) { d.UserID = "u\n\nforged" }},
		"newline in name":    {KindWelcome, func(d *Data) { d.Name = "Jane\n\nforged" }},
	}
	for name, tc := range cases {
		d := fullData()
		tc.mod(&d)
		if _, _, err := Render(tc.kind, d); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Link mails don't need CareEmail, notices don't need a token.
	d := fullData()
	d.CareEmail = ""
	if _, _, err := Render(KindPasswordReset, d); err != nil {
		t.Errorf("reset without CareEmail: %v", err)
	}
	d = fullData()
	d.Token, d.Port, d.ValidFor = "", 0, 0
	if _, _, err := Render(KindTwoFactorDisabled, d); err != nil {
		t.Errorf("notice without token: %v", err)
	}
}

func TestValidForText(t *testing.T) {
	t.Parallel()
	for v, want := range map[time.Duration]string{
		time.Minute:                   "1 minute",
		30 * time.Minute:              "30 minutes",
		90 * time.Second:              "2 minutes", // rounded up
		time.Hour:                     "60 minutes",
		90 * time.Minute:              "90 minutes",
		2 * time.Hour:                 "2 hours",
		24 * time.Hour:                "24 hours",
		72 * time.Hour:                "3 days",
		72*time.Hour + 30*time.Minute: "4,350 minutes",
	} {
		if got := (Data{ValidFor: v, Locale: i18n.EnCH}).ValidForText(); got != want {
			t.Errorf("ValidForText(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestLinkIPv6(t *testing.T) {
	t.Parallel()
	d := Data{Host: "2001:db8::1", Port: 2222, Token: "t"}
	if got, want := d.Link(), "ssh://reset+t@[2001:db8::1]:2222"; got != want {
		t.Errorf("Link = %q, want %q", got, want)
	}
}

func TestEveryKindHasTemplate(t *testing.T) {
	t.Parallel()
	entries, err := templateFS.ReadDir("templates/en")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, k := range allKinds {
		known[string(k)+".txt"] = true
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "_") && !known[e.Name()] {
			t.Errorf("template %s has no Kind", e.Name())
		}
	}
	for loc, set := range templates {
		if len(set) != len(allKinds) {
			t.Errorf("%s: %d templates for %d kinds", loc, len(set), len(allKinds))
		}
	}
}

func TestSecurityNoticesNameWhatTheyAreAbout(t *testing.T) {
	t.Parallel()
	for _, k := range []Kind{KindKeyAdded, KindKeyRemoved, KindNewSignIn} {
		d := Data{Brand: "Acme", Host: "h.test", CareEmail: "c@h.test", Locale: i18n.DeCH}
		if _, _, err := Render(k, d); err == nil {
			t.Errorf("%s without Detail rendered", k)
		}
		d.Detail = "SHA256:abc\r\nBcc: x"
		if _, _, err := Render(k, d); err == nil {
			t.Errorf("%s with a line break in Detail rendered", k)
		}
		d.Detail = "SHA256:Fw2u1Zt"
		_, body, err := Render(k, d)
		if err != nil || !strings.Contains(body, "SHA256:Fw2u1Zt") {
			t.Errorf("%s: %v\n%s", k, err, body)
		}
	}
}
