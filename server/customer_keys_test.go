package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// runKeysCommand runs a command with text on its stdin, in English.
func runKeysCommand(t *testing.T, c *gossh.Client, cmd, stdin string) (string, string, int) {
	t.Helper()
	return runSession(t, c, "en_GB.UTF-8", cmd, []byte(stdin))
}

func newEd25519Signer(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// waitFor polls cond until it holds or 10 s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestCustomerKeyAddedByCommandLogsInAndRemovalEndsItsSessions(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	signer := newEd25519Signer(t)
	if c, err := p.dial(alice.UserID, gossh.PublicKeys(signer)); err == nil {
		c.Close()
		t.Fatal("an unregistered key logged in")
	}
	pw := p.login(t, alice)
	if _, errOut, code := runKeysCommand(t, pw, "keys add --name laptop", portaltest.AuthorizedLine(signer.PublicKey(), "")+"\nWrong-password1\n"); code != cmdkit.ExitRefused ||
		!strings.Contains(errOut, "password") {
		t.Fatalf("add with a wrong password: exit %d %s", code, errOut)
	}
	if _, errOut, code := runKeysCommand(t, pw, "keys add", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ== x\n"+testPassword+"\n"); code != cmdkit.ExitRefused ||
		!strings.Contains(errOut, "Error:") {
		t.Fatalf("add a malformed key: exit %d %s", code, errOut)
	}
	out, errOut, code := runKeysCommand(t, pw, "keys add --name laptop", portaltest.AuthorizedLine(signer.PublicKey(), "")+"\n"+testPassword+"\n")
	fp := gossh.FingerprintSHA256(signer.PublicKey())
	if code != 0 || !strings.Contains(out, fp) {
		t.Fatalf("add: exit %d %s %s", code, out, errOut)
	}

	kc, err := p.dial(alice.UserID, gossh.PublicKeys(signer))
	if err != nil {
		t.Fatalf("key login: %v", err)
	}
	defer kc.Close()
	if out, _, code := run(t, kc, "whoami"); code != 0 || !strings.Contains(out, alice.UserID) {
		t.Fatalf("whoami with the key: %d %s", code, out)
	}
	var keys []portal.CustomerKey
	out, _, _ = run(t, kc, "keys list --json")
	if err := json.Unmarshal([]byte(out), &keys); err != nil || len(keys) != 1 || keys[0].Name != "laptop" || keys[0].LastUsedAt == nil {
		t.Fatalf("keys list: %v %s", err, out)
	}

	// An open session of the key ends when the key is removed.
	held, err := kc.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	stdin, _ := held.StdinPipe()
	defer stdin.Close()
	var heldErr bytes.Buffer
	held.Stderr = &heldErr
	if err := held.Start("keys add"); err != nil { // waits for stdin that never comes
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- held.Wait() }()
	waitFor(t, "the key session's row", func() bool {
		l, _ := p.svc.LiveSessions(context.Background(), alice, "")
		n := 0
		for _, s := range l {
			if s.Auth == fp {
				n++
			}
		}
		return n >= 1
	})
	if out, errOut, code := runKeysCommand(t, pw, "keys remove "+fp, testPassword+"\n"); code != 0 {
		t.Fatalf("remove: exit %d %s %s", code, out, errOut)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the removed key's session did not end")
	}
	// In the session's language: no setting, no LANG, so the CH default.
	if !strings.Contains(heldErr.String(), "Der SSH-Schlüssel dieser Sitzung wurde entfernt") {
		t.Fatalf("ended session was told %q", heldErr.String())
	}
	connClosed := make(chan error, 1)
	go func() { connClosed <- kc.Wait() }()
	select {
	case <-connClosed:
	case <-time.After(10 * time.Second):
		t.Fatal("the removed key's connection stayed open")
	}
	if c, err := p.dial(alice.UserID, gossh.PublicKeys(signer)); err == nil {
		c.Close()
		t.Fatal("a removed key logged in")
	}
	if _, _, code := runKeysCommand(t, pw, "keys remove "+fp, testPassword+"\n"); code != cmdkit.ExitNotFound {
		t.Fatalf("remove twice: exit %d", code)
	}

	// The timeline lists each step.
	out, _, _ = run(t, pw, "security log --json")
	var events []portal.SecurityEvent
	if err := json.Unmarshal([]byte(out), &events); err != nil {
		t.Fatal(err)
	}
	var steps []string
	for i := len(events) - 1; i >= 0; i-- {
		steps = append(steps, events[i].Action+" "+events[i].Detail)
	}
	got := strings.Join(steps, "\n")
	for _, want := range []string{"login keyboard-interactive", "login.failed password to confirm a key change", "key.add " + fp,
		"login publickey " + fp, "key.remove " + fp} {
		if !strings.Contains(got, want) {
			t.Fatalf("timeline lacks %q:\n%s", want, got)
		}
	}
}

func TestCustomerKeyWithTwoFactorAsksForTheCode(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	ctx := context.Background()
	alice := p.customer(t, "alice@example.ch")
	setup, _ := p.svc.NewTOTPSetup(alice.UserID)
	now := time.Now()
	code, _ := totp.GenerateCode(setup.Secret, now)
	recovery, err := p.svc.ActivateTOTP(ctx, alice, setup, code)
	if err != nil {
		t.Fatal(err)
	}
	signer := newEd25519Signer(t)
	if _, err := p.svc.AddCustomerKey(ctx, alice, portal.KeyChange{Line: portaltest.AuthorizedLine(signer.PublicKey(), ""), Proof: recovery[0]}); err != nil {
		t.Fatal(err)
	}
	if c, err := p.dial(alice.UserID, gossh.PublicKeys(signer)); err == nil {
		c.Close()
		t.Fatal("key alone logged in with 2FA on")
	}
	asked := false
	later, _ := totp.GenerateCode(setup.Secret, now.Add(30*time.Second))
	c, err := p.dial(alice.UserID, gossh.PublicKeys(signer), kbd("", func() string { asked = true; return later }))
	if err != nil || !asked {
		t.Fatalf("key then code: %v (asked %v)", err, asked)
	}
	c.Close()
}

// fidoSigner is a security key in software: an sk-ssh-ed25519 key whose
// signatures carry the authenticator's flags (PROTOCOL.u2f), with the
// user-presence bit set or not.
type fidoSigner struct {
	priv     ed25519.PrivateKey
	pub      gossh.PublicKey
	presence bool
}

func newFIDOSigner(t *testing.T, presence bool) *fidoSigner {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.ParsePublicKey(gossh.Marshal(struct{ Type, Key, App string }{portal.KeyTypeSKEd25519, string(pub), "ssh:"}))
	if err != nil {
		t.Fatal(err)
	}
	return &fidoSigner{priv: priv, pub: k, presence: presence}
}

func (f *fidoSigner) PublicKey() gossh.PublicKey { return f.pub }

func (f *fidoSigner) Sign(_ io.Reader, data []byte) (*gossh.Signature, error) {
	var flags byte
	if f.presence {
		flags = 0x01
	}
	const counter = 7
	app, msg := sha256.Sum256([]byte("ssh:")), sha256.Sum256(data)
	signed := gossh.Marshal(struct {
		App     []byte `ssh:"rest"`
		Flags   byte
		Counter uint32
		Msg     []byte `ssh:"rest"`
	}{app[:], flags, counter, msg[:]})
	return &gossh.Signature{
		Format: portal.KeyTypeSKEd25519,
		Blob:   ed25519.Sign(f.priv, signed),
		Rest: gossh.Marshal(struct {
			Flags   byte
			Counter uint32
		}{flags, counter}),
	}, nil
}

func TestSecurityKeyWithUserPresenceIsTheSecondFactor(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	ctx := context.Background()
	alice := p.customer(t, "alice@example.ch")
	setup, _ := p.svc.NewTOTPSetup(alice.UserID)
	now := time.Now()
	code, _ := totp.GenerateCode(setup.Secret, now)
	if _, err := p.svc.ActivateTOTP(ctx, alice, setup, code); err != nil {
		t.Fatal(err)
	}
	touched := newFIDOSigner(t, true)
	next, _ := totp.GenerateCode(setup.Secret, now.Add(30*time.Second))
	if _, err := p.svc.AddCustomerKey(ctx, alice, portal.KeyChange{Line: portaltest.AuthorizedLine(touched.PublicKey(), "") + " yubikey", Proof: next}); err != nil {
		t.Fatal(err)
	}
	c, err := p.dial(alice.UserID, gossh.PublicKeys(touched))
	if err != nil {
		t.Fatalf("security key with a touch, 2FA on: %v", err)
	}
	if out, _, code := run(t, c, "security log"); code != 0 || !strings.Contains(out, "security key SHA256:") {
		t.Fatalf("timeline after a security-key login: %d\n%s", code, out)
	}
	c.Close()

	// The same key without the touch: x/crypto refuses the signature.
	untouched := &fidoSigner{priv: touched.priv, pub: touched.pub, presence: false}
	if c, err := p.dial(alice.UserID, gossh.PublicKeys(untouched)); err == nil {
		c.Close()
		t.Fatal("a security-key signature without user presence logged in")
	}
}

func TestRevokedSessionEnds(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	a := p.login(t, alice)
	b := p.login(t, alice)
	held, _ := b.NewSession()
	stdin, _ := held.StdinPipe()
	defer stdin.Close()
	if err := held.Start("keys add"); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- held.Wait() }()
	var list []portal.LiveSession
	waitFor(t, "two other sessions listed", func() bool {
		out, _, _ := run(t, a, "sessions --json")
		list = nil
		_ = json.Unmarshal([]byte(out), &list)
		return len(list) == 2
	})
	var me, other string
	for _, l := range list {
		if l.Current {
			me = l.ID
		} else {
			other = l.ID
		}
	}
	if me == "" || other == "" {
		t.Fatalf("sessions %+v", list)
	}
	if _, _, code := run(t, a, "sessions revoke nosuchid"); code != cmdkit.ExitNotFound {
		t.Fatalf("revoke unknown: %d", code)
	}
	// "this session" is the command's own row, not the one listed earlier.
	if out, errOut, code := run(t, a, "sessions revoke "+other); code != 0 {
		t.Fatalf("revoke: %d %s %s", code, out, errOut)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the revoked session did not end")
	}
	out, _, _ := run(t, a, "security log") // the table names the event; --json keeps the code session.revoke
	if !strings.Contains(out, "session ended") {
		t.Fatalf("timeline lacks the revocation:\n%s", out)
	}
}

