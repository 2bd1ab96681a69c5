package portal

// Customer care: the business rules behind `admin ...`. Every action here
// names the admin who acted (CareActor) in its audit event, and every change
// commits together with its audit event, mail and provisioning event.

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
)

// Kinds of customer-care failures, for errors.Is; the ssh commands turn
// them into exit statuses. The error's message says what was wrong and
// what to do instead.
var (
	// ErrCareInvalid is input that cannot be right (a malformed address,
	// an unknown region, a flag that does not go with another).
	ErrCareInvalid = errors.New("invalid input")
	// ErrCareNotFound is an account, number or key that does not exist.
	ErrCareNotFound = errors.New("not found")
	// ErrCareRefused is an action a rule forbids (a 2FA reset asked for
	// from another address, removing one's own last key).
	ErrCareRefused = errors.New("refused by a rule")
)

// careError is a customer-care failure of one of the kinds above.
type careError struct {
	kind error
	msg  string
}

func (e *careError) Error() string        { return e.msg }
func (e *careError) Is(target error) bool { return target == e.kind }

func careInvalid(format string, a ...any) error {
	return &careError{kind: ErrCareInvalid, msg: fmt.Sprintf(format, a...)}
}

func careNotFound(format string, a ...any) error {
	return &careError{kind: ErrCareNotFound, msg: fmt.Sprintf(format, a...)}
}

func careRefused(format string, a ...any) error {
	return &careError{kind: ErrCareRefused, msg: fmt.Sprintf(format, a...)}
}

// AccountDisabledReason is what an account's open sessions see when
// customer care disables it.
const AccountDisabledReason = "this account was disabled; please contact customer care"

// KeyRemovedReason is what an admin's open sessions see when one of the
// account's SSH keys is removed.
const KeyRemovedReason = "an SSH key of this account was removed; please log in again"

// CareActor is the customer-care admin who acts, as the audit trail names
// them.
type CareActor struct {
	Admin   db.Account
	Remote  string // the admin's network address
	Session string // the admin's SSH session ID: kept when the admin's own sessions end
}

// errNotCare is a programming error: a customer-care action without an
// admin behind it. The ssh layer's gate makes it unreachable.
var errNotCare = errors.New("customer care actions need an enabled admin account")

func (a CareActor) check() error {
	if a.Admin.ID == 0 || a.Admin.Role != RoleAdmin || a.Admin.Disabled {
		return errNotCare
	}
	return nil
}

func (s *Service) careAudit(ctx context.Context, h db.Handler, a CareActor, accountID int64, action, detail string) error {
	return s.audit(ctx, h, a.Admin, accountID, action, detail, a.Remote)
}

// FindAccount returns the account customer care names by user ID. A name
// that is no user ID but an email address stored on exactly one account
// finds that account (AT user IDs are not email addresses).
func (s *Service) FindAccount(ctx context.Context, user string) (db.Account, error) {
	name := NormalizeUserID(user)
	if name == "" {
		return db.Account{}, careInvalid("name the account by its user ID")
	}
	acct, err := db.AccountByUserID(ctx, s.DB, name)
	if err == nil || !errors.Is(err, db.ErrNotFound) {
		return acct, err
	}
	if strings.Contains(name, "@") {
		accts, err := db.AccountsByEmail(ctx, s.DB, name)
		if err != nil {
			return db.Account{}, err
		}
		switch len(accts) {
		case 1:
			return accts[0], nil
		case 0:
		default:
			ids := make([]string, len(accts))
			for i, a := range accts {
				ids[i] = a.UserID
			}
			return db.Account{}, careInvalid("%d accounts use the address %s (%s): name one by its user ID", len(accts), name, strings.Join(ids, ", "))
		}
	}
	return db.Account{}, careNotFound("no account with user ID %s (admin customer list --query TEXT searches user IDs, addresses and names)", name)
}

// NewCustomer is an account customer care creates.
type NewCustomer struct {
	Email  string
	Region string // CH or AT
	UserID string // empty: the email address
	Name   string
}

// maxNameLen bounds free text customer care types (names, labels).
const maxNameLen = 200

