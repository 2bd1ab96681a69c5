package portal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/mail"
)

// Mails about a customer's SSH keys and sign-ins.
const (
	MailKeyAdded   = mail.KindKeyAdded
	MailKeyRemoved = mail.KindKeyRemoved
	MailNewSignIn  = mail.KindNewSignIn
)

// CustomerKeyRemovedReason is what the open connections of a removed key
// see.
const CustomerKeyRemovedReason = "the SSH key of this session was removed; please log in again"

// CustomerKey is a customer's SSH key as the customer sees it.
type CustomerKey struct {
	Fingerprint string     `json:"fingerprint"`
	Type        string     `json:"type"`
	Name        string     `json:"name"`
	FIDO        bool       `json:"security_key"`
	CreatedAt   time.Time  `json:"created_at"`
	LastUsedAt  *time.Time `json:"last_used_at"`
}

func customerKeyOf(k db.CustomerKey) CustomerKey {
	typ, _, _ := strings.Cut(k.PublicKey, " ")
	out := CustomerKey{Fingerprint: k.Fingerprint, Type: typ, Name: k.Name,
		FIDO: typ == KeyTypeSKEd25519 || typ == KeyTypeSKECDSA, CreatedAt: k.CreatedAt.UTC()}
	if k.LastUsedAt.Valid {
		t := k.LastUsedAt.Time.UTC()
		out.LastUsedAt = &t
	}
	return out
}

// KeyChange is a customer's request to add or remove a key. Proof is the
// login password, or with 2FA on a one-time or recovery code.
type KeyChange struct {
	Line        string // authorized_keys line (add)
	Name        string // label (add); the key's comment when empty
	Fingerprint string // SHA256:... (remove)
	Proof       string
	Source      string // client IP, for throttling and the audit
	// Keep is the live-session ID of the session that removes the key
	// (remove). When it logged in with that key it is not ended at once
	// with the key's other sessions: its command says the key was removed
	// and then ends it (its row is revoked all the same).
	Keep string
}

// CustomerKeys lists the account's keys, oldest first.
func (s *Service) CustomerKeys(ctx context.Context, acct db.Account) ([]CustomerKey, error) {
	rows, err := db.CustomerKeys(ctx, s.DB, acct.ID)
	if err != nil {
		return nil, fmt.Errorf("list SSH keys: %w", err)
	}
	out := make([]CustomerKey, len(rows))
	for i, k := range rows {
		out[i] = customerKeyOf(k)
	}
	return out, nil
}

// AddCustomerKey checks the key and the proof, then registers the key,
// audits the change and mails the customer, in one transaction.
func (s *Service) AddCustomerKey(ctx context.Context, acct db.Account, req KeyChange) (CustomerKey, error) {
	key, comment, err := ParseCustomerKey(req.Line)
	if err != nil {
		return CustomerKey{}, err
	}
	name := cleanKeyName(req.Name)
	if name == "" {
		name = cleanKeyName(comment)
	}
	fp := gossh.FingerprintSHA256(key)
	if err := s.checkKeyProof(ctx, acct, req.Proof, req.Source); err != nil {
		return CustomerKey{}, err
	}
	var out CustomerKey
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		have, err := db.CustomerKeys(ctx, tx, acct.ID)
		if err != nil {
			return err
		}
		for _, k := range have {
			if k.Fingerprint == fp {
				return refuse(ErrKeyInvalid, "sshkey.error.duplicate", fp)
			}
		}
		if len(have) >= MaxCustomerKeys {
			return refuse(ErrKeyLimit, "sshkey.error.limit", MaxCustomerKeys)
		}
		row := db.CustomerKey{AccountID: acct.ID, Fingerprint: fp, Name: name, CreatedAt: s.now(),
			PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))}
		if err := db.AddCustomerKey(ctx, tx, row); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, acct, acct.ID, "key.add", fp, req.Source); err != nil {
			return err
		}
		out = customerKeyOf(row)
		return s.queueMail(ctx, tx, acct, MailKeyAdded, mail.Data{Detail: keyDetail(fp, name)})
	})
	return out, err
}