func TestCareSeesTheCustomersSecurityTimeline(t *testing.T) {
	t.Parallel()
	p := startAdminPortal(t, dbtest.SQLite(t))
	alice := p.customer(t, "alice@example.ch")
	if c, err := p.dial(alice.UserID, kbd("Wrong-password1", nil)); err == nil {
		c.Close()
		t.Fatal("wrong password logged in")
	}
	p.login(t, alice) // a successful login, for the timeline
	admin := p.dialAdmin(t)
	defer admin.Close()
	var show portal.AccountDetails
	adminJSON(t, admin, "admin customer show alice@example.ch --json", &show)
	var got []string
	for _, e := range show.SecurityLog {
		got = append(got, e.Action+" "+e.Detail+" "+e.Source)
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, "login.failed keyboard-interactive 127.0.0.1") || !strings.Contains(joined, "login keyboard-interactive 127.0.0.1") {
		t.Fatalf("care's view of the timeline:\n%s", joined)
	}
	out, _ := adminRun(t, admin, 0, "admin customer show alice@example.ch")
	if !strings.Contains(out, "Security timeline, 90 days") || !strings.Contains(out, "login.failed") {
		t.Fatalf("show:\n%s", out)
	}
}

func TestTouchedSessionShowsItsLastActivity(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	held, _ := c.NewSession()
	stdin, _ := held.StdinPipe()
	defer stdin.Close()
	if err := held.Start("keys add"); err != nil {
		t.Fatal(err)
	}
	var row portal.LiveSession
	waitFor(t, "the session's row", func() bool {
		l, _ := p.svc.LiveSessions(context.Background(), alice, "")
		if len(l) == 1 {
			row = l[0]
		}
		return len(l) == 1
	})
	p.srv.sessions.TouchLive(row.ID)
	waitFor(t, "the last activity to move", func() bool {
		l, _ := p.svc.LiveSessions(context.Background(), alice, "")
		return len(l) == 1 && l[0].LastActiveAt.After(row.StartedAt)
	})
}