// CreateCustomer creates a customer account without a password and queues
// the welcome mail with its set-password link, in one transaction: the
// account exists if and only if its mail does. No password is ever made,
// shown or mailed.
func (s *Service) CreateCustomer(ctx context.Context, actor CareActor, r NewCustomer) (db.Account, error) {
	if err := actor.check(); err != nil {
		return db.Account{}, err
	}
	addr, err := mail.ParseAddress(strings.TrimSpace(r.Email))
	if err != nil || addr.Name != "" || addr.Address != strings.TrimSpace(r.Email) {
		return db.Account{}, careInvalid("--email %q is not an email address (e.g. alice@example.ch)", r.Email)
	}
	region := strings.ToUpper(strings.TrimSpace(r.Region))
	if region != RegionCH && region != RegionAT {
		return db.Account{}, careInvalid("--region must be CH or AT, not %q", r.Region)
	}
	userID := NormalizeUserID(r.UserID)
	if userID == "" {
		userID = strings.ToLower(addr.Address)
	}
	if err := validUserID(userID); err != nil {
		return db.Account{}, err
	}
	name := strings.TrimSpace(r.Name)
	if len(name) > maxNameLen || strings.ContainsFunc(name, isControl) {
		return db.Account{}, careInvalid("--name must be at most %d characters without control characters", maxNameLen)
	}
	var acct db.Account
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if other, err := db.AccountByUserID(ctx, tx, userID); err == nil {
			return careRefused("an account with user ID %s already exists (%s, portal %s)", other.UserID, other.Email, other.Region)
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		acct, err = s.CreateAccount(ctx, tx, NewAccountRequest{UserID: userID, Email: addr.Address, Name: name, Region: region, Role: RoleCustomer})
		if err != nil {
			return err
		}
		if err := s.careAudit(ctx, tx, actor, acct.ID, "account.create", "portal "+region); err != nil {
			return err
		}
		return s.SendResetLink(ctx, tx, acct, PurposeWelcome, actor.Admin)
	})
	return acct, err
}

