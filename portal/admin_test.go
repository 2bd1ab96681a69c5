package portal_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// careActor creates the admin account "care" and returns it as an actor.
func careActor(t *testing.T, s *testService) portal.CareActor {
	t.Helper()
	admin, err := s.CreateAccount(context.Background(), s.DB, portal.NewAccountRequest{
		UserID: "care", Email: "care@example.ch", Region: "CH", Role: portal.RoleAdmin,
	})
	if err != nil {
		t.Fatal(err)
	}
	return portal.CareActor{Admin: admin, Remote: "192.0.2.9:2222", Session: "admin-session"}
}

// lastMail is the newest outbox row's kind and recipient.
func lastMail(t *testing.T, d *db.DB) (kind, to string) {
	t.Helper()
	if err := d.QueryRowx("SELECT kind, to_addr FROM mail_outbox ORDER BY id DESC LIMIT 1").Scan(&kind, &to); err != nil {
		t.Fatal(err)
	}
	return kind, to
}

// lastEvent is the newest audit event about the account.
func lastEvent(t *testing.T, s *testService, user string) portal.AuditEntry {
	t.Helper()
	events, err := s.AuditTrail(context.Background(), user, time.Time{}, 1)
	if err != nil || len(events) == 0 {
		t.Fatalf("audit of %s: %v %v", user, events, err)
	}
	return events[0]
}

func enable2FA(t *testing.T, s *testService, acct db.Account) {
	t.Helper()
	setup, err := s.NewTOTPSetup(acct.UserID)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(setup.Secret, s.now)
	if _, err := s.ActivateTOTP(context.Background(), acct, setup, code); err != nil {
		t.Fatal(err)
	}
}

func TestCareTwoFactorResetOnlyOnARequestFromTheStoredAddress(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		alice := seedAlice(t, s) // stored address alice@example.ch
		enable2FA(t, s, alice)
		mails := countMails(t, d)

		_, err := s.ResetTOTP(ctx, care, alice.UserID, "alice@example.com")
		if !errors.Is(err, portal.ErrCareRefused) || !strings.Contains(err.Error(), "stored address") {
			t.Fatalf("request from another address: %v", err)
		}
		if a, _ := db.AccountByUserID(ctx, d, alice.UserID); !a.TOTPEnabled {
			t.Fatal("2FA was reset on a request from another address")
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "2fa.reset-refused" || e.Actor != "care" || !strings.Contains(e.Detail, "alice@example.com") {
			t.Fatalf("refusal not audited: %+v", e)
		}
		if countMails(t, d) != mails {
			t.Fatal("a refused reset sent a mail")
		}
		if _, err := s.ResetTOTP(ctx, care, alice.UserID, "Alice <alice@example.ch>"); !errors.Is(err, portal.ErrCareInvalid) {
			t.Fatalf("a display name is not an address the request came from: %v", err)
		}

		// Case does not matter.
		if _, err := s.ResetTOTP(ctx, care, alice.UserID, " ALICE@example.CH "); err != nil {
			t.Fatal(err)
		}
		a, _ := db.AccountByUserID(ctx, d, alice.UserID)
		left, _ := db.RecoveryCodesLeft(ctx, d, a.ID)
		if a.TOTPEnabled || a.TOTPSecret != nil || left != 0 {
			t.Fatalf("after the reset: 2FA %v, secret %v, %d recovery codes", a.TOTPEnabled, a.TOTPSecret, left)
		}
		if kind, to := lastMail(t, d); kind != string(portal.MailTOTPReset) || to != "alice@example.ch" {
			t.Fatalf("notification: %s to %s", kind, to)
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "2fa.reset" || e.Actor != "care" || e.Remote != care.Remote {
			t.Fatalf("reset not audited with the admin: %+v", e)
		}
		// Password alone logs in now.
		if ok, err := login(s, alice.UserID, alicePW); err != nil || ok.NeedTOTP {
			t.Fatalf("login after the reset: %+v %v", ok, err)
		}
		if _, err := s.ResetTOTP(ctx, care, alice.UserID, "alice@example.ch"); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("reset of 2FA that is off: %v", err)
		}
	})
}