// RemoveCustomerKey checks the proof, removes the key, revokes the live
// sessions that logged in with it (this replica ends them at once, the
// others at their next watch) and mails the customer.
func (s *Service) RemoveCustomerKey(ctx context.Context, acct db.Account, req KeyChange) (CustomerKey, error) {
	fp := strings.TrimSpace(req.Fingerprint)
	if fp == "" {
		return CustomerKey{}, refuse(ErrKeyNotFound, "sshkey.error.no_fingerprint")
	}
	if !strings.HasPrefix(fp, "SHA256:") {
		fp = "SHA256:" + fp
	}
	if _, err := db.CustomerKeyOf(ctx, s.DB, acct.ID, fp); errors.Is(err, db.ErrNotFound) {
		return CustomerKey{}, refuse(ErrKeyNotFound, "sshkey.error.not_found_list", fp)
	} else if err != nil {
		return CustomerKey{}, fmt.Errorf("find the SSH key: %w", err)
	}
	if err := s.checkKeyProof(ctx, acct, req.Proof, req.Source); err != nil {
		return CustomerKey{}, err
	}
	if req.Keep != "" && s.HoldConn != nil {
		// Before the key goes: no watcher round may end the connection of
		// the session removing its own key before it has reported.
		s.HoldConn(req.Keep, fp)
	}
	var out CustomerKey
	var ended []string
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		k, err := db.CustomerKeyOf(ctx, tx, acct.ID, fp)
		if errors.Is(err, db.ErrNotFound) {
			return refuse(ErrKeyNotFound, "sshkey.error.not_found", fp)
		} else if err != nil {
			return err
		}
		if err := db.RemoveCustomerKey(ctx, tx, acct.ID, fp); err != nil {
			return err
		}
		if ended, err = db.RevokeLiveSessionsByAuth(ctx, tx, acct.ID, fp, req.Keep, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, acct, acct.ID, "key.remove", fp, req.Source); err != nil {
			return err
		}
		out = customerKeyOf(k)
		return s.queueMail(ctx, tx, acct, MailKeyRemoved, mail.Data{Detail: keyDetail(fp, k.Name)})
	})
	if err != nil {
		return CustomerKey{}, err
	}
	s.endLive(ended, CustomerKeyRemovedReason)
	if s.EndKey != nil {
		s.EndKey(acct.ID, fp, req.Keep, CustomerKeyRemovedReason)
	}
	return out, nil
}

func keyDetail(fp, name string) string {
	if name == "" {
		return fp
	}
	return fp + " (" + name + ")"
}

// checkKeyProof verifies the login password, or with 2FA on a one-time
// or recovery code; wrong ones count toward login throttling.
func (s *Service) checkKeyProof(ctx context.Context, acct db.Account, proof, source string) error {
	acct, err := db.AccountByID(ctx, s.DB, acct.ID) // 2FA may have changed since the session began
	if err != nil {
		return fmt.Errorf("load the account: %w", err)
	}
	if strings.TrimSpace(proof) == "" {
		if acct.TOTPEnabled {
			return refuse(ErrKeyProof, "sshkey.error.needs_code")
		}
		return refuse(ErrKeyProof, "sshkey.error.needs_password")
	}
	if acct.TOTPEnabled {
		// The code the session logged in with (or one used since) is
		// refused as used, not as wrong: it proves the secret, so it is
		// not counted toward the lock, and the person learns to wait for
		// the app's next code instead of retyping this one.
		if used, err := s.codeAlreadyUsed(acct, proof); err != nil {
			return err
		} else if used {
			return refuse(ErrKeyProof, "sshkey.error.code_used")
		}
		if _, err := s.SecondFactor(ctx, acct, proof, source); err != nil {
			if errors.Is(err, ErrCodeInvalid) {
				return refuse(ErrKeyProof, "sshkey.error.proof_code")
			}
			return err
		}
		return nil
	}
	if err := s.verifyCurrentPassword(ctx, acct, proof); err != nil {
		if errors.Is(err, ErrWrongOldPassword) {
			s.auditFailedLogin(ctx, acct, methodKeyChange, source)
			return ErrKeyProof
		}
		return err
	}
	return nil
}
