package portal_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

func TestCustomerKeyPolicy(t *testing.T) {
	t.Parallel()
	edLine, _ := portaltest.Ed25519Line(t, "laptop")
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	tests := []struct {
		name, line string
		reason     string // "" accepted; else a part of the refusal
	}{
		{"ed25519", edLine, ""},
		{"ecdsa", ecdsaLine(t), ""},
		{"rsa 3072", portaltest.RSALine(t, 3072), ""},
		{"sk-ssh-ed25519", portaltest.AuthorizedLine(skEd25519Key(t, pub), "yubikey"), ""},
		{"sk-ecdsa", portaltest.AuthorizedLine(skECDSAKey(t), "yubikey"), ""},
		{"rsa 2048", portaltest.RSALine(t, 2048), "2048 bits, which is too weak"},
		{"dsa", dsaLine(t), "DSA keys are weak"},
		{"options", `from="10.0.0.1" ` + edLine, "key options"},
		{"two keys", edLine + "\n" + edLine, "more than one line"},
		{"garbage", "ssh-ed25519 AAAAnotbase64!!", "not an SSH public key"},
		{"private key", "-----BEGIN OPENSSH PRIVATE KEY-----", "not an SSH public key"},
		{"empty", "  ", "no key given"},
		{"too long", "ssh-ed25519 " + strings.Repeat("A", portal.MaxKeyLine), "longer than"},
	}
	for _, tt := range tests {
		_, _, err := portal.ParseCustomerKey(tt.line)
		switch {
		case tt.reason == "" && err != nil:
			t.Errorf("%s refused: %v", tt.name, err)
		case tt.reason != "" && (!errors.Is(err, portal.ErrKeyInvalid) || !strings.Contains(err.Error(), tt.reason)):
			t.Errorf("%s: %v, want a refusal saying %q", tt.name, err, tt.reason)
		}
	}
}

func queuedKinds(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := db.MailsByStatus(context.Background(), d, "queued", 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Kind)
	}
	return out
}

func count(kinds []string, k string) int {
	n := 0
	for _, x := range kinds {
		if x == k {
			n++
		}
	}
	return n
}