func TestCareDisableEndsSessionsThroughTheEpoch(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		alice := seedAlice(t, s)
		type ended struct {
			id           int64
			keep, reason string
		}
		var calls []ended
		s.EndSessions = func(id int64, keep, reason string) { calls = append(calls, ended{id, keep, reason}) }

		before, _, _ := db.SessionEpoch(ctx, d, alice.ID)
		if _, changed, err := s.DisableAccount(ctx, care, alice.UserID); err != nil || !changed {
			t.Fatalf("disable: %v %v", changed, err)
		}
		epoch, disabled, _ := db.SessionEpoch(ctx, d, alice.ID)
		if epoch != before+1 || !disabled {
			t.Fatalf("epoch %d -> %d, disabled %v: other replicas would not end the sessions", before, epoch, disabled)
		}
		if len(calls) != 1 || calls[0] != (ended{alice.ID, "", portal.AccountDisabledReason}) {
			t.Fatalf("sessions on this server: %+v", calls)
		}
		if _, err := login(s, alice.UserID, alicePW); !errors.Is(err, portal.ErrDisabled) {
			t.Fatalf("login of a disabled account: %v", err)
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "account.disable" || e.Actor != "care" {
			t.Fatalf("audit: %+v", e)
		}
		if _, changed, err := s.DisableAccount(ctx, care, alice.UserID); err != nil || changed || len(calls) != 1 {
			t.Fatalf("disable twice: %v %v %d", changed, err, len(calls))
		}
		if _, _, err := s.DisableAccount(ctx, care, "care"); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("an admin disabled their own account: %v", err)
		}
		if _, changed, err := s.EnableAccount(ctx, care, alice.UserID); err != nil || !changed {
			t.Fatalf("enable: %v %v", changed, err)
		}
		if _, err := login(s, alice.UserID, alicePW); err != nil {
			t.Fatalf("login after enable: %v", err)
		}
		if _, _, err := s.DisableAccount(ctx, care, "nobody@example.ch"); !errors.Is(err, portal.ErrCareNotFound) {
			t.Fatalf("unknown account: %v", err)
		}
	})
}

func TestCareUnlockClearsThrottling(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		s.Cfg.MaxConsecutive = 8
		care := careActor(t, s)
		alice := seedAlice(t, s)
		for i := range s.Cfg.MaxConsecutive {
			s.now = s.now.Add(2 * time.Hour) // past every lock window: the count alone grows
			if _, err := s.CheckPassword(ctx, portal.LoginRequest{UserName: alice.UserID, Password: "Wrong-pass-1", Source: "192.0.2." + string(rune('1'+i))}); err == nil {
				t.Fatal("wrong password accepted")
			}
		}
		s.now = s.now.Add(24 * time.Hour)
		var locked *portal.LockedError
		if _, err := login(s, alice.UserID, alicePW); !errors.As(err, &locked) || !locked.Permanent {
			t.Fatalf("after %d failures: %v, want a permanent lock", s.Cfg.MaxConsecutive, err)
		}
		det, err := s.AccountDetails(ctx, alice.UserID)
		if err != nil || !det.Lock.Permanent || !det.Lock.Locked() || det.Lock.ConsecutiveFailures != s.Cfg.MaxConsecutive {
			t.Fatalf("lock state: %+v %v", det.Lock, err)
		}
		_, before, changed, err := s.UnlockAccount(ctx, care, alice.UserID)
		if err != nil || !changed || before.ConsecutiveFailures != s.Cfg.MaxConsecutive {
			t.Fatalf("unlock: %+v %v %v", before, changed, err)
		}
		if _, err := login(s, alice.UserID, alicePW); err != nil {
			t.Fatalf("login after unlock: %v", err)
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "account.unlock" || e.Actor != "care" || !strings.Contains(e.Detail, "8 consecutive") {
			t.Fatalf("unlock not audited: %+v", e)
		}
		if _, _, changed, err := s.UnlockAccount(ctx, care, alice.UserID); err != nil || changed {
			t.Fatalf("unlock with nothing to clear: %v %v", changed, err)
		}
	})
}

