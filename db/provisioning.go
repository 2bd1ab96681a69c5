package db

import (
	"context"
	"database/sql"
	"time"
)

// ProvisioningEvent is a provisioning_outbox row: a change of a number
// that the SIP platform must follow. It names the number, never a secret;
// the worker reads the current truth when it applies the event, so events
// of one number may be applied in any order and more than once.
type ProvisioningEvent struct {
	ID            int64        `db:"id"`
	E164          string       `db:"e164"`
	Event         string       `db:"event"`
	Status        string       `db:"status"`
	Attempts      int          `db:"attempts"`
	NextAttemptAt time.Time    `db:"next_attempt_at"`
	ClaimedBy     string       `db:"claimed_by"`
	LastError     string       `db:"last_error"`
	CreatedAt     time.Time    `db:"created_at"`
	ConsumedAt    sql.NullTime `db:"consumed_at"`
}

const provisioningColumns = `id, e164, event, status, attempts, next_attempt_at, claimed_by, last_error, created_at, consumed_at`

// ClaimProvisioning takes up to n due provisioning events for a worker
// (see claimDue): one replica applies each.
func ClaimProvisioning(ctx context.Context, h Handler, dialect Dialect, worker string, now time.Time, n int, lease time.Duration) ([]ProvisioningEvent, error) {
	var out []ProvisioningEvent
	err := claimDue(ctx, h, dialect, &out, "provisioning_outbox", provisioningColumns, worker, now, n, lease)
	return out, err
}

// MarkProvisioningDone records that the event was applied. Only the worker
// that holds the claim may: a worker whose lease ran out and whose event
// another replica took meanwhile gets ErrNotFound.
func MarkProvisioningDone(ctx context.Context, h Handler, id int64, worker string, now time.Time) error {
	return execOne(ctx, h, `UPDATE provisioning_outbox SET status = 'done', consumed_at = ?, last_error = ''
		WHERE id = ? AND claimed_by = ? AND status = 'queued'`, UTC(now), id, worker)
}

// MarkProvisioningRetry schedules another attempt at next. claimed_by is
// cleared: an event waiting for its retry is nobody's lease, so a
// restarted replica must not take it before it is due.
func MarkProvisioningRetry(ctx context.Context, h Handler, id int64, worker string, next time.Time, lastErr string) error {
	return execOne(ctx, h, `UPDATE provisioning_outbox SET next_attempt_at = ?, last_error = ?, claimed_by = ''
		WHERE id = ? AND claimed_by = ? AND status = 'queued'`, UTC(next), lastErr, id, worker)
}

// MarkProvisioningFailed gives up on an event; customer care sees it in
// `admin provisioning list --failed` and repairs with a sync.
func MarkProvisioningFailed(ctx context.Context, h Handler, id int64, worker, lastErr string) error {
	return execOne(ctx, h, `UPDATE provisioning_outbox SET status = 'failed', last_error = ?
		WHERE id = ? AND claimed_by = ? AND status = 'queued'`, lastErr, id, worker)
}

// ProvisioningEvents lists events newest first; status "" means any.
func ProvisioningEvents(ctx context.Context, h Handler, status string, limit int) ([]ProvisioningEvent, error) {
	var out []ProvisioningEvent
	err := sqlxSelect(ctx, h, &out, `SELECT `+provisioningColumns+` FROM provisioning_outbox
		WHERE (? = '' OR status = ?) ORDER BY id DESC LIMIT ?`, status, status, limit)
	return out, err
}

// ResolveFailedProvisioning marks every failed event done: a full sync
// has just made the SIP platform equal to the truth they were about.
func ResolveFailedProvisioning(ctx context.Context, h Handler, now time.Time) (int64, error) {
	return exec(ctx, h, `UPDATE provisioning_outbox SET status = 'done', consumed_at = ?,
		last_error = 'resolved by a full sync' WHERE status = 'failed'`, UTC(now))
}

// SIPAccount is a number that should have a registrar account: its SIP
// username, the account's region and the encrypted VoIP password.
type SIPAccount struct {
	NumberID        int64  `db:"number_id"`
	E164            string `db:"e164"`
	Region          string `db:"region"`
	Product         string `db:"product"`
	SIPUsername     string `db:"sip_username"`
	VoIPPasswordEnc []byte `db:"voip_password"`
}

const sipAccountSelect = `SELECT n.id AS number_id, n.e164, a.region, n.product, c.sip_username, c.voip_password
	FROM sip_credentials c
	JOIN phone_numbers n ON n.id = c.number_id
	JOIN accounts a ON a.id = n.account_id`

// SIPAccountOfNumber is the registrar account of one number, or
// ErrNotFound when the number is gone or has no SIP credentials.
func SIPAccountOfNumber(ctx context.Context, h Handler, e164 string) (SIPAccount, error) {
	var a SIPAccount
	err := sqlxGet(ctx, h, &a, sipAccountSelect+` WHERE n.e164 = ?`, e164)
	return a, err
}

// SIPAccounts lists every number with SIP credentials, by username.
func SIPAccounts(ctx context.Context, h Handler) ([]SIPAccount, error) {
	var out []SIPAccount
	err := sqlxSelect(ctx, h, &out, sipAccountSelect+` ORDER BY c.sip_username`)
	return out, err
}