func TestCustomerAddsAndRemovesAKeyWithThePassword(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		line, signer := portaltest.Ed25519Line(t, "work laptop\x1b[31m")

		_, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: "Wrong-password1", Source: "192.0.2.1"})
		if !errors.Is(err, portal.ErrKeyProof) {
			t.Fatalf("wrong password: %v", err)
		}
		if keys, _ := s.CustomerKeys(ctx, alice); len(keys) != 0 {
			t.Fatalf("a key was added with a wrong password: %v", keys)
		}
		k, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: alicePW, Source: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		fp := gossh.FingerprintSHA256(signer.PublicKey())
		if k.Fingerprint != fp || k.Name != "work laptop[31m" || k.FIDO {
			t.Fatalf("added %+v", k)
		}
		if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: alicePW}); !errors.Is(err, portal.ErrKeyInvalid) ||
			!strings.Contains(err.Error(), "already registered") {
			t.Fatalf("the same key again: %v", err)
		}
		if n := count(queuedKinds(t, d), string(portal.MailKeyAdded)); n != 1 {
			t.Fatalf("%d key-added mails", n)
		}

		// The key logs in; an unknown user and a foreign key look the same.
		ok, err := s.KeyLogin(ctx, "Alice@Example.ch", signer.PublicKey())
		if err != nil || ok.Account.ID != alice.ID || ok.NeedTOTP || ok.Fingerprint != fp {
			t.Fatalf("key login: %+v %v", ok, err)
		}
		_, other := portaltest.Ed25519Line(t, "")
		_, errForeign := s.KeyLogin(ctx, alice.UserID, other.PublicKey())
		_, errUnknown := s.KeyLogin(ctx, "nobody@example.ch", signer.PublicKey())
		if !errors.Is(errForeign, portal.ErrKeyNotAccepted) || errForeign.Error() != errUnknown.Error() {
			t.Fatalf("foreign key %v, unknown user %v", errForeign, errUnknown)
		}

		// Removing it revokes its live sessions and ends them here at once.
		var ended []string
		s.EndLive = func(ids []string, _ string) { ended = append(ended, ids...) }
		keySess, _ := s.StartLiveSession(ctx, portal.LiveStart{AccountID: alice.ID, How: portal.HowCommand, Auth: fp})
		pwSess, _ := s.StartLiveSession(ctx, portal.LiveStart{AccountID: alice.ID, How: portal.HowTUI, Auth: portal.AuthPassword})
		if _, err := s.RemoveCustomerKey(ctx, alice, portal.KeyChange{Fingerprint: fp, Proof: "nope"}); !errors.Is(err, portal.ErrKeyProof) {
			t.Fatalf("remove with a wrong password: %v", err)
		}
		if _, err := s.RemoveCustomerKey(ctx, alice, portal.KeyChange{Fingerprint: strings.TrimPrefix(fp, "SHA256:"), Proof: alicePW}); err != nil {
			t.Fatal(err)
		}
		if len(ended) != 1 || ended[0] != keySess {
			t.Fatalf("ended %v, want the key's session %s only (not %s)", ended, keySess, pwSess)
		}
		if _, err := s.KeyLogin(ctx, alice.UserID, signer.PublicKey()); !errors.Is(err, portal.ErrKeyNotAccepted) {
			t.Fatalf("removed key logs in: %v", err)
		}
		if _, err := s.RemoveCustomerKey(ctx, alice, portal.KeyChange{Fingerprint: fp, Proof: alicePW}); !errors.Is(err, portal.ErrKeyNotFound) {
			t.Fatalf("remove twice: %v", err)
		}
		if n := count(queuedKinds(t, d), string(portal.MailKeyRemoved)); n != 1 {
			t.Fatalf("%d key-removed mails", n)
		}
		log, err := s.SecurityLog(ctx, alice, s.now.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); !strings.HasPrefix(got, "key.remove,login.failed,key.add,login.failed") {
			t.Fatalf("timeline %s", got)
		}
	})
}

func TestAtMostTenKeysPerAccount(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		for i := range portal.MaxCustomerKeys {
			line, _ := portaltest.Ed25519Line(t, fmt.Sprint("k", i))
			if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: alicePW}); err != nil {
				t.Fatal(err)
			}
		}
		line, _ := portaltest.Ed25519Line(t, "eleventh")
		if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: alicePW}); !errors.Is(err, portal.ErrKeyLimit) {
			t.Fatalf("eleventh key: %v", err)
		}
	})
}

func TestKeyLoginWithTwoFactor(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		enable2FA(t, s, alice)
		line, signer := portaltest.Ed25519Line(t, "laptop")
		if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: alicePW}); !errors.Is(err, portal.ErrKeyProof) ||
			!strings.Contains(err.Error(), "one-time code") {
			t.Fatalf("with 2FA the password is no proof: %v", err)
		}
		acct, _ := db.AccountByID(ctx, d, alice.ID)
		secret, _ := s.Box.Open(acct.TOTPSecret, fmt.Sprint("totp:", alice.ID))
		s.now = s.now.Add(time.Minute) // a new time step: the activation's code is spent
		code, _ := totp.GenerateCode(string(secret), s.now)
		if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: code}); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.KeyLogin(ctx, alice.UserID, signer.PublicKey()); err != nil || !ok.NeedTOTP || ok.FIDO {
			t.Fatalf("plain key with 2FA: %+v %v", ok, err)
		}

		// A security key counts as the second factor.
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		sk := skEd25519Key(t, pub)
		s.now = s.now.Add(time.Minute)
		code, _ = totp.GenerateCode(string(secret), s.now)
		if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: portaltest.AuthorizedLine(sk, "yubikey"), Proof: code}); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.KeyLogin(ctx, alice.UserID, sk); err != nil || ok.NeedTOTP || !ok.FIDO {
			t.Fatalf("security key with 2FA: %+v %v", ok, err)
		}
	})
}