func TestCareListQuery(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		careActor(t, s)
		for _, r := range []portal.NewAccountRequest{
			{Email: "alice@example.ch", Name: "Alice Muster", Region: "CH"},
			{Email: "bob@muster-ag.ch", Name: "Bob", Region: "CH"},
			{UserID: "k-1001", Email: "anna@example.at", Name: "Anna 100% Beispiel", Region: "AT"},
			{UserID: "k_2002", Email: "zoe@example.at", Name: "Zoë", Region: "AT"},
		} {
			if _, err := s.CreateAccount(ctx, d, r); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(query, region string) string {
			t.Helper()
			rows, err := s.ListAccounts(ctx, query, region, 100)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.UserID)
			}
			return strings.Join(out, " ")
		}
		for _, c := range []struct{ query, region, want string }{
			{"", "", "alice@example.ch bob@muster-ag.ch care k-1001 k_2002"},
			{"MUSTER", "", "alice@example.ch bob@muster-ag.ch"}, // name and email, any case
			{"K-10", "", "k-1001"},                     // user ID
			{"example.at", "", "k-1001 k_2002"},        // email
			{"", "at", "k-1001 k_2002"},                // region
			{"example", "CH", "alice@example.ch care"}, // both
			{"100%", "", "k-1001"},                     // % is literal
			{"k_", "", "k_2002"},                       // _ is literal
			{"nobody", "", ""},
		} {
			if got := ids(c.query, c.region); got != c.want {
				t.Errorf("query %q region %q: %q, want %q", c.query, c.region, got, c.want)
			}
		}
		if _, err := s.ListAccounts(ctx, "", "DE", 10); !errors.Is(err, portal.ErrCareInvalid) {
			t.Fatalf("region DE: %v", err)
		}
		// An AT user ID is found by its unique address too.
		if a, err := s.FindAccount(ctx, "Anna@Example.at"); err != nil || a.UserID != "k-1001" {
			t.Fatalf("find by address: %+v %v", a, err)
		}
	})
}

func TestCareCreateCustomerMailsASetPasswordLink(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		for _, bad := range []portal.NewCustomer{
			{Email: "not-an-address", Region: "CH"},
			{Email: "Alice <alice@example.ch>", Region: "CH"},
			{Email: "alice@example.ch", Region: "DE"},
			{Email: "alice@example.ch", Region: "CH", UserID: "12345"},
			{Email: "alice@example.ch", Region: "CH", UserID: "forgot"},
			{Email: "alice@example.ch", Region: "CH", UserID: "reset+abc"},
			{Email: "alice@example.ch", Region: "CH", UserID: "alice smith"},
		} {
			if _, err := s.CreateCustomer(ctx, care, bad); !errors.Is(err, portal.ErrCareInvalid) {
				t.Errorf("%+v: %v, want ErrCareInvalid", bad, err)
			}
		}
		if n := countMails(t, d); n != 0 {
			t.Fatalf("%d mails after refusals", n)
		}
		acct, err := s.CreateCustomer(ctx, care, portal.NewCustomer{Email: "Alice@Example.ch", Region: "ch", Name: "Alice"})
		if err != nil {
			t.Fatal(err)
		}
		if acct.UserID != "alice@example.ch" || acct.Role != portal.RoleCustomer || acct.PasswordHash.Valid || acct.Region != "CH" {
			t.Fatalf("created %+v", acct)
		}
		if kind, to := lastMail(t, d); kind != string(portal.MailWelcome) || to != "alice@example.ch" {
			t.Fatalf("mail: %s to %s", kind, to)
		}
		if _, err := s.CreateCustomer(ctx, care, portal.NewCustomer{Email: "other@example.ch", Region: "CH", UserID: "ALICE@example.ch"}); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("duplicate user ID: %v", err)
		}
		// The link sets the first password.
		if err := s.CompleteReset(ctx, lastToken(t, s), "Welcome-2026!", "Welcome-2026!", "", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := login(s, "alice@example.ch", "Welcome-2026!"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateCustomer(ctx, portal.CareActor{Admin: acct}, portal.NewCustomer{Email: "x@example.ch", Region: "CH"}); err == nil {
			t.Fatal("a customer account acted as customer care")
		}
	})
}

