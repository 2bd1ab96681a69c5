package portal

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
)

// Login errors. Their messages are what the user sees; ErrLoginFailed is the
// one answer for an unknown user and a wrong password alike.
var (
	ErrLoginFailed = errors.New("wrong user ID or password")
	ErrDisabled    = errors.New("this account is disabled; please contact customer care")
	ErrCodeInvalid = errors.New("wrong or expired one-time code")
)

// LockedError says a login is refused by throttling, and for how long.
type LockedError struct {
	Until     time.Time
	Permanent bool // only customer care can unlock
	CareEmail string
}

func (e *LockedError) Error() string {
	if e.Permanent {
		return "too many failed logins: this login is locked; customer care (" + e.CareEmail + ") can unlock it"
	}
	wait := time.Until(e.Until).Round(time.Second)
	if wait < time.Second {
		wait = time.Second
	}
	return fmt.Sprintf("too many failed logins: try again in %s", wait)
}

// HintError is a login failure that carries a hint for the user (e.g. "this
// is a VoIP password"). The hint never reveals whether an account exists
// to someone who does not already hold one of its secrets.
type HintError struct {
	Err  error
	Hint string
}

func (e *HintError) Error() string { return e.Err.Error() }
func (e *HintError) Unwrap() error { return e.Err }

// Hints shown during login.
const (
	HintOldCustomerNumber = "Your user ID is now your email address. The old 4- or 5-digit customer number no longer works."
	HintVoIPPassword      = "This is a VoIP (SIP) password. Please log in with your login password, not the VoIP password."
)

// NormalizeUserID is how user IDs are compared: trimmed and lower case
// (email addresses are case-insensitive in practice).
func NormalizeUserID(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// IsOldCustomerNumber reports a 4- or 5-digit user name, the user ID of the
// old customer portal.
func IsOldCustomerNumber(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) != 4 && len(s) != 5 {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil && !strings.ContainsAny(s, "+-")
}

// LoginRequest is one password attempt.
type LoginRequest struct {
	UserName string
	Password string
	Source   string // remote IP, for throttling and audit
	Method   string // "password" or "keyboard-interactive", for the security timeline
	// Region is the portal's the person connected to: a permanent lock
	// names its customer care (the account is not known yet).
	Region string
}

// PasswordOK is a verified first factor; the login is complete once
// CompleteLogin runs (after the second factor when NeedTOTP).
type PasswordOK struct {
	Account  db.Account
	NeedTOTP bool
}

// CheckPassword verifies the first factor with throttling, constant work for
// unknown users, and the FAQ's hints.
func (s *Service) CheckPassword(ctx context.Context, req LoginRequest) (PasswordOK, error) {
	name := NormalizeUserID(req.UserName)
	if IsOldCustomerNumber(name) {
		return PasswordOK{}, &HintError{Err: ErrLoginFailed, Hint: HintOldCustomerNumber}
	}
	// A place in the hashing queue first: a full queue answers "busy"
	// without a store write (see Admission).
	adm, err := s.Hasher.Admit()
	if err != nil {
		return PasswordOK{}, err
	}
	defer adm.Release()
	// The attempt is counted before the hash is evaluated: parallel guesses
	// must not all pass a check that runs before any of them is recorded.
	att, err := s.reserveAttempt(ctx, name, req.Source, req.Region)
	if err != nil {
		return PasswordOK{}, err
	}
	acct, err := db.AccountByUserID(ctx, s.DB, name)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		att.release(ctx)
		return PasswordOK{}, unavailable("load the account", err)
	}
	hash := s.dummyHash
	if err == nil && acct.PasswordHash.Valid {
		hash = acct.PasswordHash.String
	}
	ok, rehash, verr := s.Hasher.VerifyAdmitted(ctx, adm, hash, req.Password)
	if verr != nil {
		att.release(ctx) // not evaluated (busy, cancelled): not the person's failure
		return PasswordOK{}, verr
	}
	if err != nil || !acct.PasswordHash.Valid || !ok {
		att.fail(ctx) // the reserved attempt stays counted: it is the failure
		if err == nil {
			s.auditFailedLogin(ctx, acct, req.Method, req.Source)
		}
		if err == nil && s.isVoIPPassword(ctx, acct.ID, req.Password) {
			return PasswordOK{}, &HintError{Err: ErrLoginFailed, Hint: HintVoIPPassword}
		}
		return PasswordOK{}, ErrLoginFailed
	}
	// The right password is no failure: give the attempt back (the second
	// factor, if any, starts from the count before it).
	att.release(ctx)
	if acct.Disabled {
		return PasswordOK{}, ErrDisabled
	}
	if rehash {
		if h, herr := s.Hasher.Hash(ctx, req.Password); herr == nil {
			_ = db.RehashPassword(ctx, s.DB, acct.ID, h)
		}
	}
	return PasswordOK{Account: acct, NeedTOTP: acct.TOTPEnabled}, nil
}