func TestLiveSessionsRevokeAndExpire(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d, portal.WithReplica("r1"))
		alice := seedAlice(t, s)
		me, err := s.StartLiveSession(ctx, portal.LiveStart{AccountID: alice.ID, How: portal.HowTUI, Source: "192.0.2.1",
			ClientVersion: "SSH-2.0-OpenSSH_9.6\x1b[2J", Auth: portal.AuthPassword})
		if err != nil {
			t.Fatal(err)
		}
		other, _ := s.StartLiveSession(ctx, portal.LiveStart{AccountID: alice.ID, How: portal.HowSFTP, Auth: portal.AuthPassword})
		third, _ := s.StartLiveSession(ctx, portal.LiveStart{AccountID: alice.ID, How: portal.HowCommand, Auth: portal.AuthPassword})
		list, err := s.LiveSessions(ctx, alice, me)
		if err != nil || len(list) != 3 {
			t.Fatalf("sessions %+v %v", list, err)
		}
		for _, l := range list {
			if l.Current != (l.ID == me) || l.ID == me && l.ClientVersion != "SSH-2.0-OpenSSH_9.6[2J" {
				t.Fatalf("sessions %+v", list)
			}
		}
		if err := s.RevokeSession(ctx, alice, me, me, ""); !errors.Is(err, portal.ErrRevokeOwnSession) {
			t.Fatalf("revoke own: %v", err)
		}
		if err := s.RevokeSession(ctx, alice, "nosuchid", me, ""); !errors.Is(err, portal.ErrSessionNotFound) {
			t.Fatalf("revoke unknown: %v", err)
		}
		if err := s.RevokeSession(ctx, alice, other, me, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		revoked, err := s.WatchLiveSessions(ctx, []string{me}, []string{me})
		if ids := revoked[portal.SessionRevokedReason]; err != nil || len(revoked) != 1 || len(ids) != 1 || ids[0] != other {
			t.Fatalf("watcher sees %v %v, want [%s] revoked", revoked, err, other)
		}
		if n, err := s.RevokeOtherSessions(ctx, alice, me, ""); err != nil || n != 1 {
			t.Fatalf("end all others: %d %v (third %s)", n, err, third)
		}
		if list, _ := s.LiveSessions(ctx, alice, me); len(list) != 1 || list[0].ID != me {
			t.Fatalf("after revoking: %+v", list)
		}
		// A replica that stops refreshing its rows leaves nothing listed.
		s.now = s.now.Add(portal.LiveStaleAfter + time.Second)
		if err := s.SweepSecurityState(ctx); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.LiveSessions(ctx, alice, me); len(list) != 0 {
			t.Fatalf("stale rows listed: %+v", list)
		}
		if err := s.EndLiveSession(ctx, me); err != nil {
			t.Fatal(err)
		}
	})
}

// signInMails counts the "new sign-in" mails queued so far.
func signInMails(t *testing.T, d *db.DB) int {
	t.Helper()
	return count(queuedKinds(t, d), string(portal.MailNewSignIn))
}

func TestNewSignInMailAndTimelineRetention(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		for _, src := range []string{"192.0.2.1", "192.0.2.77", "2001:db8:1:2::1", "2001:db8:1:ffff::9"} {
			_ = s.CompleteLogin(ctx, alice, src, "password")
		}
		if n := signInMails(t, d); n != 1 { // the first login has nothing to compare with; 2001:db8:1::/48 is new once
			t.Fatalf("%d new-sign-in mails, want 1", n)
		}
		_ = s.CompleteLogin(ctx, alice, "198.51.100.1", "password")
		_ = s.CompleteLogin(ctx, alice, "192.0.2.1", "publickey SHA256:abc")
		_ = s.CompleteLogin(ctx, alice, "192.0.2.1", "publickey SHA256:abc")
		if n := signInMails(t, d); n != 3 {
			t.Fatalf("%d new-sign-in mails, want 3 (a new network, a new key)", n)
		}
		s.now = s.now.Add(portal.AuditRetention + time.Hour)
		if err := s.SweepSecurityState(ctx); err != nil {
			t.Fatal(err)
		}
		if log, _ := s.SecurityLog(ctx, alice, time.Time{}); len(log) != 0 {
			t.Fatalf("events older than 90 days kept: %+v", log)
		}
	})
}