func TestCareSendPasswordReset(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		alice := seedAlice(t, s)
		for i := range portal.MaxResetMailsPerHour {
			_, purpose, err := s.SendPasswordReset(ctx, care, alice.UserID)
			if err != nil || purpose != portal.PurposeReset {
				t.Fatalf("reset %d: %s %v", i, purpose, err)
			}
			if kind, to := lastMail(t, d); kind != string(portal.MailPasswordReset) || to != "alice@example.ch" {
				t.Fatalf("mail: %s to %s", kind, to)
			}
		}
		if _, _, err := s.SendPasswordReset(ctx, care, alice.UserID); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("over the hourly cap: %v", err)
		}
		if e := lastEvent(t, s, alice.UserID); e.Action != "password.reset-link-sent" || e.Actor != "care" {
			t.Fatalf("audit: %+v", e)
		}
		bob, err := s.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "bob@example.ch", Region: "CH"})
		if err != nil {
			t.Fatal(err)
		}
		if _, purpose, err := s.SendPasswordReset(ctx, care, bob.UserID); err != nil || purpose != portal.PurposeWelcome {
			t.Fatalf("no password yet: %s %v", purpose, err)
		}
		if _, _, err := s.DisableAccount(ctx, care, bob.UserID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SendPasswordReset(ctx, care, bob.UserID); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("disabled account: %v", err)
		}
	})
}

func TestCareNumberProductsKeepCredentialsInStep(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		alice := seedAlice(t, s) // +41441234567, PBX
		bob, _ := s.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "bob@example.ch", Region: "CH"})
		hasCred := func(e164 string) bool {
			t.Helper()
			n, err := db.NumberByE164(ctx, d, e164)
			if err != nil {
				t.Fatal(err)
			}
			return n.HasSIPCred
		}
		if _, err := s.AssignNumber(ctx, care, alice.UserID, "0041 44 777 00 00", portal.ProductTrunk, "", "HQ"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AssignNumber(ctx, care, bob.UserID, "+41447770000", portal.ProductPBX, "", ""); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("a number of another account: %v", err)
		}
		if _, err := s.AssignNumber(ctx, care, bob.UserID, "+41 44 888", portal.ProductPBX, "", ""); !errors.Is(err, portal.ErrCareInvalid) {
			t.Fatalf("not E.164: %v", err)
		}
		if _, err := s.AssignNumber(ctx, care, bob.UserID, "+41448880000", portal.ProductTrunkParticipant, "+41447770000", ""); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("participant of another account's trunk: %v", err)
		}
		if _, err := s.AssignNumber(ctx, care, alice.UserID, "+41447770001", portal.ProductTrunkParticipant, "", ""); !errors.Is(err, portal.ErrCareInvalid) {
			t.Fatalf("participant without trunk: %v", err)
		}
		if _, err := s.AssignNumber(ctx, care, "care", "+41447770009", portal.ProductPBX, "", ""); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("number for an admin: %v", err)
		}
		ch, err := s.AssignNumber(ctx, care, alice.UserID, "+41447770001", portal.ProductTrunkParticipant, "+41447770000", "")
		if err != nil || ch.CredentialsCreated || hasCred("+41447770001") || ch.Number.TrunkE164 != "+41447770000" {
			t.Fatalf("participant: %+v %v", ch, err)
		}

		// PBX -> Teams loses the credentials; Teams -> trunk gains new ones;
		// trunk -> PBX keeps them (same VoIP password).
		if ch, err := s.SetNumberProduct(ctx, care, "+41441234567", portal.ProductTeams, ""); err != nil || !ch.CredentialsRemoved || hasCred("+41441234567") {
			t.Fatalf("pbx -> teams: %+v %v", ch, err)
		}
		if ch, err := s.SetNumberProduct(ctx, care, "+41441234567", portal.ProductTrunk, ""); err != nil || !ch.CredentialsCreated || !hasCred("+41441234567") {
			t.Fatalf("teams -> trunk: %+v %v", ch, err)
		}
		cr, _ := s.Credentials(ctx, alice.ID, "+41441234567")
		if ch, err := s.SetNumberProduct(ctx, care, "+41441234567", portal.ProductPBX, ""); err != nil || ch.CredentialsCreated || ch.CredentialsRemoved {
			t.Fatalf("trunk -> pbx: %+v %v", ch, err)
		}
		if cr2, _ := s.Credentials(ctx, alice.ID, "+41441234567"); cr2.Password != cr.Password || cr.Password == "" {
			t.Fatal("trunk -> pbx changed the VoIP password")
		}
		if ch, err := s.SetNumberProduct(ctx, care, "+41441234567", portal.ProductPBX, ""); err != nil || ch.Changed {
			t.Fatalf("same product: %+v %v", ch, err)
		}
		// A trunk with participants keeps its product and stays.
		if _, err := s.SetNumberProduct(ctx, care, "+41447770000", portal.ProductPBX, ""); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("trunk with participants: %v", err)
		}
		if _, err := s.UnassignNumber(ctx, care, "+41447770000"); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("removing a trunk with participants: %v", err)
		}
		if _, err := s.SetNumberProduct(ctx, care, "+41447770001", portal.ProductTrunkParticipant, "+41447770001"); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("its own trunk: %v", err)
		}
		if ch, err := s.SetNumberProduct(ctx, care, "+41447770001", portal.ProductPBX, ""); err != nil || !ch.CredentialsCreated {
			t.Fatalf("participant -> pbx: %+v %v", ch, err)
		}
		if ch, err := s.UnassignNumber(ctx, care, "+41447770000"); err != nil || !ch.CredentialsRemoved {
			t.Fatalf("remove the trunk: %+v %v", ch, err)
		}
		if _, err := s.UnassignNumber(ctx, care, "+41447770000"); !errors.Is(err, portal.ErrCareNotFound) {
			t.Fatalf("remove twice: %v", err)
		}
		var events int
		if err := d.Get(&events, "SELECT COUNT(*) FROM provisioning_outbox"); err != nil || events < 6 {
			t.Fatalf("%d provisioning events, %v", events, err)
		}
		trail, _ := s.AuditTrail(ctx, alice.UserID, time.Time{}, 100)
		for _, e := range trail {
			if strings.HasPrefix(e.Action, "number.") && (e.Actor != "care" || e.Remote != care.Remote) {
				t.Fatalf("number event without the admin: %+v", e)
			}
		}
	})
}

