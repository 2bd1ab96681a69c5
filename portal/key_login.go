package portal

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/mail"
)

// ErrKeyNotAccepted is the one answer for a key that is no key of an
// enabled customer account of that user name: it says nothing about
// whether the account exists.
var ErrKeyNotAccepted = errors.New("public key not accepted")

// KeyOK is a verified key login's first factor; the login is complete once
// CompleteKeyLogin runs (after the one-time code when NeedTOTP).
type KeyOK struct {
	Account     db.Account
	KeyID       int64
	Fingerprint string
	// FIDO: the key is on a security key, and x/crypto verified the
	// signature's user-presence flag (sipdesk never opts out of it).
	FIDO     bool
	NeedTOTP bool
}

// CustomerKeyOffered reports whether key may be used to log in as
// userName and returns a reference to the matching key row for
// KeyLoginRef. It proves nothing: a client may offer any public key, so
// only KeyLogin or KeyLoginRef, for a key the client signed with, yields
// an identity.
func (s *Service) CustomerKeyOffered(ctx context.Context, userName string, key gossh.PublicKey) (ref string, ok bool) {
	k, err := s.customerKey(ctx, userName, key)
	if err != nil {
		return "", false
	}
	return strconv.FormatInt(k.AccountID, 10) + ":" + strconv.FormatInt(k.ID, 10), true
}

// KeyLoginRef is KeyLogin for a key row CustomerKeyOffered found moments
// before for this same key (the server keeps the reference between the
// two callbacks of one attempt): it reads only the account, for its
// current state. A key removed in between is refused when the session
// starts (CustomerKeyRegistered).
func (s *Service) KeyLoginRef(ctx context.Context, ref string, key gossh.PublicKey) (KeyOK, error) {
	a, k, found := strings.Cut(ref, ":")
	accountID, err1 := strconv.ParseInt(a, 10, 64)
	keyID, err2 := strconv.ParseInt(k, 10, 64)
	if !found || err1 != nil || err2 != nil {
		return KeyOK{}, ErrKeyNotAccepted
	}
	acct, err := db.AccountByID(ctx, s.DB, accountID)
	if errors.Is(err, db.ErrNotFound) {
		return KeyOK{}, ErrKeyNotAccepted
	}
	if err != nil {
		return KeyOK{}, unavailable("load the account", err)
	}
	return s.keyOK(acct, keyID, key)
}

// KeyLogin is the first factor of a login with a key the client proved it
// holds (the ssh library's VerifiedPublicKeyCallback). With 2FA on, a key
// on a security key counts as the second factor: its signature carries
// the user-presence flag that x/crypto checks, so it needed a touch; any
// other key needs the one-time code after it (NeedTOTP).
func (s *Service) KeyLogin(ctx context.Context, userName string, key gossh.PublicKey) (KeyOK, error) {
	k, err := s.customerKey(ctx, userName, key)
	if err != nil {
		return KeyOK{}, err
	}
	acct, err := db.AccountByID(ctx, s.DB, k.AccountID)
	if err != nil {
		return KeyOK{}, unavailable("load the account", err)
	}
	return s.keyOK(acct, k.ID, key)
}

func (s *Service) keyOK(acct db.Account, keyID int64, key gossh.PublicKey) (KeyOK, error) {
	if acct.Role != RoleCustomer {
		return KeyOK{}, ErrKeyNotAccepted
	}
	if acct.Disabled {
		return KeyOK{}, ErrDisabled
	}
	fido := IsFIDOKey(key)
	return KeyOK{Account: acct, KeyID: keyID, Fingerprint: gossh.FingerprintSHA256(key), FIDO: fido,
		NeedTOTP: acct.TOTPEnabled && !fido}, nil
}

func (s *Service) customerKey(ctx context.Context, userName string, key gossh.PublicKey) (db.CustomerKey, error) {
	acct, err := db.AccountByUserID(ctx, s.DB, NormalizeUserID(userName))
	if errors.Is(err, db.ErrNotFound) {
		return db.CustomerKey{}, ErrKeyNotAccepted
	}
	if err != nil {
		return db.CustomerKey{}, unavailable("load the account", err)
	}
	if acct.Role != RoleCustomer {
		return db.CustomerKey{}, ErrKeyNotAccepted
	}
	k, err := db.CustomerKeyOf(ctx, s.DB, acct.ID, gossh.FingerprintSHA256(key))
	if errors.Is(err, db.ErrNotFound) {
		return db.CustomerKey{}, ErrKeyNotAccepted
	}
	if err != nil {
		return db.CustomerKey{}, unavailable("load the key", err)
	}
	return k, nil
}

