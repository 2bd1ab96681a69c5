package portal

import (
	"context"
	"errors"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/safetext"
)

// AdminKey is an admin's registered SSH key as customer care sees it.
type AdminKey struct {
	UserID      string    `json:"user_id"`
	Fingerprint string    `json:"fingerprint"`
	Type        string    `json:"type"`
	Comment     string    `json:"comment"`
	CreatedAt   time.Time `json:"created_at"`
}

func adminKeyOf(k db.AdminKey) AdminKey {
	typ, _, _ := strings.Cut(k.PublicKey, " ")
	return AdminKey{UserID: k.UserID, Fingerprint: k.Fingerprint, Type: typ, Comment: safetext.Escape(k.Comment), CreatedAt: k.CreatedAt.UTC()}
}

// RegisterAdminKey registers an authorized_keys line to an admin account;
// customer accounts have no keys.
func (s *Service) RegisterAdminKey(ctx context.Context, actor CareActor, user, line string) (AdminKey, error) {
	if err := actor.check(); err != nil {
		return AdminKey{}, err
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return AdminKey{}, err
	}
	if acct.Role != RoleAdmin {
		return AdminKey{}, careRefused("%s is a customer account: SSH keys are only for admin accounts (customers log in with their password)", acct.UserID)
	}
	key, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
	if err != nil {
		return AdminKey{}, careInvalid("not an SSH public key in authorized_keys format (e.g. the line of ~/.ssh/id_ed25519.pub): %v", err)
	}
	// A comment is shown in every admin's `admin key list`: an escape
	// sequence in it would run in their terminals (OSC 52, screen clears).
	if err := safetext.Check("the key comment", comment); err != nil {
		return AdminKey{}, careInvalid("%v", err)
	}
	fp := gossh.FingerprintSHA256(key)
	var out AdminKey
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if k, err := db.AdminKeyByFingerprint(ctx, tx, fp); err == nil {
			return careRefused("the key %s is already registered to %s", fp, k.UserID)
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		if _, err := s.AddAdminKey(ctx, tx, acct, line, actor.Admin, actor.Remote); err != nil {
			return err
		}
		k, err := db.AdminKeyByFingerprint(ctx, tx, fp)
		out = adminKeyOf(k)
		return err
	})
	return out, err
}

// AdminKeyList lists the registered keys of one admin account, or of all
// when user is empty.
func (s *Service) AdminKeyList(ctx context.Context, user string) ([]AdminKey, error) {
	var id int64
	if strings.TrimSpace(user) != "" {
		a, err := s.FindAccount(ctx, user)
		if err != nil {
			return nil, err
		}
		id = a.ID
	}
	rows, err := db.AdminKeys(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	out := make([]AdminKey, len(rows))
	for i, k := range rows {
		out[i] = adminKeyOf(k)
	}
	return out, nil
}

// RemoveAdminKey removes a registered key by its SHA256 fingerprint and
// ends the sessions of its account: a removed key must not keep a session
// open. The calling session is left to finish its command. An admin cannot
// remove their own last key; they would lock themselves out.
func (s *Service) RemoveAdminKey(ctx context.Context, actor CareActor, fingerprint string) (AdminKey, error) {
	if err := actor.check(); err != nil {
		return AdminKey{}, err
	}
	fp := strings.TrimSpace(fingerprint)
	if fp == "" {
		return AdminKey{}, careInvalid("name the key by its fingerprint (SHA256:..., as admin key list shows it)")
	}
	if !strings.HasPrefix(fp, "SHA256:") {
		fp = "SHA256:" + fp
	}
	var k db.AdminKey
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		var err error
		k, err = db.AdminKeyByFingerprint(ctx, tx, fp)
		if errors.Is(err, db.ErrNotFound) {
			return careNotFound("no registered key has the fingerprint %s (admin key list shows them)", fp)
		}
		if err != nil {
			return err
		}
		if k.AccountID == actor.Admin.ID {
			keys, err := db.AdminKeys(ctx, tx, k.AccountID)
			if err != nil {
				return err
			}
			if len(keys) <= 1 {
				return careRefused("%s is your last key: removing it would lock you out. Add another key first (admin key add %s < KEY.pub)",
					fp, actor.Admin.UserID)
			}
		}
		if err := db.RemoveAdminKey(ctx, tx, fp); err != nil {
			return err
		}
		if _, err := db.BumpSessionEpoch(ctx, tx, k.AccountID); err != nil {
			return err
		}
		return s.careAudit(ctx, tx, actor, k.AccountID, "admin.key-remove", fp)
	})
	if err != nil {
		return AdminKey{}, err
	}
	if s.EndSessions != nil {
		keep := ""
		if k.AccountID == actor.Admin.ID {
			keep = actor.Session
		}
		s.EndSessions(k.AccountID, keep, KeyRemovedReason)
	}
	return adminKeyOf(k), nil
}