// What the customer types is the session's activity: input on a command's
// stdin moves the last activity the Sessions list shows.
func TestInputMovesTheSessionsLastActivity(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	held, _ := c.NewSession()
	stdin, _ := held.StdinPipe()
	defer stdin.Close()
	if err := held.Start("keys add"); err != nil {
		t.Fatal(err)
	}
	var row portal.LiveSession
	waitFor(t, "the session's row", func() bool {
		l, _ := p.svc.LiveSessions(context.Background(), alice, "")
		if len(l) == 1 {
			row = l[0]
		}
		return len(l) == 1
	})
	// Nothing typed yet: the row stays at its start however often the
	// watcher runs.
	if !row.LastActiveAt.Equal(row.StartedAt) {
		t.Fatalf("last activity %v before any input, started %v", row.LastActiveAt, row.StartedAt)
	}
	// Half a key line, no newline: the command keeps reading, the session is active.
	if _, err := io.WriteString(stdin, "ssh-ed25519 AAAA"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the last activity to move after input", func() bool {
		l, _ := p.svc.LiveSessions(context.Background(), alice, "")
		return len(l) == 1 && l[0].LastActiveAt.After(row.StartedAt)
	})
}

func TestDisablingTheAccountEndsItsKeyConnections(t *testing.T) {
	t.Parallel()
	p := startAdminPortal(t, dbtest.SQLite(t))
	alice := p.customer(t, "alice@example.ch")
	signer := newEd25519Signer(t)
	if _, err := p.svc.AddCustomerKey(context.Background(), alice, portal.KeyChange{Line: portaltest.AuthorizedLine(signer.PublicKey(), ""), Proof: testPassword}); err != nil {
		t.Fatal(err)
	}
	kc, err := p.dial(alice.UserID, gossh.PublicKeys(signer))
	if err != nil {
		t.Fatal(err)
	}
	defer kc.Close()
	held, _ := kc.NewSession()
	stdin, _ := held.StdinPipe()
	defer stdin.Close()
	if err := held.Start("keys add"); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- held.Wait() }()
	waitFor(t, "the key session's row", func() bool {
		l, _ := p.svc.LiveSessions(context.Background(), alice, "")
		return len(l) == 1
	})
	admin := p.dialAdmin(t)
	defer admin.Close()
	adminRun(t, admin, 0, "admin customer disable alice@example.ch")
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the key's session outlived the disabled account")
	}
	if c, err := p.dial(alice.UserID, gossh.PublicKeys(signer)); err == nil {
		c.Close()
		t.Fatal("a disabled account logged in with its key")
	}
}

// A removed key's connection with no session on it (a ControlMaster held
// open with -N or ControlPersist) ends too: at once when the key is
// removed through this server, and through the watcher's round when it
// went through another replica (here: straight in the store).
func TestARemovedKeysConnectionWithoutSessionsEnds(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	ctx := context.Background()
	for _, viaThisServer := range []bool{true, false} {
		signer := newEd25519Signer(t)
		k, err := p.svc.AddCustomerKey(ctx, alice, portal.KeyChange{Line: portaltest.AuthorizedLine(signer.PublicKey(), ""), Proof: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		kc, err := p.dial(alice.UserID, gossh.PublicKeys(signer))
		if err != nil {
			t.Fatalf("key login: %v", err)
		}
		closed := make(chan error, 1)
		go func() { closed <- kc.Wait() }()
		if viaThisServer {
			_, err = p.svc.RemoveCustomerKey(ctx, alice, portal.KeyChange{Fingerprint: k.Fingerprint, Proof: testPassword})
		} else {
			err = db.RemoveCustomerKey(ctx, p.svc.DB, alice.ID, k.Fingerprint)
		}
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			kc.Close()
			t.Fatalf("removed through this server %v: the key's connection without a session stayed open", viaThisServer)
		}
	}
}