// CompleteKeyLogin records a key login: what CompleteLogin records, with
// the key's fingerprint in the audit detail, and the key's last use, in
// one transaction.
func (s *Service) CompleteKeyLogin(ctx context.Context, ok KeyOK, source, method string) error {
	return s.completeLogin(ctx, ok.Account, source, method+" "+ok.Fingerprint, func(tx db.Tx) error {
		return db.TouchCustomerKey(ctx, tx, ok.KeyID, s.now())
	})
}

// signInNotice queues the "new sign-in" mail when this login comes from a
// network (IPv4 /24, IPv6 /48) or with a key that no earlier login of the
// account used, and remembers both. An account's very first login sends
// none: there is nothing to compare with, and the welcome mail preceded
// it.
func (s *Service) signInNotice(ctx context.Context, h db.Handler, acct db.Account, source, method string) error {
	network := sourceNetwork(source)
	_, fp, hasKey := strings.Cut(method, " ")
	known, err := db.LoginSourcesKnown(ctx, h, acct.ID, network, fp)
	if err != nil {
		return fmt.Errorf("read earlier logins: %w", err)
	}
	if !known.Any {
		if known, err = s.fillLoginSources(ctx, h, acct.ID, network, fp); err != nil {
			return err
		}
	}
	now := s.now()
	if err := db.RememberLoginSource(ctx, h, acct.ID, db.SourceNetwork, network, now); err != nil {
		return fmt.Errorf("remember the login's network: %w", err)
	}
	if hasKey {
		if err := db.RememberLoginSource(ctx, h, acct.ID, db.SourceKey, fp, now); err != nil {
			return fmt.Errorf("remember the login's key: %w", err)
		}
	}
	if !known.Any || (known.Network && (!hasKey || known.Key)) {
		return nil
	}
	return s.queueMailIn(ctx, h, acct, MailNewSignIn, func(v Voice) mail.Data {
		return mail.Data{Detail: source + " (" + v.LoginMethod(method) + ")"}
	})
}

// fillLoginSources gives an account without login sources those of its
// audited logins (an account from before the table, or one whose sources
// were swept with its 90-day-old events), each with the time of its last
// login, so the 90-day sweep forgets them when the audit would have, and
// says what they hold.
func (s *Service) fillLoginSources(ctx context.Context, h db.Handler, accountID int64, network, fp string) (db.KnownSources, error) {
	var known db.KnownSources
	seen, err := db.AuditLoginSources(ctx, h, accountID, 500)
	if err != nil {
		return known, fmt.Errorf("read earlier logins: %w", err)
	}
	for _, l := range seen {
		known.Any = true
		n := sourceNetwork(l.RemoteAddr)
		known.Network = known.Network || n == network
		if err := db.RememberLoginSource(ctx, h, accountID, db.SourceNetwork, n, l.At); err != nil {
			return known, fmt.Errorf("remember an earlier login's network: %w", err)
		}
		if _, key, ok := strings.Cut(l.Method, " "); ok {
			known.Key = known.Key || (fp != "" && key == fp)
			if err := db.RememberLoginSource(ctx, h, accountID, db.SourceKey, key, l.At); err != nil {
				return known, fmt.Errorf("remember an earlier login's key: %w", err)
			}
		}
	}
	return known, nil
}

// sourceNetwork is the network a source address belongs to for the
// "new sign-in" notice: its /24 for IPv4, /48 for IPv6.
func sourceNetwork(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.Mask(net.CIDRMask(24, 32)).String() + "/24"
	}
	return ip.Mask(net.CIDRMask(48, 128)).String() + "/48"
}

// CustomerKeyRegistered reports whether the account still has the key with
// this fingerprint; a store error counts as yes (the watcher and the
// removal itself end the key's sessions).
func (s *Service) CustomerKeyRegistered(ctx context.Context, accountID int64, fingerprint string) bool {
	_, err := db.CustomerKeyOf(ctx, s.DB, accountID, fingerprint)
	return !errors.Is(err, db.ErrNotFound)
}