// validUserID keeps user IDs to what works unquoted as an SSH user name and
// away from the names of the password flows.
func validUserID(id string) error {
	if len(id) < 3 || len(id) > 254 {
		return careInvalid("user ID %q must be 3 to 254 characters", id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(".@_+-", r)) {
			return careInvalid("user ID %q may contain only letters, digits and . @ _ + -", id)
		}
	}
	if IsOldCustomerNumber(id) {
		return careInvalid("a user ID of 4 or 5 digits is an old customer number; use the email address")
	}
	if id == "forgot" || strings.HasPrefix(id, "reset+") || id[0] == '-' {
		return careInvalid("user ID %q is reserved", id)
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// AccountSummary is an account in customer care's list.
type AccountSummary struct {
	UserID      string     `json:"user_id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Region      string     `json:"region"`
	Role        string     `json:"role"`
	Disabled    bool       `json:"disabled"`
	TwoFactor   bool       `json:"two_factor"`
	PasswordSet bool       `json:"password_set"`
	LastLoginAt *time.Time `json:"last_login_at"`
}

func summaryOf(a db.Account) AccountSummary {
	return AccountSummary{UserID: a.UserID, Email: a.Email, Name: a.Name, Region: a.Region, Role: a.Role,
		Disabled: a.Disabled, TwoFactor: a.TOTPEnabled, PasswordSet: a.PasswordHash.Valid, LastLoginAt: timeOrNil(a.LastLoginAt.Time, a.LastLoginAt.Valid)}
}

func timeOrNil(t time.Time, valid bool) *time.Time {
	if !valid {
		return nil
	}
	t = t.UTC()
	return &t
}

// ListAccounts lists accounts whose user ID, email address or name contains
// query (case-insensitive; empty: all), of region (CH, AT; empty: both);
// at most limit.
func (s *Service) ListAccounts(ctx context.Context, query, region string, limit int) ([]AccountSummary, error) {
	region = strings.ToUpper(strings.TrimSpace(region))
	if region != "" && region != RegionCH && region != RegionAT {
		return nil, careInvalid("--region must be CH or AT, not %q", region)
	}
	rows, err := db.SearchAccounts(ctx, s.DB, query, region, limit)
	if err != nil {
		return nil, err
	}
	out := make([]AccountSummary, len(rows))
	for i, a := range rows {
		out[i] = summaryOf(a)
	}
	return out, nil
}

// LockState is an account's login throttling as customer care sees it.
type LockState struct {
	// ConsecutiveFailures counts failed logins of the user ID since the
	// last success or unlock.
	ConsecutiveFailures int        `json:"consecutive_failures"`
	LastFailureAt       *time.Time `json:"last_failure_at"`
	// LockedUntil is set while a lock window is open.
	LockedUntil *time.Time `json:"locked_until"`
	// Permanent: MaxConsecutive failures; only an unlock ends it.
	Permanent bool `json:"permanent"`
}

// Locked reports whether logins are refused now.
func (l LockState) Locked() bool { return l.Permanent || l.LockedUntil != nil }

func (s *Service) lockState(ctx context.Context, userID string) (LockState, error) {
	st, err := db.LoginFailures(ctx, s.DB, db.ScopeAccount, userID)
	if err != nil {
		return LockState{}, err
	}
	ls := LockState{ConsecutiveFailures: st.Consecutive, Permanent: st.Consecutive >= s.Cfg.MaxConsecutive}
	if st.Consecutive > 0 {
		ls.LastFailureAt = timeOrNil(st.LastFailureAt, true)
	}
	if st.LockedUntil.Valid && s.Now().Before(st.LockedUntil.Time) {
		ls.LockedUntil = timeOrNil(st.LockedUntil.Time, true)
	}
	return ls, nil
}

// CareNumber is a number as customer care sees it: whether it has SIP
// credentials, never the VoIP password.
type CareNumber struct {
	NumberView
	ProductName    string `json:"product_name"`
	SIPCredentials bool   `json:"sip_credentials"`
}

func careNumberOf(n db.Number) CareNumber {
	v := numberView(n)
	return CareNumber{NumberView: v, ProductName: v.ProductLabel(), SIPCredentials: n.HasSIPCred}
}

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Account string    `json:"account"`
	Action  string    `json:"action"`
	Detail  string    `json:"detail"`
	Remote  string    `json:"remote_addr"`
}

// AccountDetails is everything customer care sees about one account.
type AccountDetails struct {
	AccountSummary
	CreatedAt         time.Time    `json:"created_at"`
	PasswordChangedAt *time.Time   `json:"password_changed_at"`
	RecoveryCodesLeft int          `json:"recovery_codes_left"`
	Lock              LockState    `json:"lock"`
	Numbers           []CareNumber `json:"numbers"`
	AdminKeys         int          `json:"admin_keys,omitempty"`
	RecentEvents      []AuditEntry `json:"recent_events"`
}

// recentEvents is how many audit events AccountDetails shows.
const recentEvents = 10

// AccountDetails returns an account's numbers with products, 2FA state,
// recovery codes left, lock state, last login and recent audit events.
func (s *Service) AccountDetails(ctx context.Context, user string) (AccountDetails, error) {
	a, err := s.FindAccount(ctx, user)
	if err != nil {
		return AccountDetails{}, err
	}
	d := AccountDetails{AccountSummary: summaryOf(a), CreatedAt: a.CreatedAt.UTC(),
		PasswordChangedAt: timeOrNil(a.PasswordChangedAt.Time, a.PasswordChangedAt.Valid), Numbers: []CareNumber{}}
	if a.TOTPEnabled {
		if d.RecoveryCodesLeft, err = db.RecoveryCodesLeft(ctx, s.DB, a.ID); err != nil {
			return AccountDetails{}, err
		}
	}
	if d.Lock, err = s.lockState(ctx, a.UserID); err != nil {
		return AccountDetails{}, err
	}
	nums, err := db.NumbersOfAccount(ctx, s.DB, a.ID)
	if err != nil {
		return AccountDetails{}, err
	}
	for _, n := range nums {
		d.Numbers = append(d.Numbers, careNumberOf(n))
	}
	if a.Role == RoleAdmin {
		keys, err := db.AdminKeys(ctx, s.DB, a.ID)
		if err != nil {
			return AccountDetails{}, err
		}
		d.AdminKeys = len(keys)
	}
	events, err := db.AuditTrail(ctx, s.DB, a.ID, time.Time{}, recentEvents)
	if err != nil {
		return AccountDetails{}, err
	}
	d.RecentEvents = auditEntries(events)
	return d, nil
}

func auditEntries(rows []db.AuditEntry) []AuditEntry {
	out := make([]AuditEntry, len(rows))
	for i, e := range rows {
		out[i] = AuditEntry{At: e.At.UTC(), Actor: e.Actor, Account: e.Account, Action: e.Action, Detail: e.Detail, Remote: e.RemoteAddr}
	}
	return out
}

// DisableAccount disables an account and ends its sessions: at once on
// this server, within the epoch check interval on the others. changed is
// false when it was disabled already. Nobody disables their own account.
func (s *Service) DisableAccount(ctx context.Context, actor CareActor, user string) (acct db.Account, changed bool, err error) {
	if err := actor.check(); err != nil {
		return db.Account{}, false, err
	}
	acct, err = s.FindAccount(ctx, user)
	if err != nil {
		return acct, false, err
	}
	if acct.ID == actor.Admin.ID {
		return acct, false, careRefused("you cannot disable your own account (%s)", acct.UserID)
	}
	if acct.Disabled {
		return acct, false, nil
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.SetDisabled(ctx, tx, acct.ID, true, s.now()); err != nil {
			return err
		}
		if _, err := db.BumpSessionEpoch(ctx, tx, acct.ID); err != nil {
			return err
		}
		return s.careAudit(ctx, tx, actor, acct.ID, "account.disable", "")
	})
	if err != nil {
		return acct, false, err
	}
	acct.Disabled = true
	if s.EndSessions != nil {
		s.EndSessions(acct.ID, "", AccountDisabledReason)
	}
	return acct, true, nil
}

// EnableAccount enables a disabled account; changed is false when it was
// enabled already.
func (s *Service) EnableAccount(ctx context.Context, actor CareActor, user string) (acct db.Account, changed bool, err error) {
	if err := actor.check(); err != nil {
		return db.Account{}, false, err
	}
	acct, err = s.FindAccount(ctx, user)
	if err != nil || !acct.Disabled {
		return acct, false, err
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.SetDisabled(ctx, tx, acct.ID, false, s.now()); err != nil {
			return err
		}
		return s.careAudit(ctx, tx, actor, acct.ID, "account.enable", "")
	})
	if err != nil {
		return acct, false, err
	}
	acct.Disabled = false
	return acct, true, nil
}

// UnlockAccount clears the login throttling of the account's user ID,
// including a permanent lock. It returns the state before; changed is
// false when there was nothing to clear.
func (s *Service) UnlockAccount(ctx context.Context, actor CareActor, user string) (acct db.Account, before LockState, changed bool, err error) {
	if err := actor.check(); err != nil {
		return db.Account{}, LockState{}, false, err
	}
	acct, err = s.FindAccount(ctx, user)
	if err != nil {
		return acct, LockState{}, false, err
	}
	if before, err = s.lockState(ctx, acct.UserID); err != nil || before.ConsecutiveFailures == 0 {
		return acct, before, false, err
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.ClearLoginFailures(ctx, tx, db.ScopeAccount, acct.UserID); err != nil {
			return err
		}
		return s.careAudit(ctx, tx, actor, acct.ID, "account.unlock",
			fmt.Sprintf("cleared %d consecutive failed logins", before.ConsecutiveFailures))
	})
	return acct, before, err == nil, err
}

// NumberChange is the outcome of a change to a number.
type NumberChange struct {
	UserID             string     `json:"user_id"`
	Number             CareNumber `json:"number"`
	PreviousProduct    Product    `json:"previous_product,omitempty"`
	Changed            bool       `json:"changed"`
	CredentialsCreated bool       `json:"sip_credentials_created"`
	CredentialsRemoved bool       `json:"sip_credentials_removed"`
}

// maxLabelLen bounds a number's label.
const maxLabelLen = 100

// AssignNumber gives a customer a phone number with a product. PBX and
// trunk numbers get SIP credentials with a fresh VoIP password (shown to
// the customer on the SIP-Credentials card, never here); a trunk
// participant names the trunk's main number of the same account.
func (s *Service) AssignNumber(ctx context.Context, actor CareActor, user, number string, product Product, trunk, label string) (NumberChange, error) {
	if err := actor.check(); err != nil {
		return NumberChange{}, err
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return NumberChange{}, err
	}
	if acct.Role != RoleCustomer {
		return NumberChange{}, careRefused("%s is an admin account; phone numbers belong to customer accounts", acct.UserID)
	}
	e164, err := NormalizeE164(number)
	if err != nil {
		return NumberChange{}, careInvalid("%q: %v", number, err)
	}
	if err := checkTrunkFlag(product, trunk); err != nil {
		return NumberChange{}, err
	}
	label = strings.TrimSpace(label)
	if len(label) > maxLabelLen || strings.ContainsFunc(label, isControl) {
		return NumberChange{}, careInvalid("--label must be at most %d characters without control characters", maxLabelLen)
	}
	var out NumberChange
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if n, err := db.NumberByE164(ctx, tx, e164); err == nil {
			owner, _ := db.AccountByID(ctx, tx, n.AccountID)
			return careRefused("%s is already assigned to %s; remove it there first (admin number remove %s)", FormatNumber(e164), owner.UserID, e164)
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		if product == ProductTrunkParticipant {
			if _, err := s.careTrunk(ctx, tx, acct, trunk, e164); err != nil {
				return err
			}
		}
		v, err := s.AddNumber(ctx, tx, acct.ID, e164, product, trunk, label)
		if err != nil {
			return err
		}
		n, err := db.NumberByE164(ctx, tx, v.E164)
		if err != nil {
			return err
		}
		if err := db.QueueProvisioning(ctx, tx, n.ID, n.E164, "number-added", s.now()); err != nil {
			return err
		}
		out = NumberChange{UserID: acct.UserID, Number: careNumberOf(n), Changed: true, CredentialsCreated: n.HasSIPCred}
		return s.careAudit(ctx, tx, actor, acct.ID, "number.add", n.E164+" "+string(product))
	})
	return out, err
}

func checkTrunkFlag(product Product, trunk string) error {
	switch {
	case product == ProductTrunkParticipant && strings.TrimSpace(trunk) == "":
		return careInvalid("a trunk participant needs the trunk's main number: --trunk NUMBER")
	case product != ProductTrunkParticipant && strings.TrimSpace(trunk) != "":
		return careInvalid("--trunk goes only with --product trunk-participant")
	}
	return nil
}

// careTrunk is the SIP trunk main number a participant e164 of acct joins.
func (s *Service) careTrunk(ctx context.Context, h db.Handler, acct db.Account, trunk, e164 string) (db.Number, error) {
	t164, err := NormalizeE164(trunk)
	if err != nil {
		return db.Number{}, careInvalid("--trunk %q: %v", trunk, err)
	}
	if t164 == e164 {
		return db.Number{}, careRefused("a number cannot be a participant of its own trunk")
	}
	t, err := db.NumberOfAccount(ctx, h, acct.ID, t164)
	if errors.Is(err, db.ErrNotFound) || (err == nil && Product(t.Product) != ProductTrunk) {
		return db.Number{}, careRefused("%s is not a SIP trunk number of %s (its trunk participants need one)", FormatNumber(t164), acct.UserID)
	}
	return t, err
}

// numberForCare loads any account's number by what customer care typed.
func numberForCare(ctx context.Context, h db.Handler, number string) (db.Number, error) {
	e164, err := NormalizeE164(number)
	if err != nil {
		return db.Number{}, careInvalid("%q: %v", number, err)
	}
	n, err := db.NumberByE164(ctx, h, e164)
	if errors.Is(err, db.ErrNotFound) {
		return db.Number{}, careNotFound("%s is not assigned to any account", FormatNumber(e164))
	}
	return n, err
}

// SetNumberProduct changes a number's product. A number that gains a SIP
// product (PBX, trunk) gets SIP credentials with a fresh VoIP password; one
// that loses it loses its credentials; PBX and trunk keep theirs between
// each other. A trunk's main number keeps the trunk product while it has
// participants.
func (s *Service) SetNumberProduct(ctx context.Context, actor CareActor, number string, product Product, trunk string) (NumberChange, error) {
	if err := actor.check(); err != nil {
		return NumberChange{}, err
	}
	if err := checkTrunkFlag(product, trunk); err != nil {
		return NumberChange{}, err
	}
	var out NumberChange
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		n, err := numberForCare(ctx, tx, number)
		if err != nil {
			return err
		}
		acct, err := db.AccountByID(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		old := Product(n.Product)
		out = NumberChange{UserID: acct.UserID, Number: careNumberOf(n), PreviousProduct: old}
		var trunkID int64
		if product == ProductTrunkParticipant {
			t, err := s.careTrunk(ctx, tx, acct, trunk, n.E164)
			if err != nil {
				return err
			}
			trunkID = t.ID
		}
		if old == product && n.TrunkID.Int64 == trunkID {
			return nil
		}
		if old == ProductTrunk && product != ProductTrunk {
			if err := s.refuseTrunkWithParticipants(ctx, tx, n, "change its product"); err != nil {
				return err
			}
		}
		if err := db.SetProduct(ctx, tx, n.ID, string(product), trunkID); err != nil {
			return err
		}
		switch {
		case product.HasSIPCredentials() && !n.HasSIPCred:
			if err := db.PutSIPCredential(ctx, tx, db.SIPCredential{
				NumberID: n.ID, SIPUsername: sipUsername(n.E164),
				VoIPPasswordEnc: s.Box.Seal([]byte(NewVoIPPassword()), voipLabel(n.ID)), ChangedAt: s.now(),
			}); err != nil {
				return err
			}
			out.CredentialsCreated = true
		case !product.HasSIPCredentials() && n.HasSIPCred:
			if err := db.DeleteSIPCredential(ctx, tx, n.ID); err != nil {
				return err
			}
			out.CredentialsRemoved = true
		}
		if err := db.QueueProvisioning(ctx, tx, n.ID, n.E164, "product-changed", s.now()); err != nil {
			return err
		}
		if n, err = db.NumberByE164(ctx, tx, n.E164); err != nil {
			return err
		}
		out.Number, out.Changed = careNumberOf(n), true
		return s.careAudit(ctx, tx, actor, acct.ID, "number.product", fmt.Sprintf("%s %s -> %s", n.E164, old, product))
	})
	return out, err
}

func (s *Service) refuseTrunkWithParticipants(ctx context.Context, h db.Handler, n db.Number, what string) error {
	parts, err := db.TrunkParticipants(ctx, h, n.ID)
	if err != nil || len(parts) == 0 {
		return err
	}
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = p.E164
	}
	return careRefused("%s is the main number of a SIP trunk with participants (%s): give them another product or remove them before you %s",
		FormatNumber(n.E164), strings.Join(names, ", "), what)
}

// UnassignNumber removes a number from its account, with its SIP
// credentials. A trunk's main number goes only without participants.
func (s *Service) UnassignNumber(ctx context.Context, actor CareActor, number string) (NumberChange, error) {
	if err := actor.check(); err != nil {
		return NumberChange{}, err
	}
	var out NumberChange
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		n, err := numberForCare(ctx, tx, number)
		if err != nil {
			return err
		}
		acct, err := db.AccountByID(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		if Product(n.Product) == ProductTrunk {
			if err := s.refuseTrunkWithParticipants(ctx, tx, n, "remove it"); err != nil {
				return err
			}
		}
		out = NumberChange{UserID: acct.UserID, Number: careNumberOf(n), Changed: true, CredentialsRemoved: n.HasSIPCred}
		if err := db.RemoveNumber(ctx, tx, n.ID); err != nil {
			return err
		}
		if err := db.QueueProvisioning(ctx, tx, 0, n.E164, "number-removed", s.now()); err != nil {
			return err
		}
		return s.careAudit(ctx, tx, actor, acct.ID, "number.remove", n.E164+" "+n.Product)
	})
	return out, err
}

// RegionSIPServers are the SIP servers of one region.
type RegionSIPServers struct {
	Region  string      `json:"region"`
	Servers []SIPServer `json:"sip_servers"`
	// Tip is the FAQ's advice when there is more than one server.
	Tip string `json:"tip,omitempty"`
}

// SIPServersByRegion returns the configured SIP servers of each region, as
// the SIP-Credentials card shows them.
func (s *Service) SIPServersByRegion() []RegionSIPServers {
	regions := make([]string, 0, len(s.Cfg.SIPServers))
	for r := range s.Cfg.SIPServers {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	out := make([]RegionSIPServers, 0, len(regions))
	for _, r := range regions {
		rs := RegionSIPServers{Region: r, Servers: s.Cfg.SIPServers[r]}
		if len(rs.Servers) > 1 {
			rs.Tip = SIPServersTip
		}
		out = append(out, rs)
	}
	return out
}

// SendPasswordReset mails a link to the account's stored address: a reset
// link, or a new set-password (welcome) link when no password was ever
// set. It returns the purpose sent (PurposeReset or PurposeWelcome). The
// per-hour cap on reset mails holds for customer care too.
func (s *Service) SendPasswordReset(ctx context.Context, actor CareActor, user string) (db.Account, string, error) {
	if err := actor.check(); err != nil {
		return db.Account{}, "", err
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return acct, "", err
	}
	if acct.Disabled {
		return acct, "", careRefused("%s is disabled, so a link would not work; enable it first (admin customer enable %s)", acct.UserID, acct.UserID)
	}
	purpose := PurposeReset
	if !acct.PasswordHash.Valid {
		purpose = PurposeWelcome
	} else {
		n, err := db.CountResetTokensSince(ctx, s.DB, acct.ID, s.now().Add(-time.Hour))
		if err != nil {
			return acct, "", err
		}
		if n >= MaxResetMailsPerHour {
			return acct, "", careRefused("%s got %d reset links in the last hour, the most allowed; the newest works, so ask the customer to check their spam folder, or try again later",
				acct.UserID, n)
		}
	}
	return acct, purpose, s.SendResetLink(ctx, s.DB, acct, purpose, actor.Admin)
}

// ResetTOTP turns off an account's two-factor authentication for a
// customer who lost their authenticator app. The FAQ's rule: the request
// must come from the email address stored in the account, so requestedBy
// (the address the request came from) must equal it, case-insensitively;
// anything else is refused and the refusal audited. On success 2FA is off,
// the secret and every recovery code are void, and the customer is
// notified, in one transaction.
func (s *Service) ResetTOTP(ctx context.Context, actor CareActor, user, requestedBy string) (db.Account, error) {
	if err := actor.check(); err != nil {
		return db.Account{}, err
	}
	from, err := mail.ParseAddress(strings.TrimSpace(requestedBy))
	if err != nil || from.Name != "" {
		return db.Account{}, careInvalid("--requested-by %q is not an email address: give the address the request came from", requestedBy)
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return acct, err
	}
	if !strings.EqualFold(from.Address, acct.Email) {
		if err := s.careAudit(ctx, s.DB, actor, acct.ID, "2fa.reset-refused", "requested by "+from.Address+", not the stored address"); err != nil {
			return acct, err
		}
		return acct, careRefused("2FA of %s is reset only on a request from the account's stored address; this one came from %s. "+
			"Ask the customer to write from the stored address (a password reset mail goes there too)", acct.UserID, from.Address)
	}
	if !acct.TOTPEnabled {
		return acct, careRefused("two-factor authentication is off for %s; there is nothing to reset", acct.UserID)
	}
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.DisableTOTP(ctx, tx, acct.ID, s.now()); err != nil {
			return err
		}
		if err := s.careAudit(ctx, tx, actor, acct.ID, "2fa.reset", "requested by "+from.Address); err != nil {
			return err
		}
		return s.notify(ctx, tx, acct, MailTOTPReset)
	})
	if err == nil {
		acct.TOTPEnabled, acct.TOTPSecret = false, nil
	}
	return acct, err
}

// AuditTrail lists audit events since a time, newest first: every
// account's, or those about user or made by user when user is not empty.
func (s *Service) AuditTrail(ctx context.Context, user string, since time.Time, limit int) ([]AuditEntry, error) {
	var id int64
	if strings.TrimSpace(user) != "" {
		a, err := s.FindAccount(ctx, user)
		if err != nil {
			return nil, err
		}
		id = a.ID
	}
	rows, err := db.AuditTrail(ctx, s.DB, id, since, limit)
	if err != nil {
		return nil, err
	}
	return auditEntries(rows), nil
}

// OutboxMail is a mail of the outbox as customer care sees it: never its
// body, which may carry a single-use link.
type OutboxMail struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	To            string    `json:"to"`
	Subject       string    `json:"subject"`
	Status        string    `json:"status"`
	Attempts      int       `json:"attempts"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	LastError     string    `json:"last_error"`
	CreatedAt     time.Time `json:"created_at"`
}

// mailStatuses are the outbox states, in the order the list shows them.
var mailStatuses = []string{"failed", "queued", "sending", "sent"}

// OutboxMails lists the newest mails of the outbox (only failed ones when
// failedOnly), newest first; at most limit.
func (s *Service) OutboxMails(ctx context.Context, failedOnly bool, limit int) ([]OutboxMail, error) {
	statuses := mailStatuses
	if failedOnly {
		statuses = []string{"failed"}
	}
	var rows []db.OutboxMail
	for _, st := range statuses {
		r, err := db.MailsByStatus(ctx, s.DB, st, limit)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r...)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID > rows[j].ID })
	out := make([]OutboxMail, 0, min(len(rows), limit))
	for _, m := range rows[:min(len(rows), limit)] {
		out = append(out, OutboxMail{ID: m.ID, Kind: m.Kind, To: m.To, Subject: m.Subject, Status: m.Status, Attempts: m.Attempts,
			NextAttemptAt: m.NextAttemptAt.UTC(), LastError: m.LastError, CreatedAt: m.CreatedAt.UTC()})
	}
	return out, nil
}