func TestCareAdminKeys(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		alice := seedAlice(t, s)
		keyLine := func(comment string) string {
			pub, _, _ := ed25519.GenerateKey(rand.Reader)
			k, _ := gossh.NewPublicKey(pub)
			return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k))) + " " + comment
		}
		var ended []int64
		s.EndSessions = func(id int64, keep, _ string) {
			if keep != care.Session {
				t.Errorf("the calling session was not kept: %q", keep)
			}
			ended = append(ended, id)
		}
		first, err := s.RegisterAdminKey(ctx, care, "care", keyLine("laptop"))
		if err != nil || first.Type != "ssh-ed25519" || first.Comment != "laptop" {
			t.Fatalf("add: %+v %v", first, err)
		}
		if _, err := s.RegisterAdminKey(ctx, care, alice.UserID, keyLine("x")); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("key for a customer: %v", err)
		}
		if _, err := s.RegisterAdminKey(ctx, care, "care", "ssh-ed25519 AAAA-not-base64"); !errors.Is(err, portal.ErrCareInvalid) {
			t.Fatalf("garbage key: %v", err)
		}
		if _, err := s.RemoveAdminKey(ctx, care, first.Fingerprint); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("own last key: %v", err)
		}
		second, err := s.RegisterAdminKey(ctx, care, "care", keyLine("desk"))
		if err != nil {
			t.Fatal(err)
		}
		epoch, _, _ := db.SessionEpoch(ctx, d, care.Admin.ID)
		// Without the SHA256: prefix works too.
		if _, err := s.RemoveAdminKey(ctx, care, strings.TrimPrefix(first.Fingerprint, "SHA256:")); err != nil {
			t.Fatal(err)
		}
		if e2, _, _ := db.SessionEpoch(ctx, d, care.Admin.ID); e2 != epoch+1 || len(ended) != 1 || ended[0] != care.Admin.ID {
			t.Fatalf("sessions of the key's account: epoch %d -> %d, ended %v", epoch, e2, ended)
		}
		keys, err := s.AdminKeyList(ctx, "care")
		if err != nil || len(keys) != 1 || keys[0].Fingerprint != second.Fingerprint {
			t.Fatalf("keys: %+v %v", keys, err)
		}
		if _, err := s.RemoveAdminKey(ctx, care, second.Fingerprint); !errors.Is(err, portal.ErrCareRefused) {
			t.Fatalf("own last key again: %v", err)
		}
		if _, err := s.RemoveAdminKey(ctx, care, first.Fingerprint); !errors.Is(err, portal.ErrCareNotFound) {
			t.Fatalf("removed key: %v", err)
		}
		if e := lastEvent(t, s, "care"); e.Action != "admin.key-remove" || e.Actor != "care" {
			t.Fatalf("audit: %+v", e)
		}
	})
}
