package portal_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/safetext"
)

// hostileText is what issue 11 found passing the checks: a C0 escape that
// writes the reader's clipboard and clears their screen, a C1 CSI, and a
// right-to-left override.
var hostileText = map[string]string{
	"C0":   "laptop\x1b]52;c;cHduZWQ=\a\x1b[2J",
	"C1":   "laptop\u009b2J",
	"bidi": "laptop\u202egpj.exe",
}

func adminKeyLine(comment string) string {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	k, _ := gossh.NewPublicKey(pub)
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k))) + " " + comment
}

func TestCareRefusesControlAndBidiCharactersInTypedText(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		alice := seedAlice(t, s)
		for kind, bad := range hostileText {
			refused := func(what string, err error, field string) {
				t.Helper()
				if !errors.Is(err, portal.ErrCareInvalid) || !strings.Contains(err.Error(), field+" contains the ") {
					t.Errorf("%s with %s: got %v, want a refusal naming %s", what, kind, err, field)
				}
			}
			_, err := s.CreateCustomer(ctx, care, portal.NewCustomer{Email: "mallory@example.ch", Region: "CH", Name: bad})
			refused("customer name", err, "--name")
			_, err = s.AssignNumber(ctx, care, alice.UserID, "+41447770042", portal.ProductPBX, "", bad)
			refused("number label", err, "--label")
			_, err = s.RegisterAdminKey(ctx, care, "care", adminKeyLine(bad))
			refused("key comment", err, "the key comment")
			_, err = s.ResetTOTP(ctx, care, alice.UserID, "alice"+strings.TrimPrefix(bad, "laptop")+"@example.ch")
			refused("--requested-by", err, "--requested-by")
		}
	})
}

func TestStoredKeyCommentsAreEscapedWhenListed(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		for kind, bad := range hostileText {
			// A key stored before the rule existed, bypassing the check.
			if err := d.Tx(ctx, func(tx db.Tx) error {
				_, err := s.AddAdminKey(ctx, tx, care.Admin, adminKeyLine(bad), care.Admin, "")
				return err
			}); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
		}
		keys, err := s.AdminKeyList(ctx, "care")
		if err != nil || len(keys) != len(hostileText) {
			t.Fatalf("keys: %+v %v", keys, err)
		}
		for _, k := range keys {
			if safetext.Has(k.Comment) || !strings.HasPrefix(k.Comment, "laptop") {
				t.Errorf("comment shown as %q", k.Comment)
			}
		}
	})
}

func TestStoredNamesAndLabelsAreEscapedWhenShown(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		care := careActor(t, s)
		// Stored before the rule: the store itself takes any text.
		acct, err := s.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "old@example.ch", Region: "CH", Name: hostileText["C1"]})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AssignNumber(ctx, care, acct.UserID, "+41447770043", portal.ProductPBX, "", "HQ"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, d.Rebind("UPDATE phone_numbers SET label = ? WHERE e164 = ?"), hostileText["bidi"], "+41447770043"); err != nil {
			t.Fatal(err)
		}
		list, err := s.ListAccounts(ctx, "old@", "", 10)
		if err != nil || len(list) != 1 || list[0].Name != `laptop\u009b2J` {
			t.Fatalf("accounts: %+v %v", list, err)
		}
		nums, err := s.Numbers(ctx, acct.ID)
		if err != nil || len(nums) != 1 || nums[0].Label != `laptop\u202egpj.exe` {
			t.Fatalf("numbers: %+v %v", nums, err)
		}
	})
}