// Filters of MusicUploads.
const (
	MusicFilterAll     = ""        // waiting, failed and active uploads
	MusicFilterPending = "pending" // waiting for activation (pending, processing)
	MusicFilterFailed  = "failed"  // conversion failed
)

// CareMusic is an upload of any account as customer care sees it.
type CareMusic struct {
	ID              int64      `json:"id"`
	UserID          string     `json:"user_id"`
	Kind            string     `json:"kind"`
	Status          string     `json:"status"`
	Name            string     `json:"name"`
	Format          string     `json:"format"`
	Size            int64      `json:"size_bytes"`
	DurationSeconds float64    `json:"duration_seconds"`
	Error           string     `json:"error,omitempty"`
	Attempts        int        `json:"attempts"`
	UploadedAt      time.Time  `json:"uploaded_at"`
	ActivatedAt     *time.Time `json:"activated_at"`
}

// MusicUploads lists hold and queue music uploads of every account, newest
// first; filter is one of the MusicFilter constants.
func (s *Service) MusicUploads(ctx context.Context, filter string, limit int) ([]CareMusic, error) {
	var statuses []string
	switch filter {
	case MusicFilterAll:
		statuses = []string{"pending", "processing", "failed", "active"}
	case MusicFilterPending:
		statuses = []string{"pending", "processing"}
	case MusicFilterFailed:
		statuses = []string{"failed"}
	default:
		return nil, careInvalid("unknown music filter %q", filter)
	}
	rows, err := db.MusicByStatus(ctx, s.DB, statuses, limit)
	if err != nil {
		return nil, err
	}
	out := make([]CareMusic, len(rows))
	for i, m := range rows {
		out[i] = CareMusic{ID: m.ID, UserID: m.UserID, Kind: m.Kind, Status: m.Status, Name: m.OriginalName, Format: m.Format,
			Size: m.SizeBytes, DurationSeconds: float64(m.DurationMS) / 1000, Error: m.Error, Attempts: m.Attempts,
			UploadedAt: m.UploadedAt.UTC(), ActivatedAt: timeOrNil(m.ActivatedAt.Time, m.ActivatedAt.Valid)}
	}
	return out, nil
}

