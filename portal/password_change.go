package portal

import (
	"context"
	"crypto/subtle"
	"errors"

	"github.com/sipdesk/sipdesk/db"
)

// Password change errors, worded for the user.
var (
	ErrWrongOldPassword = errors.New("the current password is wrong")
	ErrRepeatMismatch   = errors.New("the two new passwords differ")
	ErrSameAsOld        = errors.New("the new password must differ from the current one")
	ErrSameAsVoIP       = errors.New("the new password must not be one of your VoIP passwords")
)

// SessionsEndedReason is what other sessions see when a password change
// ends them.
const SessionsEndedReason = "your password was changed, so this session was ended; please log in again"

// ChangePassword sets a new login password after checking the old one and
// the policy. On success the account's other sessions end (keepSession is
// the SSH session ID of the one that made the change), an audit event is
// written and a notification mail queued, all in one transaction.
func (s *Service) ChangePassword(ctx context.Context, acct db.Account, oldPW, newPW, repeat, keepSession, remote string) error {
	acct, err := db.AccountByID(ctx, s.DB, acct.ID) // the caller's copy may predate another change
	if err != nil {
		return err
	}
	if err := s.verifyCurrentPassword(ctx, acct, oldPW); err != nil {
		return err
	}
	return s.setPassword(ctx, acct, newPW, repeat, oldPW, keepSession, remote, "password.change")
}

// ActionPasswordSet is the audit action of an account's first password,
// set through its welcome link: it was set, not changed, and its mail says
// so (MailPasswordSet) instead of "your password was changed".
const ActionPasswordSet = "password.set"

// setPassword applies the one policy every path that sets a password uses.
func (s *Service) setPassword(ctx context.Context, acct db.Account, newPW, repeat, oldPW, keepSession, remote, action string) error {
	return s.setPasswordWith(ctx, acct, newPW, repeat, oldPW, keepSession, remote, action, nil)
}

// setPasswordWith is setPassword with more work in the same transaction
// (spending a reset token).
func (s *Service) setPasswordWith(ctx context.Context, acct db.Account, newPW, repeat, oldPW, keepSession, remote, action string,
	extra func(tx db.Tx) error) error {
	if newPW != repeat {
		return ErrRepeatMismatch
	}
	if err := ValidatePassword(newPW); err != nil {
		return err
	}
	if oldPW != "" && subtle.ConstantTimeCompare([]byte(oldPW), []byte(newPW)) == 1 {
		return ErrSameAsOld
	}
	if s.isVoIPPassword(ctx, acct.ID, newPW) {
		return ErrSameAsVoIP
	}
	hash, err := s.Hasher.Hash(ctx, newPW)
	if err != nil {
		return err
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.SetPasswordHash(ctx, tx, acct.ID, hash, s.now()); err != nil {
			return err
		}
		if _, err := db.BumpSessionEpoch(ctx, tx, acct.ID); err != nil {
			return err
		}
		if err := db.ClearLoginFailures(ctx, tx, db.ScopeAccount, acct.UserID); err != nil {
			return err
		}
		if extra != nil {
			if err := extra(tx); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, tx, acct, acct.ID, action, "", remote); err != nil {
			return err
		}
		if action == ActionPasswordSet {
			return s.notify(ctx, tx, acct, MailPasswordSet)
		}
		return s.notify(ctx, tx, acct, MailPasswordChanged)
	})
	if err != nil {
		return err
	}
	if s.EndSessions != nil {
		s.EndSessions(acct.ID, keepSession, SessionsEndedReason)
	}
	return nil
}

// verifyCurrentPassword checks the password a user types to confirm a
// sensitive change. Wrong guesses count toward login throttling, so an open
// session cannot be used to guess the password.
func (s *Service) verifyCurrentPassword(ctx context.Context, acct db.Account, pw string) error {
	att, err := s.reserveAttempt(ctx, acct.UserID, "", acct.Region)
	if err != nil {
		return err
	}
	if !acct.PasswordHash.Valid {
		att.fail(ctx)
		return ErrWrongOldPassword
	}
	ok, _, err := s.Hasher.Verify(ctx, acct.PasswordHash.String, pw)
	if err != nil {
		att.release(ctx)
		return err
	}
	if !ok {
		att.fail(ctx)
		return ErrWrongOldPassword // the reserved attempt is the failure
	}
	att.release(ctx)
	return nil
}