// An account from before the login_sources table (its logins only in the
// audit) gets a "new sign-in" mail for a new network on its first login
// after the upgrade, and none for a network and key it used: its sources
// are filled from the audit on that login.
func TestNewSignInMailForAnAccountFromBeforeLoginSources(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		forget := func() {
			if _, err := d.ExecContext(ctx, `DELETE FROM login_sources`); err != nil {
				t.Fatal(err)
			}
		}
		_ = s.CompleteLogin(ctx, alice, "192.0.2.1", "password")
		_ = s.CompleteLogin(ctx, alice, "192.0.2.9", "publickey SHA256:abc") // a new key: one mail
		forget()
		_ = s.CompleteLogin(ctx, alice, "203.0.113.5", "password")
		if n := signInMails(t, d); n != 2 {
			t.Fatalf("%d new-sign-in mails after a new network, want 2", n)
		}
		forget()
		_ = s.CompleteLogin(ctx, alice, "192.0.2.200", "publickey+totp SHA256:abc")
		if n := signInMails(t, d); n != 2 {
			t.Fatalf("%d new-sign-in mails after a network and key the audit knows, want 2", n)
		}
	})
}

// Sources filled from the audit keep the time of their last login: one
// last used 89 days before the upgrade is forgotten two days later with
// the audit, so a login from it then is new again.
func TestFilledLoginSourcesKeepTheirLastUse(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		_ = s.CompleteLogin(ctx, alice, "192.0.2.1", "password")
		if _, err := d.ExecContext(ctx, `DELETE FROM login_sources`); err != nil {
			t.Fatal(err)
		}
		s.now = s.now.Add(89 * 24 * time.Hour)
		_ = s.CompleteLogin(ctx, alice, "203.0.113.5", "password") // fills 192.0.2.0/24 from the audit
		if n := signInMails(t, d); n != 1 {
			t.Fatalf("%d new-sign-in mails after a new network, want 1", n)
		}
		s.now = s.now.Add(2 * 24 * time.Hour)
		if err := s.SweepSecurityState(ctx); err != nil {
			t.Fatal(err)
		}
		_ = s.CompleteLogin(ctx, alice, "192.0.2.7", "password")
		if n := signInMails(t, d); n != 2 {
			t.Fatalf("%d new-sign-in mails after a network last used 91 days ago, want 2", n)
		}
	})
}

// The code a session logged in with cannot confirm a key change: it is
// refused as used (not as wrong), counts toward no lock, and the app's
// next code confirms.
func TestKeyChangeWithTheLoginsCodeIsRefusedAsUsed(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		enable2FA(t, s, alice)
		acct, _ := db.AccountByID(ctx, d, alice.ID)
		secret, _ := s.Box.Open(acct.TOTPSecret, fmt.Sprint("totp:", alice.ID))
		s.now = s.now.Add(time.Minute)
		code, _ := totp.GenerateCode(string(secret), s.now)
		if _, err := s.SecondFactor(ctx, acct, code, "192.0.2.1"); err != nil { // the login's code
			t.Fatal(err)
		}
		line, _ := portaltest.Ed25519Line(t, "laptop")
		for range s.Cfg.LockThreshold + 1 {
			_, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: code, Source: "192.0.2.1"})
			if !errors.Is(err, portal.ErrKeyProof) || !strings.Contains(err.Error(), "already used") {
				t.Fatalf("the login's code again: %v, want refused as already used", err)
			}
		}
		if st, err := db.LoginFailures(ctx, d, db.ScopeAccount, alice.UserID); err != nil || st.Consecutive != 0 {
			t.Fatalf("a used code counted toward the lock: %+v %v", st, err)
		}
		s.now = s.now.Add(30 * time.Second) // the app shows the next code
		next, _ := totp.GenerateCode(string(secret), s.now)
		if _, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: next, Source: "192.0.2.1"}); err != nil {
			t.Fatalf("the next code: %v", err)
		}
	})
}