// AdminKey is an admin's registered SSH key as customer care sees it.
type AdminKey struct {
	UserID      string    `json:"user_id"`
	Fingerprint string    `json:"fingerprint"`
	Type        string    `json:"type"`
	Comment     string    `json:"comment"`
	CreatedAt   time.Time `json:"created_at"`
}

func adminKeyOf(k db.AdminKey) AdminKey {
	typ, _, _ := strings.Cut(k.PublicKey, " ")
	return AdminKey{UserID: k.UserID, Fingerprint: k.Fingerprint, Type: typ, Comment: k.Comment, CreatedAt: k.CreatedAt.UTC()}
}

// RegisterAdminKey registers an authorized_keys line to an admin account;
// customer accounts have no keys.
func (s *Service) RegisterAdminKey(ctx context.Context, actor CareActor, user, line string) (AdminKey, error) {
	if err := actor.check(); err != nil {
		return AdminKey{}, err
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return AdminKey{}, err
	}
	if acct.Role != RoleAdmin {
		return AdminKey{}, careRefused("%s is a customer account: SSH keys are only for admin accounts (customers log in with their password)", acct.UserID)
	}
	key, _, _, _, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
	if err != nil {
		return AdminKey{}, careInvalid("not an SSH public key in authorized_keys format (e.g. the line of ~/.ssh/id_ed25519.pub): %v", err)
	}
	fp := gossh.FingerprintSHA256(key)
	var out AdminKey
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if k, err := db.AdminKeyByFingerprint(ctx, tx, fp); err == nil {
			return careRefused("the key %s is already registered to %s", fp, k.UserID)
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		if _, err := s.AddAdminKey(ctx, tx, acct, line, actor.Admin); err != nil {
			return err
		}
		k, err := db.AdminKeyByFingerprint(ctx, tx, fp)
		out = adminKeyOf(k)
		return err
	})
	return out, err
}

