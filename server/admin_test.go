package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
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

// adminPortal is a running portal with the admin account "admin", whose
// ed25519 key is registered the way --initial-admin-keys registers it.
type adminPortal struct {
	*testPortal
	admin  db.Account
	signer gossh.Signer
}

func newSigner(t *testing.T) gossh.Signer {
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

func authorizedLine(s gossh.Signer, comment string) string {
	return portaltest.AuthorizedLine(s.PublicKey(), comment)
}

func startAdminPortal(t *testing.T, d *db.DB) *adminPortal {
	t.Helper()
	p := startPortal(t, d, nil)
	signer := newSigner(t)
	ctx := context.Background()
	if _, _, err := p.svc.EnsureInitialAdmin(ctx, "admin", "care@example.ch", []string{authorizedLine(signer, "care@desk")}); err != nil {
		t.Fatal(err)
	}
	admin, err := db.AccountByUserID(ctx, d, "admin")
	if err != nil {
		t.Fatal(err)
	}
	return &adminPortal{testPortal: p, admin: admin, signer: signer}
}

func (p *adminPortal) dialAdmin(t *testing.T) *gossh.Client {
	t.Helper()
	c, err := p.dial("admin", gossh.PublicKeys(p.signer))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// setPassword gives an account a login password.
func (p *adminPortal) setPassword(t *testing.T, acct db.Account, pw string) {
	t.Helper()
	hash, err := p.svc.Hasher.Hash(context.Background(), pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPasswordHash(context.Background(), p.svc.DB, acct.ID, hash, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// forgedSigner offers a public key it does not hold: it signs with another
// key (or fails to sign).
type forgedSigner struct {
	pub   gossh.PublicKey
	other gossh.Signer // nil: Sign fails
}

func (f forgedSigner) PublicKey() gossh.PublicKey { return f.pub }

func (f forgedSigner) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	if f.other == nil {
		return nil, errors.New("no private key")
	}
	return f.other.Sign(r, data)
}

// Offering the admin's public key without its private key, then logging in
// with the admin account's password, gives no admin rights: the identity
// comes from the method that succeeded, never from a key merely offered.
func TestAdminKeyWithoutItsPrivateKeyGivesNoAdminRights(t *testing.T) {
	t.Parallel()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaSigner, err := gossh.NewSignerFromKey(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := startAdminPortal(t, d)
		p.setPassword(t, p.admin, testPassword)

		// The server accepts the offer (the key is an admin key), the client
		// then signs with another key whose signature the server refuses as
		// an attempt, and the client goes on with the password.
		forged := forgedSigner{pub: p.signer.PublicKey(), other: rsaSigner}
		c, err := p.dial("admin", gossh.PublicKeys(forged), gossh.Password(testPassword))
		if err != nil {
			t.Fatalf("password after the forged key: %v\n%s", err, p.log.String())
		}
		defer c.Close()
		if !strings.Contains(p.log.String(), "user=admin method=publickey outcome=failed") ||
			!strings.Contains(p.log.String(), "user=admin method=password outcome=ok") {
			t.Fatalf("not a refused key, then a password:\n%s", p.log.String())
		}
		out, errOut, code := run(t, c, "admin customer list")
		if code != cmdkit.ExitNotAdmin || out != "" || !strings.Contains(errOut, "admin commands are for customer care") {
			t.Fatalf("admin after a forged key and a password: exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		// The password session is an ordinary session: whoami works.
		if out, _, code := run(t, c, "whoami"); code != 0 || !strings.Contains(out, "admin") {
			t.Fatalf("whoami: %q %d", out, code)
		}

		// A signature of another key of the same type ends the connection;
		// a client that cannot sign gives up. Neither gets a session.
		for name, s := range map[string]gossh.Signer{
			"other ed25519 key": forgedSigner{pub: p.signer.PublicKey(), other: newSigner(t)},
			"no private key":    forgedSigner{pub: p.signer.PublicKey()},
		} {
			if c, err := p.dial("admin", gossh.PublicKeys(s), gossh.Password("Wrong-password-1")); err == nil {
				c.Close()
				t.Fatalf("%s: logged in", name)
			}
		}
		// The real key gets admin rights.
		if out, errOut, code := run(t, p.dialAdmin(t), "admin customer list --json"); code != 0 {
			t.Fatalf("admin with the real key: exit %d\n%s%s", code, out, errOut)
		}
	})
}

func TestAdminKeyOfferedForAnotherUserIsRefused(t *testing.T) {
	t.Parallel()
	p := startAdminPortal(t, dbtest.SQLite(t))
	alice := p.customer(t, "alice@example.ch")
	ctx := context.Background()
	if _, err := p.svc.CreateAccount(ctx, p.svc.DB, portal.NewAccountRequest{UserID: "carol", Email: "carol@example.ch", Region: "CH", Role: portal.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{alice.UserID, "carol", "nobody"} {
		if c, err := p.dial(user, gossh.PublicKeys(p.signer)); err == nil {
			c.Close()
			t.Fatalf("the admin's key logged in as %s", user)
		}
	}
	// A customer with a password gets exit 5 and the reason.
	c, err := p.dial(alice.UserID, gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if out, errOut, code := run(t, c, "admin customer list"); code != cmdkit.ExitNotAdmin || out != "" || !strings.Contains(errOut, "registered SSH key") {
		t.Fatalf("customer running admin: exit %d out %q err %q", code, out, errOut)
	}
	if _, errOut, code := run(t, c, "admin --help"); code != cmdkit.ExitNotAdmin || strings.Contains(errOut, "customer create") {
		t.Fatalf("customer running admin --help: exit %d err %q", code, errOut)
	}
}

func TestAdminWithTwoFactorNeedsTheCodeAfterTheKey(t *testing.T) {
	t.Parallel()
	p := startAdminPortal(t, dbtest.SQLite(t))
	ctx := context.Background()
	setup, err := p.svc.NewTOTPSetup("admin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	code, _ := totp.GenerateCode(setup.Secret, now)
	if _, err := p.svc.ActivateTOTP(ctx, p.admin, setup, code); err != nil {
		t.Fatal(err)
	}
	if c, err := p.dial("admin", gossh.PublicKeys(p.signer)); err == nil {
		c.Close()
		t.Fatal("admin with 2FA logged in with the key alone")
	}
	if c, err := p.dial("admin", gossh.PublicKeys(p.signer), kbd("", func() string { return "000000" })); err == nil {
		c.Close()
		t.Fatal("admin with 2FA logged in with a wrong code")
	}
	// The activation used the current time step; a login needs a newer one.
	next, _ := totp.GenerateCode(setup.Secret, now.Add(30*time.Second))
	c, err := p.dial("admin", gossh.PublicKeys(p.signer), kbd("", func() string { return next }))
	if err != nil {
		t.Fatalf("key and code: %v", err)
	}
	defer c.Close()
	if out, errOut, code := run(t, c, "admin sip-servers"); code != 0 || !strings.Contains(out, "sip.example.ch:5060 (UDP)") {
		t.Fatalf("admin after key and code: exit %d\n%s%s", code, out, errOut)
	}
}

// adminRun runs an admin command and checks its exit status.
func adminRun(t *testing.T, c *gossh.Client, want int, cmd string) (string, string) {
	t.Helper()
	out, errOut, code := run(t, c, cmd)
	if code != want {
		t.Fatalf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", cmd, code, want, out, errOut)
	}
	return out, errOut
}

func adminJSON(t *testing.T, c *gossh.Client, cmd string, v any) {
	t.Helper()
	out, _ := adminRun(t, c, 0, cmd)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
}

// adminCase is one subtest of TestAdminCommands: a portal of its own with
// the admin logged in, so each subtest runs alone (-run
// 'TestAdminCommands/NAME') and beside the others.
type adminCase struct {
	*adminPortal
	d *db.DB
	c *gossh.Client // the admin's connection
}

// runAdminCase runs body as the subtest name, once per store dialect, each
// time on a new store and portal.
func runAdminCase(t *testing.T, name string, body func(t *testing.T, a *adminCase)) {
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			p := startAdminPortal(t, d)
			body(t, &adminCase{adminPortal: p, d: d, c: p.dialAdmin(t)})
		})
	})
}

// createAlice creates alice@example.ch (no password yet: a welcome link is
// queued) and k-1001 in AT, as care does.
func (a *adminCase) createAlice(t *testing.T) {
	t.Helper()
	adminRun(t, a.c, 0, "admin customer create --email Alice@Example.ch --region ch --name 'Alice Muster'")
	adminRun(t, a.c, 0, "admin customer create --email anna@example.at --region AT --user-id k-1001 --name 'Anna Beispiel'")
}

// addAliceNumbers gives alice a number of every product.
func (a *adminCase) addAliceNumbers(t *testing.T) {
	t.Helper()
	adminRun(t, a.c, 0, "admin number add alice@example.ch +41 44 123 45 67 --product pbx --label Office")
	adminRun(t, a.c, 0, "admin number add alice@example.ch +41447770000 --product trunk")
	adminRun(t, a.c, 0, "admin number add alice@example.ch +41447770001 --product trunk-participant --trunk +41447770000")
	adminRun(t, a.c, 0, "admin number add alice@example.ch +41445550199 --product teams")
	adminRun(t, a.c, 0, "admin number add alice@example.ch +41445550200 --product none")
}

// alice creates alice with a login password and returns her account.
func (a *adminCase) alice(t *testing.T) db.Account {
	t.Helper()
	a.createAlice(t)
	acct, err := db.AccountByUserID(context.Background(), a.d, "alice@example.ch")
	if err != nil {
		t.Fatal(err)
	}
	a.setPassword(t, acct, testPassword)
	return acct
}

// activateTOTP turns two-factor login on for acct.
func (a *adminCase) activateTOTP(t *testing.T, acct db.Account) {
	t.Helper()
	setup, err := a.svc.NewTOTPSetup(acct.UserID)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(setup.Secret, time.Now())
	if _, err := a.svc.ActivateTOTP(context.Background(), acct, setup, code); err != nil {
		t.Fatal(err)
	}
}

// failLogins makes n failed password logins as user.
func (a *adminCase) failLogins(t *testing.T, user string, n int) {
	t.Helper()
	for range n {
		if c, err := a.dial(user, gossh.Password("Wrong-password-1")); err == nil {
			c.Close()
			t.Fatal("wrong password accepted")
		}
	}
}

func TestAdminCommands(t *testing.T) {
	t.Parallel()
	runAdminCase(t, "help and usage errors", func(t *testing.T, a *adminCase) {
		c := a.c
		// Help everywhere, usage errors with exit 2.
		out, _ := adminRun(t, c, 0, "admin --help")
		for _, want := range []string{"customer", "number", "sip-servers", "password", "2fa", "audit", "mail", "music", "provisioning", "key"} {
			if !strings.Contains(out, want) {
				t.Fatalf("admin --help lacks %s:\n%s", want, out)
			}
		}
		adminRun(t, c, 0, "admin customer create --help")
		adminRun(t, c, 0, "admin help number add")
		adminRun(t, c, cmdkit.ExitUsage, "admin bogus")
		adminRun(t, c, cmdkit.ExitUsage, "admin customer bogus")
		adminRun(t, c, cmdkit.ExitUsage, "admin customer list --bogus")
		adminRun(t, c, cmdkit.ExitUsage, "admin customer create --email alice@example.ch")
		adminRun(t, c, cmdkit.ExitUsage, "admin customer create --email not-an-address --region CH")
		adminRun(t, c, cmdkit.ExitUsage, "admin customer create --email alice@example.ch --region DE")

		var created struct {
			UserID string `json:"user_id"`
			Region string `json:"region"`
		}
		adminJSON(t, c, "admin customer create --email Alice@Example.ch --region ch --name 'Alice Muster' --json", &created)
		if created.UserID != "alice@example.ch" || created.Region != "CH" {
			t.Fatalf("created %+v", created)
		}
		_, errOut := adminRun(t, c, cmdkit.ExitRefused, "admin customer create --email alice@example.ch --region CH")
		if !strings.Contains(errOut, "already exists") {
			t.Fatalf("duplicate: %s", errOut)
		}
		adminRun(t, c, 0, "admin customer create --email anna@example.at --region AT --user-id k-1001 --name 'Anna Beispiel'")

		var list []portal.AccountSummary
		adminJSON(t, c, "admin customer list --query MUSTER --json", &list)
		if len(list) != 1 || list[0].UserID != "alice@example.ch" || list[0].PasswordSet {
			t.Fatalf("list --query MUSTER: %+v", list)
		}
		adminJSON(t, c, "admin customer list --region AT --json", &list)
		if len(list) != 1 || list[0].UserID != "k-1001" {
			t.Fatalf("list --region AT: %+v", list)
		}
	})
	runAdminCase(t, "numbers and products", func(t *testing.T, a *adminCase) {
		c := a.c
		a.createAlice(t)
		// Numbers of every product; credentials only for PBX and trunk.
		a.addAliceNumbers(t)
		adminRun(t, c, cmdkit.ExitUsage, "admin number add alice@example.ch +41445550201 --product fax")
		adminRun(t, c, cmdkit.ExitUsage, "admin number add alice@example.ch 12ab --product pbx")
		adminRun(t, c, cmdkit.ExitUsage, "admin number add alice@example.ch +41445550201 --product pbx --trunk +41447770000")
		adminRun(t, c, cmdkit.ExitNotFound, "admin number add nobody@example.ch +41445550201 --product pbx")
		adminRun(t, c, cmdkit.ExitRefused, "admin number add k-1001 +41441234567 --product pbx")

		var show portal.AccountDetails
		adminJSON(t, c, "admin customer show alice@example.ch --json", &show)
		creds := map[string]bool{}
		for _, n := range show.Numbers {
			creds[n.E164] = n.SIPCredentials
		}
		if len(show.Numbers) != 5 || !creds["+41441234567"] || !creds["+41447770000"] || creds["+41447770001"] || creds["+41445550199"] || creds["+41445550200"] {
			t.Fatalf("numbers: %+v", show.Numbers)
		}
		out, _ := adminRun(t, c, 0, "admin customer show alice@example.ch")
		if !strings.Contains(out, "Virtual PBX") || !strings.Contains(out, "Trunk participant of +41 44 777 00 00") || strings.Contains(out, "VoIP password ") {
			t.Fatalf("show:\n%s", out)
		}
	})
	runAdminCase(t, "products and credentials", func(t *testing.T, a *adminCase) {
		c := a.c
		a.createAlice(t)
		a.addAliceNumbers(t)
		// Products: credentials follow; a trunk with participants stays a trunk.
		var ch portal.NumberChange
		adminJSON(t, c, "admin number product +41441234567 --product teams --json", &ch)
		if !ch.Changed || !ch.CredentialsRemoved || ch.Number.SIPCredentials {
			t.Fatalf("pbx -> teams: %+v", ch)
		}
		adminJSON(t, c, "admin number product +41441234567 --product trunk --json", &ch)
		if !ch.CredentialsCreated || !ch.Number.SIPCredentials {
			t.Fatalf("teams -> trunk: %+v", ch)
		}
		adminJSON(t, c, "admin number product +41441234567 --product trunk --json", &ch)
		if ch.Changed {
			t.Fatalf("same product changed: %+v", ch)
		}
		adminRun(t, c, cmdkit.ExitRefused, "admin number product +41447770000 --product pbx")
		adminRun(t, c, cmdkit.ExitRefused, "admin number remove +41447770000")
		adminRun(t, c, cmdkit.ExitNotFound, "admin number product +41449999999 --product pbx")
		adminRun(t, c, 0, "admin number remove +41447770001")
		adminRun(t, c, 0, "admin number remove +41447770000")
		adminRun(t, c, cmdkit.ExitNotFound, "admin number remove +41447770000")

		var servers []portal.RegionSIPServers
		adminJSON(t, c, "admin sip-servers --json", &servers)
		if len(servers) != 2 || servers[0].Region != "AT" || servers[1].Servers[0].Host != "sip.example.ch" {
			t.Fatalf("sip-servers: %+v", servers)
		}
	})
	runAdminCase(t, "welcome and reset links", func(t *testing.T, a *adminCase) {
		c := a.c
		a.createAlice(t)
		// A welcome link was queued at creation; send-reset sends another
		// one while no password is set.
		out, _ := adminRun(t, c, 0, "admin password send-reset alice@example.ch")
		if !strings.Contains(out, "set-password (welcome) link") || !strings.Contains(out, "alice@example.ch") {
			t.Fatalf("send-reset without a password: %s", out)
		}
		alice, err := db.AccountByUserID(context.Background(), a.d, "alice@example.ch")
		if err != nil {
			t.Fatal(err)
		}
		a.setPassword(t, alice, testPassword)
		out, _ = adminRun(t, c, 0, "admin password send-reset alice@example.ch")
		if !strings.Contains(out, "password reset link valid for 30 minutes") {
			t.Fatalf("send-reset: %s", out)
		}
	})
	runAdminCase(t, "2fa reset", func(t *testing.T, a *adminCase) {
		c := a.c
		a.activateTOTP(t, a.alice(t))
		// 2FA reset: only on a request from the stored address.
		adminRun(t, c, cmdkit.ExitUsage, "admin 2fa reset alice@example.ch")
		_, errOut := adminRun(t, c, cmdkit.ExitRefused, "admin 2fa reset alice@example.ch --requested-by mallory@example.com")
		if !strings.Contains(errOut, "stored address") {
			t.Fatalf("2fa reset from another address: %s", errOut)
		}
		adminRun(t, c, 0, "admin 2fa reset alice@example.ch --requested-by ALICE@example.CH")
		adminRun(t, c, cmdkit.ExitRefused, "admin 2fa reset alice@example.ch --requested-by alice@example.ch")
	})
	runAdminCase(t, "disable and enable", func(t *testing.T, a *adminCase) {
		c := a.c
		a.alice(t)
		// Disable ends the customer's open session; enable lets them in again.
		cust, err := a.dial("alice@example.ch", gossh.Password(testPassword))
		if err != nil {
			t.Fatal(err)
		}
		defer cust.Close()
		tuiSess, err := cust.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		var tuiErr strings.Builder
		tuiSess.Stdout, tuiSess.Stderr = io.Discard, &tuiErr
		if err := tuiSess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if err := tuiSess.Shell(); err != nil {
			t.Fatal(err)
		}
		ended := make(chan error, 1)
		go func() { ended <- tuiSess.Wait() }()
		a.waitOpenSessions(t, "alice@example.ch", 1)
		adminRun(t, c, cmdkit.ExitRefused, "admin customer disable admin")
		out, _ := adminRun(t, c, 0, "admin customer disable alice@example.ch")
		if !strings.Contains(out, "Disabled alice@example.ch") {
			t.Fatalf("disable: %s", out)
		}
		select {
		case <-ended:
		case <-time.After(10 * time.Second):
			t.Fatal("the customer's session stayed open after disable")
		}
		if _, err := a.dial("alice@example.ch", gossh.Password(testPassword)); err == nil {
			t.Fatal("a disabled customer logged in")
		}
		out, _ = adminRun(t, c, 0, "admin customer disable alice@example.ch")
		if !strings.Contains(out, "disabled already") {
			t.Fatalf("disable twice: %s", out)
		}
		adminRun(t, c, cmdkit.ExitRefused, "admin password send-reset alice@example.ch")
		adminRun(t, c, 0, "admin customer enable alice@example.ch")
		if cust, err := a.dial("alice@example.ch", gossh.Password(testPassword)); err != nil {
			t.Fatalf("an enabled customer: %v", err)
		} else {
			cust.Close()
		}
	})
	runAdminCase(t, "unlock", func(t *testing.T, a *adminCase) {
		c := a.c
		a.alice(t)
		// Unlock clears the throttling of the user ID.
		a.failLogins(t, "alice@example.ch", 3)
		var show portal.AccountDetails
		adminJSON(t, c, "admin customer show alice@example.ch --json", &show)
		if show.Lock.ConsecutiveFailures < 3 || show.TwoFactor || show.Disabled {
			t.Fatalf("show after failures: %+v", show)
		}
		out, _ := adminRun(t, c, 0, "admin customer unlock alice@example.ch")
		if !strings.Contains(out, "Unlocked alice@example.ch") {
			t.Fatalf("unlock: %s", out)
		}
		adminJSON(t, c, "admin customer show alice@example.ch --json", &show)
		if show.Lock.ConsecutiveFailures != 0 {
			t.Fatalf("lock after unlock: %+v", show.Lock)
		}
		out, _ = adminRun(t, c, 0, "admin customer unlock alice@example.ch")
		if !strings.Contains(out, "nothing changed") {
			t.Fatalf("unlock twice: %s", out)
		}
	})
	runAdminCase(t, "mail list", func(t *testing.T, a *adminCase) {
		c := a.c
		// Two welcome mails, another welcome and a reset link: four mails.
		a.createAlice(t)
		adminRun(t, c, 0, "admin password send-reset alice@example.ch")
		alice, err := db.AccountByUserID(context.Background(), a.d, "alice@example.ch")
		if err != nil {
			t.Fatal(err)
		}
		a.setPassword(t, alice, testPassword)
		adminRun(t, c, 0, "admin password send-reset alice@example.ch")
		// Mails: listed without bodies.
		out, _ := adminRun(t, c, 0, "admin mail list --json")
		var mails []map[string]any
		if err := json.Unmarshal([]byte(out), &mails); err != nil || len(mails) < 4 {
			t.Fatalf("mail list: %v\n%s", err, out)
		}
		if strings.Contains(out, "reset+") || strings.Contains(out, "body") {
			t.Fatalf("mail list shows a body or link:\n%s", out)
		}
		adminJSON(t, c, "admin mail list --failed --json", &mails)
		if len(mails) != 0 {
			t.Fatalf("failed mails: %+v", mails)
		}

		var music []portal.CareMusic
		adminJSON(t, c, "admin music list --json", &music)
		adminRun(t, c, cmdkit.ExitUsage, "admin music list --pending --failed")
	})
	runAdminCase(t, "provisioning without a registrar", func(t *testing.T, a *adminCase) {
		c := a.c
		a.createAlice(t)
		// Number changes are queued for the registrar; with none configured
		// they wait, and a sync says why it cannot run.
		a.addAliceNumbers(t)
		var events []portal.ProvisioningEvent
		adminJSON(t, c, "admin provisioning list --json", &events)
		if len(events) == 0 || events[0].Status != "queued" || events[0].Number == "" {
			t.Fatalf("provisioning list: %+v", events)
		}
		out, _ := adminRun(t, c, 0, "admin provisioning list")
		if !strings.Contains(out, "STATUS") || !strings.Contains(out, "queued") {
			t.Fatalf("provisioning list:\n%s", out)
		}
		out, _ = adminRun(t, c, 0, "admin provisioning list --failed")
		if strings.TrimSpace(out) != "No failed provisioning events." {
			t.Fatalf("provisioning list --failed:\n%s", out)
		}
		adminRun(t, c, cmdkit.ExitUsage, "admin provisioning list --limit 0")
		adminRun(t, c, cmdkit.ExitUsage, "admin provisioning bogus")
		_, errOut := adminRun(t, c, cmdkit.ExitRefused, "admin provisioning sync --dry-run")
		if !strings.Contains(errOut, "--kamailio-database-url") {
			t.Fatalf("sync without a registrar: %s", errOut)
		}
		if _, errOut = adminRun(t, c, cmdkit.ExitRefused, "admin provisioning bind"); !strings.Contains(errOut, "--kamailio-database-url") {
			t.Fatalf("bind without a registrar: %s", errOut)
		}
		adminRun(t, c, cmdkit.ExitUsage, "admin provisioning bind extra")
		// No registrar: no registration status in the account's view.
		out, _ = adminRun(t, c, 0, "admin customer show alice@example.ch --json")
		if strings.Contains(out, `"registration"`) {
			t.Fatalf("registration shown without a registrar:\n%s", out)
		}
	})
	runAdminCase(t, "keys", func(t *testing.T, a *adminCase) {
		c := a.c
		a.createAlice(t)
		// Keys: only for admins; nobody removes their own last key.
		adminRun(t, c, cmdkit.ExitRefused, "admin key add alice@example.ch "+authorizedLine(newSigner(t), "x"))
		var keys []portal.AdminKey
		adminJSON(t, c, "admin key list --json", &keys)
		if len(keys) != 1 || keys[0].UserID != "admin" || keys[0].Type != "ssh-ed25519" {
			t.Fatalf("keys: %+v", keys)
		}
		_, errOut := adminRun(t, c, cmdkit.ExitRefused, "admin key remove "+keys[0].Fingerprint)
		if !strings.Contains(errOut, "lock you out") {
			t.Fatalf("last key: %s", errOut)
		}
		second := newSigner(t)
		adminRun(t, c, 0, "admin key add admin "+authorizedLine(second, "spare"))
		adminRun(t, c, cmdkit.ExitRefused, "admin key add admin "+authorizedLine(second, "spare"))
		adminRun(t, c, cmdkit.ExitUsage, "admin key add admin not-a-key")
		adminRun(t, c, cmdkit.ExitNotFound, "admin key remove SHA256:nosuchkey")
		out, _ := adminRun(t, c, 0, "admin key remove "+gossh.FingerprintSHA256(second.PublicKey()))
		if !strings.Contains(out, "Removed ssh-ed25519 key") {
			t.Fatalf("key remove: %s", out)
		}
	})
	runAdminCase(t, "audit", func(t *testing.T, a *adminCase) {
		c := a.c
		// One of each audited action, by the admin.
		alice := a.alice(t)
		adminRun(t, c, 0, "admin number add alice@example.ch +41441234567 --product pbx")
		adminRun(t, c, 0, "admin number product +41441234567 --product teams")
		adminRun(t, c, 0, "admin number remove +41441234567")
		adminRun(t, c, 0, "admin password send-reset alice@example.ch")
		a.activateTOTP(t, alice)
		adminRun(t, c, cmdkit.ExitRefused, "admin 2fa reset alice@example.ch --requested-by mallory@example.com")
		adminRun(t, c, 0, "admin 2fa reset alice@example.ch --requested-by alice@example.ch")
		adminRun(t, c, 0, "admin customer disable alice@example.ch")
		adminRun(t, c, 0, "admin customer enable alice@example.ch")
		a.failLogins(t, "alice@example.ch", 3)
		adminRun(t, c, 0, "admin customer unlock alice@example.ch")
		second := newSigner(t)
		adminRun(t, c, 0, "admin key add admin "+authorizedLine(second, "spare"))
		adminRun(t, c, 0, "admin key remove "+gossh.FingerprintSHA256(second.PublicKey()))

		// The audit trail names the admin for every action.
		var events []portal.AuditEntry
		adminJSON(t, c, "admin audit alice@example.ch --since 1h --json", &events)
		seen := map[string]bool{}
		for _, e := range events {
			if strings.HasPrefix(e.Action, "account.") || strings.HasPrefix(e.Action, "number.") || strings.HasPrefix(e.Action, "2fa.reset") {
				if e.Actor != "admin" {
					t.Fatalf("event %+v is not named after the admin", e)
				}
			}
			seen[e.Action] = true
		}
		for _, want := range []string{"account.create", "account.welcome-link-sent", "number.add", "number.product", "number.remove",
			"password.reset-link-sent", "2fa.reset-refused", "2fa.reset", "account.disable", "account.enable", "account.unlock"} {
			if !seen[want] {
				t.Errorf("audit lacks %s: %+v", want, events)
			}
		}
		out, _ := adminRun(t, c, 0, "admin audit admin")
		if !strings.Contains(out, "admin.key-add") || !strings.Contains(out, "admin.key-remove") {
			t.Fatalf("admin's own audit:\n%s", out)
		}
		adminRun(t, c, cmdkit.ExitUsage, "admin audit --since yesterday")
		adminRun(t, c, cmdkit.ExitNotFound, "admin audit nobody@example.ch")
	})
}
