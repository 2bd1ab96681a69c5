package mail

import (
	"strings"
	"testing"
	"time"
)

func fullData() Data {
	return Data{
		Brand: "Acme Voice", Host: "eu.portal.acme.test", Port: 2222,
		UserID: "u-1001", Email: "jane@example.test", Region: "eu",
		Token: "tok_ABC-123.x~y", ValidFor: 30 * time.Minute,
		CareEmail: "care@acme.test", When: time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600)),
	}
}

func TestRenderEveryKind(t *testing.T) {
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
				for _, want := range []string{d.CareEmail, "4 March 2026 at 04:06 UTC"} {
					if !strings.Contains(body, want) {
						t.Errorf("notice lacks %q:\n%s", want, body)
					}
				}
			}
		})
	}
}

func TestRenderSpecificTexts(t *testing.T) {
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
	for _, k := range allKinds {
		d := Data{Brand: "Acme", Host: "h.test", Port: 22, Token: "t", ValidFor: time.Hour, CareEmail: "c@h.test"}
		_, body, err := Render(k, d)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		for _, bad := range []string{" .", "  ", "()", " on .", "account ."} {
			for line := range strings.SplitSeq(body, "\n") {
				if strings.HasPrefix(line, "  ssh") {
					continue // the indented link and command
				}
				if strings.Contains(line, bad) {
					t.Errorf("%s: line %q contains %q", k, line, bad)
				}
			}
		}
	}
}

func TestRenderValidates(t *testing.T) {
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
	for v, want := range map[time.Duration]string{
		time.Minute:                   "1 minute",
		30 * time.Minute:              "30 minutes",
		90 * time.Second:              "2 minutes", // rounded up
		time.Hour:                     "60 minutes",
		90 * time.Minute:              "90 minutes",
		2 * time.Hour:                 "2 hours",
		24 * time.Hour:                "24 hours",
		72 * time.Hour:                "3 days",
		72*time.Hour + 30*time.Minute: "4350 minutes",
	} {
		if got := (Data{ValidFor: v}).ValidForText(); got != want {
			t.Errorf("ValidForText(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestLinkIPv6(t *testing.T) {
	d := Data{Host: "2001:db8::1", Port: 2222, Token: "t"}
	if got, want := d.Link(), "ssh://reset+t@[2001:db8::1]:2222"; got != want {
		t.Errorf("Link = %q, want %q", got, want)
	}
}

func TestEveryKindHasTemplate(t *testing.T) {
	entries, err := templateFS.ReadDir("templates")
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
	if len(templates) != len(allKinds) {
		t.Errorf("%d templates for %d kinds", len(templates), len(allKinds))
	}
}
