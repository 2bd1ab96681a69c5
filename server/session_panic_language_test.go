package server

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// A session that panics is ended in its own language: the client's LANG,
// or the account's setting before it (issue 14). Not parallel: the hook
// is global.
func TestPanicInSessionIsToldInTheSessionsLanguage(t *testing.T) {
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	sessionHook = func(s sshSession) {
		if strings.Join(s.Command(), " ") == "whoami --boom" {
			panic("injected session panic")
		}
	}
	defer func() { sessionHook = nil }()
	c := p.login(t, alice)
	_, errOut, code := runIn(t, c, "de_CH.UTF-8", "whoami --boom")
	if want := "sipdesk: interner Fehler; die Sitzung wurde geschlossen. Bitte versuchen Sie es noch einmal."; code != cmdkit.ExitError || !strings.Contains(errOut, want) {
		t.Fatalf("panicking session under LANG=de_CH: code %d stderr %q, want %q", code, errOut, want)
	}
	if _, err := p.svc.SetLanguage(t.Context(), alice, "fr", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runIn(t, c, "de_CH.UTF-8", "whoami --boom")
	if want := "sipdesk: erreur interne ; la session a été fermée. Veuillez réessayer."; code != cmdkit.ExitError || !strings.Contains(errOut, want) {
		t.Fatalf("panicking session of a French account: code %d stderr %q, want %q", code, errOut, want)
	}
}
