package db

import (
	"context"
	"database/sql"
	"time"
)

// Number is a phone number of an account with its product.
type Number struct {
	ID         int64          `db:"id"`
	AccountID  int64          `db:"account_id"`
	E164       string         `db:"e164"`
	Product    string         `db:"product"`
	TrunkID    sql.NullInt64  `db:"trunk_id"`
	TrunkE164  sql.NullString `db:"trunk_e164"` // main number of the trunk, for trunk participants
	Label      string         `db:"label"`
	Status     string         `db:"status"`
	CreatedAt  time.Time      `db:"created_at"`
	HasSIPCred bool           `db:"has_sip_cred"`
}

const numberSelect = `SELECT n.id, n.account_id, n.e164, n.product, n.trunk_id, t.e164 AS trunk_e164,
	n.label, n.status, n.created_at,
	(EXISTS (SELECT 1 FROM sip_credentials c WHERE c.number_id = n.id)) AS has_sip_cred
	FROM phone_numbers n LEFT JOIN phone_numbers t ON t.id = n.trunk_id`

// NewNumber is what AddNumber needs.
type NewNumber struct {
	AccountID int64
	E164      string
	Product   string
	TrunkID   int64
	Label     string
}

// AddNumber inserts a phone number and returns its ID.
func AddNumber(ctx context.Context, h Handler, n NewNumber, now time.Time) (int64, error) {
	var id int64
	err := h.QueryRowxContext(ctx, h.Rebind(`INSERT INTO phone_numbers
		(account_id, e164, product, trunk_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		n.AccountID, n.E164, n.Product, nullID(n.TrunkID), n.Label, UTC(now)).Scan(&id)
	return id, countError(WrapError(err))
}

// NumbersOfAccount lists an account's numbers in number order. Only that
// account's numbers: every customer-facing read is scoped by account.
func NumbersOfAccount(ctx context.Context, h Handler, accountID int64) ([]Number, error) {
	var out []Number
	err := sqlxSelect(ctx, h, &out, numberSelect+` WHERE n.account_id = ? ORDER BY n.e164`, accountID)
	return out, err
}

// NumberOfAccount loads one number by E.164 only if it belongs to the
// account; another account's number is ErrNotFound, like an unknown one.
func NumberOfAccount(ctx context.Context, h Handler, accountID int64, e164 string) (Number, error) {
	var n Number
	err := sqlxGet(ctx, h, &n, numberSelect+` WHERE n.account_id = ? AND n.e164 = ?`, accountID, e164)
	return n, err
}

// NumberByE164 loads a number whatever its account (customer care only).
func NumberByE164(ctx context.Context, h Handler, e164 string) (Number, error) {
	var n Number
	err := sqlxGet(ctx, h, &n, numberSelect+` WHERE n.e164 = ?`, e164)
	return n, err
}

// SetProduct changes a number's product (and trunk for trunk participants).
func SetProduct(ctx context.Context, h Handler, id int64, product string, trunkID int64) error {
	return execOne(ctx, h, `UPDATE phone_numbers SET product = ?, trunk_id = ? WHERE id = ?`, product, nullID(trunkID), id)
}

// RemoveNumber deletes a number and, by cascade, its SIP credentials.
func RemoveNumber(ctx context.Context, h Handler, id int64) error {
	return execOne(ctx, h, `DELETE FROM phone_numbers WHERE id = ?`, id)
}

// SIPCredential is the SIP-Credentials card's stored data. The VoIP password
// is the server-key ciphertext; only the domain layer decrypts it.
type SIPCredential struct {
	NumberID        int64     `db:"number_id"`
	SIPUsername     string    `db:"sip_username"`
	VoIPPasswordEnc []byte    `db:"voip_password"`
	SIPServers      string    `db:"sip_servers"`
	ChangedAt       time.Time `db:"changed_at"`
}

// PutSIPCredential creates or replaces a number's credentials.
func PutSIPCredential(ctx context.Context, h Handler, c SIPCredential) error {
	_, err := h.ExecContext(ctx, h.Rebind(`INSERT INTO sip_credentials
		(number_id, sip_username, voip_password, sip_servers, changed_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (number_id) DO UPDATE SET sip_username = excluded.sip_username,
		voip_password = excluded.voip_password, sip_servers = excluded.sip_servers, changed_at = excluded.changed_at`),
		c.NumberID, c.SIPUsername, c.VoIPPasswordEnc, c.SIPServers, UTC(c.ChangedAt))
	return countError(WrapError(err))
}

// SetVoIPPassword replaces only the encrypted VoIP password.
func SetVoIPPassword(ctx context.Context, h Handler, numberID int64, enc []byte, now time.Time) error {
	return execOne(ctx, h, `UPDATE sip_credentials SET voip_password = ?, changed_at = ? WHERE number_id = ?`,
		enc, UTC(now), numberID)
}

// SIPCredentialOf loads a number's credentials.
func SIPCredentialOf(ctx context.Context, h Handler, numberID int64) (SIPCredential, error) {
	var c SIPCredential
	err := sqlxGet(ctx, h, &c, `SELECT number_id, sip_username, voip_password, sip_servers, changed_at
		FROM sip_credentials WHERE number_id = ?`, numberID)
	return c, err
}

// VoIPPasswordsOfAccount returns the encrypted VoIP passwords of every number
// of the account (for the login hint "this is a VoIP password" and for the
// rule that a login password must differ from them).
func VoIPPasswordsOfAccount(ctx context.Context, h Handler, accountID int64) ([]SIPCredential, error) {
	var out []SIPCredential
	err := sqlxSelect(ctx, h, &out, `SELECT c.number_id, c.sip_username, c.voip_password, c.sip_servers, c.changed_at
		FROM sip_credentials c
		JOIN phone_numbers n ON n.id = c.number_id WHERE n.account_id = ?`, accountID)
	return out, err
}

// QueueProvisioning records an event for the SIP platform in the same
// transaction as the change (the transactional outbox). It never holds a secret.
func QueueProvisioning(ctx context.Context, h Handler, numberID int64, e164, event string, now time.Time) error {
	_, err := h.ExecContext(ctx, h.Rebind(`INSERT INTO provisioning_outbox (number_id, e164, event, created_at, next_attempt_at)
		VALUES (?, ?, ?, ?, ?)`), nullID(numberID), e164, event, UTC(now), UTC(now))
	return countError(WrapError(err))
}