// The timeline names where a change came from without the connection's
// port ("192.0.2.9", not "192.0.2.9:58366").
func TestTimelineSourcesCarryNoPort(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newService(t, dbtest.SQLite(t))
	alice := seedAlice(t, s)
	nums, err := s.Numbers(ctx, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RegenerateVoIPPassword(ctx, alice, nums[0].E164, "192.0.2.9:58366"); err != nil {
		t.Fatal(err)
	}
	events, err := s.SecurityLog(ctx, alice, s.now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if strings.Contains(e.Source, ":58366") {
			t.Fatalf("event %+v carries the port", e)
		}
	}
	if len(events) == 0 || !slices.ContainsFunc(events, func(e portal.SecurityEvent) bool { return e.Source == "192.0.2.9" }) {
		t.Fatalf("no event from 192.0.2.9: %+v", events)
	}
}

// A row this replica no longer holds (from before a restart under the
// same replica name, or whose delete failed while the store hung) is not
// kept alive by the replica's watcher: it is gone after LiveStaleAfter,
// while the row of a session still open stays listed.
func TestWatcherKeepsOnlyTheSessionsItHoldsListed(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		alice := seedAlice(t, s)
		start := func() string {
			id, err := s.StartLiveSession(ctx, portal.LiveStart{AccountID: alice.ID, How: portal.HowTUI, Source: "192.0.2.1", Auth: portal.AuthPassword})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		ghost, held := start(), start()
		for range 3 { // rounds of the watcher past the stale time
			s.now = s.now.Add(portal.LiveStaleAfter / 2)
			if _, err := s.WatchLiveSessions(ctx, []string{held}, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.SweepSecurityState(ctx); err != nil {
				t.Fatal(err)
			}
		}
		list, err := s.LiveSessions(ctx, alice, held)
		if err != nil || len(list) != 1 || list[0].ID != held {
			t.Fatalf("listed %+v %v, want only %s (not the ghost %s)", list, err, held, ghost)
		}
	})
}

// A key's removal revokes its sessions' rows; the watcher's round that
// finds them first tells them the key was removed, as the removal itself
// does, not that another session ended them.
func TestWatcherTellsAKeysSessionsTheKeyWasRemoved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newService(t, dbtest.SQLite(t))
	alice := seedAlice(t, s)
	line, _ := portaltest.Ed25519Line(t, "laptop")
	k, err := s.AddCustomerKey(ctx, alice, portal.KeyChange{Line: line, Proof: alicePW})
	if err != nil {
		t.Fatal(err)
	}
	start := func(auth string) string {
		id, err := s.StartLiveSession(ctx, portal.LiveStart{AccountID: alice.ID, How: portal.HowCommand, Source: "192.0.2.1", Auth: auth})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	byKey, byPassword := start(k.Fingerprint), start(portal.AuthPassword)
	if _, err := s.RemoveCustomerKey(ctx, alice, portal.KeyChange{Fingerprint: k.Fingerprint, Proof: alicePW}); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeSession(ctx, alice, byPassword, "", ""); err != nil {
		t.Fatal(err)
	}
	revoked, err := s.WatchLiveSessions(ctx, []string{byKey, byPassword}, nil)
	if err != nil || !slices.Equal(revoked[portal.CustomerKeyRemovedReason], []string{byKey}) ||
		!slices.Equal(revoked[portal.SessionRevokedReason], []string{byPassword}) {
		t.Fatalf("watcher's reasons %v %v, want the key's session told the key was removed", revoked, err)
	}
}
