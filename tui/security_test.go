package tui

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// runPage feeds a page's commands back into it, as the program would.
func runPage(p Page, cmd tea.Cmd) Page {
	for i := 0; cmd != nil && i < 20; i++ {
		msg := cmd()
		if msg == nil {
			break
		}
		p, cmd = p.Update(msg)
	}
	return p
}

func typeInto(p Page, s string) Page {
	for _, r := range s {
		p, _ = p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return p
}

func TestSecurityPageAddsAKeyAndEndsOtherSessions(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	pw := seedPassword(t, c)
	ctx := context.Background()
	me, _ := c.Svc.StartLiveSession(ctx, portal.LiveStart{AccountID: c.Account.ID, How: portal.HowTUI, Source: "192.0.2.9", Auth: portal.AuthPassword})
	_, _ = c.Svc.StartLiveSession(ctx, portal.LiveStart{AccountID: c.Account.ID, How: portal.HowSFTP, Source: "198.51.100.7", Auth: portal.AuthPassword})
	c.LiveID, c.Width, c.Height = me, 100, 60
	var p Page = newSecurityPage(c)
	p = runPage(p, p.Init())
	v := p.View()
	if !strings.Contains(v, "No SSH keys") || !strings.Contains(v, "198.51.100.7") || !strings.Contains(v, "(this session)") {
		t.Fatalf("overview:\n%s", v)
	}

	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	k, _ := gossh.NewPublicKey(pub)
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
	p = typeInto(p, "a")
	if !p.Capturing() || !strings.Contains(p.View(), "Add an SSH key") {
		t.Fatalf("add form:\n%s", p.View())
	}
	p = typeInto(p, line)
	p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	p = typeInto(p, "laptop")
	p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	p = typeInto(p, "Wrong-password1")
	p, cmd := p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	p = runPage(p, cmd)
	if v := p.View(); !strings.Contains(v, "password") || !strings.Contains(v, "✗") {
		t.Fatalf("wrong password:\n%s", v)
	}
	p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEsc})
	p = typeInto(p, "a")
	p = typeInto(p, line)
	p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	p = typeInto(p, pw)
	p, cmd = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	p = runPage(p, cmd)
	fp := gossh.FingerprintSHA256(k)
	if v := p.View(); !strings.Contains(v, "Key "+fp+" added") || p.Capturing() {
		t.Fatalf("after adding:\n%s", v)
	}
	if keys, _ := c.Svc.CustomerKeys(ctx, c.Account); len(keys) != 1 || keys[0].Fingerprint != fp {
		t.Fatalf("stored keys %+v", keys)
	}

	p, _ = p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'e'}})
	if v := p.View(); !strings.Contains(v, "End all other sessions of your account?") || !p.Capturing() {
		t.Fatalf("e does not ask first:\n%s", v)
	}
	p, cmd = p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'y'}})
	p = runPage(p, cmd)
	if v := p.View(); !strings.Contains(v, "1 other session ended.") || strings.Contains(v, "198.51.100.7") {
		t.Fatalf("after ending the others:\n%s", v)
	}
	if list, _ := c.Svc.LiveSessions(ctx, c.Account, me); len(list) != 1 || !list[0].Current {
		t.Fatalf("sessions left %+v", list)
	}
}

// My account → k opens Security in the session's language with local
// times; esc goes back to My account.
func TestSecurityOpensFromMyAccountInTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	c.Voice = voiceIn(i18n.DeCH)
	ctx := context.Background()
	me, err := c.Svc.StartLiveSession(ctx, portal.LiveStart{AccountID: c.Account.ID, How: portal.HowTUI, Source: "192.0.2.9", Auth: portal.AuthPassword})
	if err != nil {
		t.Fatal(err)
	}
	c.LiveID = me
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	run(t, app, keys2("4k")...)
	list, _ := c.Svc.LiveSessions(ctx, c.Account, me)
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	started := c.V().Clock.DateTime(list[0].StartedAt)
	v := app.View()
	wantIn(t, v, "Sicherheit", "SSH-Schlüssel", "Offene Sitzungen", "▸ Portal  192.0.2.9  Passwort  (diese Sitzung)",
		"seit "+started, "Sicherheitsverlauf", "a Schlüssel hinzufügen")
	wantNotIn(t, v, "UTC", "[security.", "add key")
	if !strings.Contains(started, ".12.") && !strings.Contains(started, ".1.") {
		t.Errorf("start %q is not in the German date format", started)
	}
	// Ending the other sessions: the notice and the timeline's event in German.
	if _, err := c.Svc.StartLiveSession(ctx, portal.LiveStart{AccountID: c.Account.ID, How: portal.HowSFTP, Source: "198.51.100.7", Auth: portal.AuthPassword}); err != nil {
		t.Fatal(err)
	}
	// e asks first; n keeps them, y ends them.
	run(t, app, keys2("e")...)
	wantIn(t, app.View(), "Alle anderen Sitzungen Ihres Kontos beenden?", "j alle anderen Sitzungen beenden", "n/esc behalten")
	run(t, app, keys2("n")...)
	wantNotIn(t, app.View(), "Alle anderen Sitzungen Ihres Kontos beenden?", "andere Sitzung beendet")
	if live, err := c.Svc.LiveSessions(ctx, c.Account, c.LiveID); err != nil || len(live) != 2 {
		t.Fatalf("after n: %d sessions, %v; want both kept", len(live), err)
	}
	run(t, app, keys2("ej")...) // j: ja
	wantIn(t, app.View(), "1 andere Sitzung beendet.", "andere Sitzungen beendet 1 Sitzung")
	wantNotIn(t, app.View(), "session.revoke", "198.51.100.7")
	run(t, app, tea.KeyMsg{Type: tea.KeyEsc})
	wantIn(t, app.View(), "Mein Konto", "Passwort ändern")
	run(t, app, tea.KeyMsg{Type: tea.KeyEnd})
	wantIn(t, app.View(), "SSH-Schlüssel, offene Sitzungen", "k Schlüssel & Sitzungen")
}
