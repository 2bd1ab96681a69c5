package server

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// keys remove run with the key of its own session succeeds: it says the
// key was removed, then that the session ends, exits 0, and closes the
// connection; the key's other sessions end as they always do.
func TestKeysRemoveOfTheSessionsOwnKeySucceedsAndEndsIt(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	signer := newEd25519Signer(t)
	fp := gossh.FingerprintSHA256(signer.PublicKey())
	if _, err := p.svc.AddCustomerKey(t.Context(), alice, portal.KeyChange{Line: portaltest.AuthorizedLine(signer.PublicKey(), ""), Name: "laptop", Proof: testPassword}); err != nil {
		t.Fatal(err)
	}
	// Another session of the key, waiting for stdin that never comes.
	other, err := p.dial(alice.UserID, gossh.PublicKeys(signer))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	held, err := other.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	stdin, _ := held.StdinPipe()
	defer stdin.Close()
	if err := held.Start("keys add"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the other session's row", func() bool {
		l, _ := p.svc.LiveSessions(t.Context(), alice, "")
		return len(l) == 1
	})
	kc, err := p.dial(alice.UserID, gossh.PublicKeys(signer))
	if err != nil {
		t.Fatal(err)
	}
	defer kc.Close()

	out, errOut, code := runSession(t, kc, "it_CH.UTF-8", "keys remove "+fp, []byte(testPassword+"\n"))
	if code != 0 || !strings.Contains(out, "Chiave "+fp+" rimossa") ||
		!strings.Contains(errOut, "questa sessione ha effettuato l'accesso con questa chiave e quindi termina ora") {
		t.Fatalf("keys remove of the session's own key: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if strings.Contains(errOut, "Errore") || strings.Contains(errOut, "è stata rimossa; acceda di nuovo") {
		t.Errorf("the success reads as a failure:\n%s", errOut)
	}
	if keys, _ := p.svc.CustomerKeys(t.Context(), alice); len(keys) != 0 {
		t.Fatalf("the key is still there: %+v", keys)
	}
	for name, c := range map[string]*gossh.Client{"the command's": kc, "the other": other} {
		closed := make(chan error, 1)
		go func() { closed <- c.Wait() }()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s connection of the removed key stayed open", name)
		}
	}
}
