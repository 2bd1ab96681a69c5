package server

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
)

// proxiedStore is a migrated Postgres store reached through a proxy the
// test pauses and cuts, with one-second bounds on every call.
func proxiedStore(t *testing.T) (*db.DB, *dbtest.Proxy) {
	t.Helper()
	dsn := dbtest.NewPostgresDatabase(t)
	proxy := dbtest.NewProxy(t, dbtest.PostgresHost(t))
	ctx := context.Background()
	d, err := db.OpenWith(ctx, dbtest.ViaProxy(t, dsn, proxy.Addr()), db.Options{ConnectTimeout: time.Second, IOTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return d, proxy
}

// dialForBanner logs in and returns the banners the server sent.
func (p *testPortal) dialForBanner(user string, auth ...gossh.AuthMethod) (string, error) {
	var mu sync.Mutex
	var banners strings.Builder
	c, err := gossh.Dial("tcp", p.addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
		BannerCallback: func(msg string) error {
			mu.Lock()
			defer mu.Unlock()
			banners.WriteString(msg)
			return nil
		},
	})
	if err == nil {
		c.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	return banners.String(), err
}

// Issue 13.3: with the store gone, every way of logging in (password,
// keyboard-interactive, the second factor, an admin's key) tells the
// person that the server has a problem, not just "permission denied".
func TestStoreDownEveryLoginMethodSaysTheServerHasAProblem(t *testing.T) {
	t.Parallel()
	d, proxy := proxiedStore(t)
	p := startAdminPortal(t, d)
	p.customer(t, "alice@example.ch")
	bob := p.customer(t, "bob@example.ch")
	setup, err := p.svc.NewTOTPSetup(bob.UserID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	first, _ := totp.GenerateCode(setup.Secret, now)
	if _, err := p.svc.ActivateTOTP(context.Background(), bob, setup, first); err != nil {
		t.Fatal(err)
	}
	kill := func() { proxy.Pause(); proxy.Cut() }
	cases := []struct {
		name, user string
		auth       func() gossh.AuthMethod
		killFirst  bool
	}{
		{"password", "alice@example.ch", func() gossh.AuthMethod { return gossh.Password(testPassword) }, true},
		{"keyboard-interactive", "alice@example.ch", func() gossh.AuthMethod { return kbd(testPassword, nil) }, true},
		{"admin key", "admin", func() gossh.AuthMethod { return gossh.PublicKeys(p.signer) }, true},
		// The password passes; the store dies before the code is checked.
		{"second factor", "bob@example.ch", func() gossh.AuthMethod {
			return kbd(testPassword, func() string {
				kill()
				code, _ := totp.GenerateCode(setup.Secret, now.Add(30*time.Second))
				return code
			})
		}, false},
	}
	for _, tc := range cases {
		if tc.killFirst {
			kill()
		}
		banner, err := p.dialForBanner(tc.user, tc.auth())
		proxy.Resume()
		// Before the login: the region's language (CH: German), then English.
		if err == nil || !strings.Contains(banner, "Das Portal hat ein Problem") || !strings.Contains(banner, "the portal has a problem, try again in a few minutes") {
			t.Errorf("%s with the store down: err %v, banner %q", tc.name, err, banner)
		}
	}
	if !strings.Contains(p.log.String(), `level=ERROR msg="login failed for the server's reasons"`) {
		t.Errorf("no error logged:\n%s", p.log.String())
	}
	// A wrong password with the store up is still the plain refusal.
	if banner, err := p.dialForBanner("alice@example.ch", gossh.Password("Wrong-password-1")); err == nil || banner != "" {
		t.Errorf("wrong password: err %v, banner %q", err, banner)
	}
}

// A session opened on a connection whose store died after the login is
// told the server has a problem (with a reference), not to log in again.
func TestStoreDownAfterTheLoginSessionSaysSo(t *testing.T) {
	t.Parallel()
	d, proxy := proxiedStore(t)
	p := startPortal(t, d, nil)
	p.customer(t, "alice@example.ch")
	c, err := p.dial("alice@example.ch", gossh.Password(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	proxy.Pause()
	proxy.Cut()
	defer proxy.Resume()
	// The connection's rights are checked before the channel opens: with
	// the store gone the channel is refused, saying why with a reference.
	sess, err := c.NewSession()
	if err == nil {
		sess.Close()
		t.Fatal("a session opened although its rights could not be checked")
	}
	// In the account's language: no session said more, so the region's.
	if msg := err.Error(); !strings.Contains(msg, "ein Problem auf unserer Seite") || !strings.Contains(msg, "(Ref. ") {
		t.Fatalf("refusal %q", msg)
	}
}
