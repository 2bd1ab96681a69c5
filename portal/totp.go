package portal

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
)

// TOTP parameters: SHA-1, 6 digits, 30 s, the defaults that Google
// Authenticator, Microsoft Authenticator and Authy all accept.
const (
	totpPeriod = 30
	totpDigits = otp.DigitsSix
	// RecoveryCodeCount is how many single-use recovery codes activation makes.
	RecoveryCodeCount = 10
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}

// TOTPSetup is a new, not yet activated TOTP secret.
type TOTPSetup struct {
	Secret string // base32, no padding
	URI    string // otpauth:// URI for the QR code
}

// GroupedKey is the setup key in groups of four, as apps show it.
func (t TOTPSetup) GroupedKey() string {
	var parts []string
	for i := 0; i < len(t.Secret); i += 4 {
		parts = append(parts, t.Secret[i:min(i+4, len(t.Secret))])
	}
	return strings.Join(parts, " ")
}

// NewTOTPSetup makes a fresh 160-bit secret for the account. The URI is the
// shortest that authenticator apps accept: the default algorithm, digits and
// period are left out.
func (s *Service) NewTOTPSetup(userID string) (TOTPSetup, error) {
	raw := make([]byte, 20)
	if _, err := rand.Read(raw); err != nil {
		return TOTPSetup{}, err
	}
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw)
	return TOTPSetup{Secret: secret, URI: TOTPURI(s.Cfg.Brand, userID, secret)}, nil
}

// MaxTOTPURI is the longest otpauth URI TOTPURI makes: the bytes a QR code
// of version 5 holds at error-correction level L (45 modules with the
// quiet zone, 23 lines of half blocks), the largest that fits an 80x24
// terminal beside the setup's steps. One version more is 49 modules, 25
// lines: taller than the terminal.
const MaxTOTPURI = 106

// TOTPURI builds otpauth://totp/ACCOUNT?secret=S&issuer=ISSUER. Apps take
// the issuer from the parameter, so the label carries only the account:
// every byte saved keeps the QR code at a size a terminal can show. An
// account too long for MaxTOTPURI is shortened in the label to its start
// and "...": the label only names the entry in the app (the secret is
// what counts), and a user ID of up to 254 characters would otherwise
// need a code no standard terminal shows. Only an issuer (--brand) so long
// that not even that fits leaves the URI longer.
func TOTPURI(issuer, account, secret string) string {
	rest := "?secret=" + secret + "&issuer=" + url.QueryEscape(issuer)
	label := url.PathEscape(account)
	const prefix, ellipsis = "otpauth://totp/", "..."
	if room := MaxTOTPURI - len(prefix) - len(rest); len(label) > room && room > len(ellipsis) {
		// Whole characters, escaped, as many as fit before the "...".
		var b strings.Builder
		for _, r := range account {
			e := url.PathEscape(string(r))
			if b.Len()+len(e) > room-len(ellipsis) {
				break
			}
			b.WriteString(e)
		}
		label = b.String() + ellipsis
	}
	return prefix + label + rest
}

// NormalizeCode strips what people type around a code: spaces and dashes.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.TrimSpace(code))
}

// matchStep returns the time step (±1 of now) whose code equals code, or -1.
func matchStep(secret, code string, now time.Time) int64 {
	cur := now.Unix() / totpPeriod
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step
		}
	}
	return -1
}

// ActivateTOTP turns 2FA on after the user proved the app works by typing a
// current code. It returns the recovery codes, shown once.
func (s *Service) ActivateTOTP(ctx context.Context, acct db.Account, setup TOTPSetup, code string) ([]string, error) {
	step := matchStep(setup.Secret, NormalizeCode(code), s.Now())
	if step < 0 {
		return nil, ErrCodeInvalid
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	enc := s.Box.Seal([]byte(setup.Secret), totpLabel(acct.ID))
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.EnableTOTP(ctx, tx, acct.ID, enc, step, hashes, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, acct, acct.ID, "2fa.activate", "", ""); err != nil {
			return err
		}
		return s.notify(ctx, tx, acct, MailTOTPActivated)
	})
	return codes, err
}

// SecondFactor verifies a TOTP or recovery code for a login. A TOTP code is
// accepted once (its time step is stored); a recovery code once ever.
// Wrong codes count toward login throttling.
func (s *Service) SecondFactor(ctx context.Context, acct db.Account, code, source string) (usedRecovery bool, err error) {
	att, err := s.reserveAttempt(ctx, acct.UserID, source, acct.Region)
	if err != nil {
		return false, err
	}
	ok, usedRecovery, err := s.verifyCode(ctx, acct, code)
	if err != nil {
		att.release(ctx)
		return false, err
	}
	if !ok {
		att.fail(ctx)
		s.auditFailedLogin(ctx, acct, methodCode, source)
		return false, ErrCodeInvalid // the reserved attempt is the failure
	}
	att.release(ctx)
	return usedRecovery, nil
}

