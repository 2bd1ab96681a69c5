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
	if err := s.checkThrottle(ctx, name, req.Source); err != nil {
		return PasswordOK{}, err
	}
	acct, err := db.AccountByUserID(ctx, s.DB, name)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return PasswordOK{}, err
	}
	hash := s.dummyHash
	if err == nil && acct.PasswordHash.Valid {
		hash = acct.PasswordHash.String
	}
	ok, rehash, verr := s.Hasher.Verify(ctx, hash, req.Password)
	if verr != nil {
		return PasswordOK{}, verr
	}
	if err != nil || !acct.PasswordHash.Valid || !ok {
		if ferr := s.recordFailure(ctx, name, req.Source); ferr != nil {
			return PasswordOK{}, ferr
		}
		if err == nil && s.isVoIPPassword(ctx, acct.ID, req.Password) {
			return PasswordOK{}, &HintError{Err: ErrLoginFailed, Hint: HintVoIPPassword}
		}
		return PasswordOK{}, ErrLoginFailed
	}
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
func (s *Service) CompleteLogin(ctx context.Context, acct db.Account, source, method string) error {
	return s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.ClearLoginFailures(ctx, tx, db.ScopeAccount, acct.UserID); err != nil {
			return err
		}
		if err := db.ClearLoginFailures(ctx, tx, db.ScopeSource, source); err != nil {
			return err
		}
		if err := db.TouchLogin(ctx, tx, acct.ID, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "login", method, source)
	})
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

func (s *Service) checkThrottle(ctx context.Context, name, source string) error {
	now := s.Now()
	for _, k := range []struct{ scope, subject string }{{db.ScopeAccount, name}, {db.ScopeSource, source}} {
		if k.subject == "" {
			continue
		}
		st, err := db.LoginFailures(ctx, s.DB, k.scope, k.subject)
		if err != nil {
			return err
		}
		if k.scope == db.ScopeAccount && st.Consecutive >= s.Cfg.MaxConsecutive {
			return &LockedError{Permanent: true, CareEmail: s.Cfg.CareEmailFor("")}
		}
		if st.LockedUntil.Valid && now.Before(st.LockedUntil.Time) {
			return &LockedError{Until: st.LockedUntil.Time}
		}
	}
	return nil
}

func (s *Service) recordFailure(ctx context.Context, name, source string) error {
	if _, err := db.RecordLoginFailure(ctx, s.DB, db.ScopeAccount, name, s.now(), s.lockWindow(s.Cfg.LockThreshold)); err != nil {
		return err
	}
	if source == "" {
		return nil
	}
	_, err := db.RecordLoginFailure(ctx, s.DB, db.ScopeSource, source, s.now(), s.lockWindow(s.Cfg.SourceThreshold))
	return err
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
