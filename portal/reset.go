package portal

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/mail"
)

// Reset token purposes.
const (
	PurposeReset   = "reset"
	PurposeWelcome = "welcome"
)

// ErrTokenInvalid is the one answer for an unknown, expired or used token.
var ErrTokenInvalid = errors.New("this link is not valid: it has expired or was already used")

// MaxResetMailsPerHour caps reset mails to one account, whatever the
// number of requests.
const MaxResetMailsPerHour = 3

// maxForgotPerSourceHour caps requests from one address.
const maxForgotPerSourceHour = 20

// scopeForgot counts forgot-password requests per source address.
const scopeForgot = "forgot"

// PortalAddr is where customers of a region connect, for links in mails.
type PortalAddr struct {
	Host string
	Port int
}

// tokenEncoding keeps tokens to lower-case letters and digits: they go into
// an SSH user name and an ssh:// URL unquoted.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newToken returns a 160-bit random token and its stored hash.
func newToken() (token, hash string, err error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = tokenEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte("sipdesk-reset:" + strings.ToLower(token)))
	return hex.EncodeToString(sum[:])
}

// ForgotPassword handles a forgot-password request at a region's portal:
// on CH the email alone, on AT the user ID and email. The caller shows the
// same answer whatever happens here; errors are only for the log. Each
// matching account gets a new token (older ones void) and a mail, at most
// MaxResetMailsPerHour an hour.
func (s *Service) ForgotPassword(ctx context.Context, region, userID, email, source string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	userID = NormalizeUserID(userID)
	if region == RegionCH {
		userID = ""
	} else if userID == "" {
		return nil
	}
	if source != "" {
		// A counter per source over a sliding hour: start over when the
		// last request is an hour old.
		if st, err := db.LoginFailures(ctx, s.DB, scopeForgot, source); err == nil && st.Consecutive > 0 &&
			s.now().Sub(st.LastFailureAt) > time.Hour {
			_ = db.ClearLoginFailures(ctx, s.DB, scopeForgot, source)
		}
		st, err := db.RecordLoginFailure(ctx, s.DB, scopeForgot, source, s.now(), func(n int) time.Duration {
			if n > maxForgotPerSourceHour {
				return time.Hour
			}
			return 0
		})
		if err != nil {
			return err
		}
		if st.LockedUntil.Valid && s.now().Before(st.LockedUntil.Time) {
			s.Log.Warn("forgot-password requests throttled", "source", source)
			return nil
		}
	}
	accts, err := db.AccountsForReset(ctx, s.DB, region, userID, email)
	if err != nil {
		return err
	}
	for _, a := range accts {
		if err := s.sendResetLink(ctx, s.DB, a, PurposeReset, "password.reset-requested", db.Account{UserID: a.UserID, ID: a.ID}, source); err != nil {
			return err
		}
	}
	return nil
}

// SendResetLink makes a token and queues its mail: a reset link, or a
// set-password link for a new account (purpose welcome). actor is who asked
// is the customer-care admin who asked; the audit event carries the
// admin's network address.
func (s *Service) SendResetLink(ctx context.Context, h db.Handler, acct db.Account, purpose string, actor CareActor) error {
	action := "password.reset-link-sent"
	if purpose == PurposeWelcome {
		action = "account.welcome-link-sent"
	}
	return s.sendResetLink(ctx, h, acct, purpose, action, actor.Admin, actor.Remote)
}

// sendResetLink is SendResetLink for any actor; remote is the address of
// whoever asked, for the audit event.
func (s *Service) sendResetLink(ctx context.Context, h db.Handler, acct db.Account, purpose, action string, actor db.Account, remote string) error {
	n, err := db.CountResetTokensSince(ctx, h, acct.ID, s.now().Add(-time.Hour))
	if err != nil {
		return err
	}
	if n >= MaxResetMailsPerHour && purpose == PurposeReset {
		s.Log.Warn("reset mails to this account capped this hour", "account", acct.UserID)
		return nil
	}
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	valid := s.Cfg.ResetValidity
	kind := MailPasswordReset
	if purpose == PurposeWelcome {
		valid, kind = s.Cfg.WelcomeValidity, MailWelcome
	}
	addr := s.Cfg.Portals[acct.Region]
	run := func(tx db.Handler) error {
		if err := db.CreateResetToken(ctx, tx, acct.ID, hash, purpose, s.now(), s.now().Add(valid)); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, acct.ID, action, "", remote); err != nil {
			return err
		}
		return s.queueMail(ctx, tx, acct, kind, mail.Data{Host: addr.Host, Port: addr.Port, Token: token, ValidFor: valid})
	}
	if tx, ok := h.(db.Tx); ok {
		return run(tx)
	}
	return s.DB.Tx(ctx, func(tx db.Tx) error { return run(tx) })
}

// ResetAccount returns the account a valid token belongs to, or
// ErrTokenInvalid.
func (s *Service) ResetAccount(ctx context.Context, token string) (db.Account, error) {
	t, err := db.ResetTokenByHash(ctx, s.DB, hashToken(token))
	if errors.Is(err, db.ErrNotFound) || (err == nil && (t.UsedAt != nil || !s.now().Before(t.ExpiresAt))) {
		return db.Account{}, ErrTokenInvalid
	}
	if err != nil {
		return db.Account{}, err
	}
	acct, err := db.AccountByID(ctx, s.DB, t.AccountID)
	if err != nil || acct.Disabled {
		return db.Account{}, ErrTokenInvalid
	}
	return acct, nil
}

// CompleteReset sets a new password through a reset or welcome link (an
// account's first password: audited as password.set and confirmed by the
// "password set" mail, not "changed"). With
// 2FA on it needs a current TOTP or recovery code: a reset never bypasses
// the second factor. The token is spent in the same transaction as the
// password change; throttling counters reset and open sessions end.
func (s *Service) CompleteReset(ctx context.Context, token, newPW, repeat, code, source string) error {
	acct, err := s.ResetAccount(ctx, token)
	if err != nil {
		return err
	}
	// Check the password first: a refused password must not spend the
	// one-time code the user typed with it.
	if newPW != repeat {
		return ErrRepeatMismatch
	}
	if err := ValidatePassword(newPW); err != nil {
		return err
	}
	if acct.TOTPEnabled {
		if _, err := s.SecondFactor(ctx, acct, code, source); err != nil {
			return err
		}
	}
	t, err := db.ResetTokenByHash(ctx, s.DB, hashToken(token))
	if err != nil {
		return ErrTokenInvalid
	}
	action := "password.reset"
	if acct.PasswordHash.String == "" {
		action = ActionPasswordSet // the welcome link: the first password
	}
	return s.setPasswordWith(ctx, acct, newPW, repeat, "", "", source, action, func(tx db.Tx) error {
		ok, err := db.UseResetToken(ctx, tx, t.ID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrTokenInvalid
		}
		return db.ClearLoginFailures(ctx, tx, db.ScopeSource, source)
	})
}