// codeAlreadyUsed reports whether code is a valid one-time code of a
// time step this account has used already (acct freshly loaded).
func (s *Service) codeAlreadyUsed(acct db.Account, code string) (bool, error) {
	code = NormalizeCode(code)
	if len(code) != int(totpDigits) {
		return false, nil
	}
	secret, err := s.Box.Open(acct.TOTPSecret, totpLabel(acct.ID))
	if err != nil {
		return false, err
	}
	step := matchStep(string(secret), code, s.Now())
	return step >= 0 && step <= acct.TOTPLastStep, nil
}

func (s *Service) verifyCode(ctx context.Context, acct db.Account, code string) (ok, recovery bool, err error) {
	code = NormalizeCode(code)
	if len(code) == int(totpDigits) {
		secret, err := s.Box.Open(acct.TOTPSecret, totpLabel(acct.ID))
		if err != nil {
			return false, false, err
		}
		step := matchStep(string(secret), code, s.Now())
		if step < 0 {
			return false, false, nil
		}
		claimed, err := db.ClaimTOTPStep(ctx, s.DB, acct.ID, step)
		return claimed, false, err
	}
	var used bool
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		var err error
		used, err = db.UseRecoveryCode(ctx, tx, acct.ID, hashRecoveryCode(code), s.now())
		if err != nil || !used {
			return err
		}
		if err := s.audit(ctx, tx, acct, acct.ID, "2fa.recovery-code-used", "", ""); err != nil {
			return err
		}
		return s.notify(ctx, tx, acct, MailRecoveryCodeUsed)
	})
	return used, used, err
}

// DeactivateTOTP turns 2FA off; it needs the current password and a valid code.
func (s *Service) DeactivateTOTP(ctx context.Context, acct db.Account, password, code string) error {
	acct, err := db.AccountByID(ctx, s.DB, acct.ID) // the caller's copy may predate a password change
	if err != nil {
		return err
	}
	if err := s.verifyCurrentPassword(ctx, acct, password); err != nil {
		return err
	}
	valid, _, err := s.verifyCode(ctx, acct, code)
	if err != nil {
		return err
	}
	if !valid {
		return ErrCodeInvalid
	}
	return s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.DisableTOTP(ctx, tx, acct.ID, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, acct, acct.ID, "2fa.deactivate", "", ""); err != nil {
			return err
		}
		return s.notify(ctx, tx, acct, MailTOTPDeactivated)
	})
}

// RegenerateRecoveryCodesWithCode replaces the recovery codes after the user
// proved possession of the second factor with a current code.
func (s *Service) RegenerateRecoveryCodesWithCode(ctx context.Context, acct db.Account, code string) ([]string, error) {
	ok, _, err := s.verifyCode(ctx, acct, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrCodeInvalid
	}
	return s.RegenerateRecoveryCodes(ctx, acct)
}

// RegenerateRecoveryCodes replaces the recovery codes and returns the new ones.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, acct db.Account) ([]string, error) {
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.ReplaceRecoveryCodes(ctx, tx, acct.ID, hashes); err != nil {
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "2fa.recovery-codes-regenerated", "", "")
	})
	return codes, err
}

// recoveryAlphabet avoids look-alikes (0/O, 1/l/I).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// newRecoveryCodes makes codes like "k7m2p-x9q4r" (about 50 bits each) and
// their hashes. A fast hash is enough: the codes are random, not chosen.
func newRecoveryCodes() (codes, hashes []string, err error) {
	for range RecoveryCodeCount {
		b := make([]byte, 10)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, err
		}
		var sb strings.Builder
		for i, c := range b {
			if i == 5 {
				sb.WriteByte('-')
			}
			sb.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
		}
		codes = append(codes, sb.String())
		hashes = append(hashes, hashRecoveryCode(sb.String()))
	}
	return codes, hashes, nil
}

func hashRecoveryCode(code string) string {
	sum := sha256.Sum256([]byte("sipdesk-recovery:" + strings.ToLower(NormalizeCode(code))))
	return hex.EncodeToString(sum[:])
}

func totpLabel(accountID int64) string { return "totp:" + strconv.FormatInt(accountID, 10) }

// StoredTOTPSecret decrypts the account's active TOTP secret. It exists for
// tests and operator tooling that must compute codes; no screen shows it
// after activation.
func (s *Service) StoredTOTPSecret(ctx context.Context, accountID int64) (string, error) {
	acct, err := db.AccountByID(ctx, s.DB, accountID)
	if err != nil {
		return "", err
	}
	if !acct.TOTPEnabled {
		return "", errors.New("2FA is off for this account")
	}
	secret, err := s.Box.Open(acct.TOTPSecret, totpLabel(acct.ID))
	return string(secret), err
}
