package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// The Security page gives the key rules' refusals in the session's
// language: a weak RSA key, then a wrong password, in Swiss German.
func TestSecurityPageRefusesInTheSessionsLanguage(t *testing.T) {
	c := testCommon(t)
	c.Voice = voiceIn(i18n.DeCH)
	pw := seedPassword(t, c)
	c.Width, c.Height = 100, 60
	var p Page = newSecurityPage(c)
	p = runPage(p, p.Init())

	add := func(line, password string) string {
		t.Helper()
		p = typeInto(p, "a")
		p = typeInto(p, line)
		p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
		p = typeInto(p, "laptop")
		p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
		p = typeInto(p, password)
		var cmd tea.Cmd
		p, cmd = p.Update(tea.KeyMsg{Type: tea.KeyEnter})
		p = runPage(p, cmd)
		v := strings.Join(strings.Fields(p.View()), " ") // the card wraps long refusals
		p, _ = p.Update(tea.KeyMsg{Type: tea.KeyEsc})
		return v
	}
	v := add(portaltest.RSALine(t, 2048), pw)
	wantIn(t, v, "Dieser RSA-Schlüssel hat 2048 Bit und ist damit zu schwach", "mindestens 3072 Bit")
	wantNotIn(t, v, "too weak", "[sshkey.")

	good, _ := portaltest.Ed25519Line(t, "")
	v = add(good, "Falsches-Passwort1")
	wantIn(t, v, "Das Login-Passwort (oder, mit 2FA, der Einmalcode) ist falsch.")
	wantNotIn(t, v, "is wrong")
}