// AdminKeyList lists the registered keys of one admin account, or of all
// when user is empty.
func (s *Service) AdminKeyList(ctx context.Context, user string) ([]AdminKey, error) {
	var id int64
	if strings.TrimSpace(user) != "" {
		a, err := s.FindAccount(ctx, user)
		if err != nil {
			return nil, err
		}
		id = a.ID
	}
	rows, err := db.AdminKeys(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	out := make([]AdminKey, len(rows))
	for i, k := range rows {
		out[i] = adminKeyOf(k)
	}
	return out, nil
}

// RemoveAdminKey removes a registered key by its SHA256 fingerprint and
// ends the sessions of its account: a removed key must not keep a session
// open. The calling session is left to finish its command. An admin cannot
// remove their own last key; they would lock themselves out.
func (s *Service) RemoveAdminKey(ctx context.Context, actor CareActor, fingerprint string) (AdminKey, error) {
	if err := actor.check(); err != nil {
		return AdminKey{}, err
	}
	fp := strings.TrimSpace(fingerprint)
	if fp == "" {
		return AdminKey{}, careInvalid("name the key by its fingerprint (SHA256:..., as admin key list shows it)")
	}
	if !strings.HasPrefix(fp, "SHA256:") {
		fp = "SHA256:" + fp
	}
	var k db.AdminKey
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		var err error
		k, err = db.AdminKeyByFingerprint(ctx, tx, fp)
		if errors.Is(err, db.ErrNotFound) {
			return careNotFound("no registered key has the fingerprint %s (admin key list shows them)", fp)
		}
		if err != nil {
			return err
		}
		if k.AccountID == actor.Admin.ID {
			keys, err := db.AdminKeys(ctx, tx, k.AccountID)
			if err != nil {
				return err
			}
			if len(keys) <= 1 {
				return careRefused("%s is your last key: removing it would lock you out. Add another key first (admin key add %s < KEY.pub)",
					fp, actor.Admin.UserID)
			}
		}
		if err := db.RemoveAdminKey(ctx, tx, fp); err != nil {
			return err
		}
		if _, err := db.BumpSessionEpoch(ctx, tx, k.AccountID); err != nil {
			return err
		}
		return s.careAudit(ctx, tx, actor, k.AccountID, "admin.key-remove", fp)
	})
	if err != nil {
		return AdminKey{}, err
	}
	if s.EndSessions != nil {
		keep := ""
		if k.AccountID == actor.Admin.ID {
			keep = actor.Session
		}
		s.EndSessions(k.AccountID, keep, KeyRemovedReason)
	}
	return adminKeyOf(k), nil
}
