package db

import (
	"context"
	"time"
)

// EnableTOTP stores the encrypted secret, turns 2FA on and replaces the
// recovery codes, with lastStep as the already-used time step.
func EnableTOTP(ctx context.Context, h Handler, id int64, secretEnc []byte, lastStep int64, codeHashes []string, now time.Time) error {
	if err := execOne(ctx, h, `UPDATE accounts SET totp_secret = ?, totp_enabled = ?, totp_last_step = ?, updated_at = ?
		WHERE id = ?`, secretEnc, true, lastStep, UTC(now), id); err != nil {
		return err
	}
	return ReplaceRecoveryCodes(ctx, h, id, codeHashes)
}

// DisableTOTP turns 2FA off and voids the secret and every recovery code
// (deactivation by the user, or reset by customer care).
func DisableTOTP(ctx context.Context, h Handler, id int64, now time.Time) error {
	if err := execOne(ctx, h, `UPDATE accounts SET totp_secret = NULL, totp_enabled = ?, totp_last_step = 0, updated_at = ?
		WHERE id = ?`, false, UTC(now), id); err != nil {
		return err
	}
	_, err := exec(ctx, h, `DELETE FROM recovery_codes WHERE account_id = ?`, id)
	return err
}

// ClaimTOTPStep marks a TOTP time step as used if it is newer than the last
// used one. It is one conditional UPDATE, so two logins racing with the same
// code cannot both succeed (RFC 6238 section 5.2).
func ClaimTOTPStep(ctx context.Context, h Handler, id, step int64) (bool, error) {
	n, err := exec(ctx, h, `UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, id, step)
	return n == 1, err
}

// ReplaceRecoveryCodes voids the old recovery codes and stores new hashes.
func ReplaceRecoveryCodes(ctx context.Context, h Handler, id int64, hashes []string) error {
	if _, err := exec(ctx, h, `DELETE FROM recovery_codes WHERE account_id = ?`, id); err != nil {
		return err
	}
	for _, hash := range hashes {
		if _, err := exec(ctx, h, `INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)`, id, hash); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode spends an unused recovery code with this hash; false if
// there is none. A single conditional UPDATE: a code works once.
func UseRecoveryCode(ctx context.Context, h Handler, id int64, hash string, now time.Time) (bool, error) {
	n, err := exec(ctx, h, `UPDATE recovery_codes SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL`,
		UTC(now), id, hash)
	return n == 1, err
}

// RecoveryCodesLeft counts unused recovery codes.
func RecoveryCodesLeft(ctx context.Context, h Handler, id int64) (int, error) {
	var n int
	err := sqlxGet(ctx, h, &n, `SELECT COUNT(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL`, id)
	return n, err
}