// CompleteLogin records a successful login: throttling counters reset, last
// login time, audit event.
//
// A store that cannot write (a full disk) does not fail the login: the
// person proved who they are; the write is logged as an error instead.
// The error result is kept for callers and is always nil.
func (s *Service) CompleteLogin(ctx context.Context, acct db.Account, source, method string) error {
	return s.completeLogin(ctx, acct, source, method, nil)
}

// completeLogin is CompleteLogin with more work in the same transaction
// (a key's last use): one commit per login.
func (s *Service) completeLogin(ctx context.Context, acct db.Account, source, method string, extra func(tx db.Tx) error) error {
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		if extra != nil {
			if err := extra(tx); err != nil {
				return err
			}
		}
		if err := db.ClearLoginFailures(ctx, tx, db.ScopeAccount, acct.UserID); err != nil {
			return err
		}
		if err := db.ClearLoginFailures(ctx, tx, db.ScopeSource, source); err != nil {
			return err
		}
		if err := db.TouchLogin(ctx, tx, acct.ID, s.now()); err != nil {
			return err
		}
		if err := s.signInNotice(ctx, tx, acct, source, method); err != nil {
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "login", method, source)
	})
	if err != nil {
		s.Log.Error("could not record a successful login", "account", acct.UserID, "err", err)
	}
	return nil
}

// auditFailedLogin puts a failed login of an existing account on its
// security timeline. Only the account's owner and customer care read it,
// so it reveals nothing to the one who failed.
func (s *Service) auditFailedLogin(ctx context.Context, acct db.Account, method, source string) {
	if method == "" {
		method = "password"
	}
	if err := s.audit(ctx, s.DB, acct, acct.ID, "login.failed", method, source); err != nil {
		s.Log.Warn("could not record a failed login", "account", acct.UserID, "err", err)
	}
}

func (s *Service) isVoIPPassword(ctx context.Context, accountID int64, pw string) bool {
	encs, err := db.VoIPPasswordsOfAccount(ctx, s.DB, accountID)
	if err != nil {
		return false
	}
	for _, c := range encs {
		plain, err := s.Box.Open(c.VoIPPasswordEnc, voipLabel(c.NumberID))
		if err == nil && subtle.ConstantTimeCompare(plain, []byte(pw)) == 1 {
			return true
		}
	}
	return false
}

// lockWindow: no lock below the threshold; then LockBase, doubling with
// each further failure, capped at LockMax.
func (s *Service) lockWindow(threshold int) func(int) time.Duration {
	return func(n int) time.Duration {
		if n < threshold {
			return 0
		}
		d := s.Cfg.LockBase
		for i := threshold; i < n && d < s.Cfg.LockMax; i++ {
			d *= 2
		}
		return min(d, s.Cfg.LockMax)
	}
}

// voipLabel is the AEAD context of a VoIP password ciphertext.
func voipLabel(numberID int64) string { return "voip:" + strconv.FormatInt(numberID, 10) }
