package portal

import (
	"context"
	"errors"
	"fmt"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
)

// ErrNotAdminKey is the answer for a public key that is not an admin key of
// the user name it was offered for.
var ErrNotAdminKey = errors.New("public key not accepted")

// AdminForKey returns the enabled admin account that key is registered to,
// if its user ID is userName. It proves nothing by itself: a client may
// offer any public key. Only a key the client has signed with (the ssh
// library's VerifiedPublicKeyCallback) may become an identity.
func (s *Service) AdminForKey(ctx context.Context, userName string, key gossh.PublicKey) (db.Account, error) {
	k, err := db.AdminKeyByFingerprint(ctx, s.DB, gossh.FingerprintSHA256(key))
	if errors.Is(err, db.ErrNotFound) {
		return db.Account{}, ErrNotAdminKey
	}
	if err != nil {
		return db.Account{}, err
	}
	acct, err := db.AccountByID(ctx, s.DB, k.AccountID)
	if err != nil {
		return db.Account{}, err
	}
	if acct.Role != RoleAdmin || acct.Disabled || acct.UserID != NormalizeUserID(userName) {
		return db.Account{}, ErrNotAdminKey
	}
	return acct, nil
}

// AddAdminKey registers an authorized_keys line to an admin account; remote
// is the network address of the admin who added it ("" for the server's
// own start-up), for the audit event.
func (s *Service) AddAdminKey(ctx context.Context, h db.Handler, acct db.Account, line string, actor db.Account, remote string) (string, error) {
	if acct.Role != RoleAdmin {
		return "", fmt.Errorf("%s is not an admin account", acct.UserID)
	}
	key, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
	if err != nil {
		return "", fmt.Errorf("not an SSH public key in authorized_keys format: %w", err)
	}
	fp := gossh.FingerprintSHA256(key)
	pub := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))
	if err := db.AddAdminKey(ctx, h, acct.ID, fp, pub, comment, s.now()); err != nil {
		if errors.Is(err, db.ErrDuplicate) {
			return fp, fmt.Errorf("the key %s is already registered", fp)
		}
		return "", err
	}
	return fp, s.audit(ctx, h, actor, acct.ID, "admin.key-add", fp, remote)
}

// EnsureInitialAdmin creates the admin account userID (role admin, no
// password: admins log in with keys) when missing, and registers each of
// the given authorized_keys lines not yet known. It runs at every start,
// so adding a line to the setting adds the key.
func (s *Service) EnsureInitialAdmin(ctx context.Context, userID, email string, keys []string) (created bool, added int, err error) {
	if len(keys) == 0 {
		return false, 0, nil
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		acct, err := db.AccountByUserID(ctx, tx, NormalizeUserID(userID))
		if errors.Is(err, db.ErrNotFound) {
			acct, err = s.CreateAccount(ctx, tx, NewAccountRequest{UserID: userID, Email: email, Name: "Customer care", Region: RegionCH, Role: RoleAdmin})
			created = true
		}
		if err != nil {
			return err
		}
		if acct.Role != RoleAdmin {
			return fmt.Errorf("initial admin %s exists but is not an admin account", acct.UserID)
		}
		system := db.Account{UserID: "system"}
		for _, line := range keys {
			if strings.TrimSpace(line) == "" {
				continue
			}
			key, _, _, _, perr := gossh.ParseAuthorizedKey([]byte(line))
			if perr != nil {
				return fmt.Errorf("initial admin key %q: %w", truncateKey(line), perr)
			}
			if _, err := db.AdminKeyByFingerprint(ctx, tx, gossh.FingerprintSHA256(key)); err == nil {
				continue
			}
			if _, err := s.AddAdminKey(ctx, tx, acct, line, system, ""); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return created, added, err
}

func truncateKey(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
