package portal

import (
	"context"
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/safetext"
)

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
	if err := safetext.Check("--name", name); err != nil {
		return db.Account{}, careInvalid("%v", err)
	}
	if len(name) > maxNameLen {
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
		if err := s.careAudit(ctx, tx, actor, acct.ID, "account.create", detailPortal+region); err != nil {
			return err
		}
		return s.SendResetLink(ctx, tx, acct, PurposeWelcome, actor)
	})
	if errors.Is(err, db.ErrDuplicate) {
		// Lost a race with another admin creating the same user ID.
		return db.Account{}, careRefused("an account with user ID %s was just created by someone else", userID)
	}
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

// isControl is the one rule for user-controlled text (package safetext):
// C0, DEL, C1 and bidi controls are refused wherever text is typed in.
func isControl(r rune) bool { return safetext.Unsafe(r) }

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
	return AccountSummary{UserID: a.UserID, Email: a.Email, Name: safetext.Escape(a.Name), Region: a.Region, Role: a.Role,
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
	// Registration is the live status at the registrar, for numbers with
	// SIP credentials when a registrar is configured.
	Registration *RegistrationStatus `json:"registration,omitempty"`
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
	// The customer's SSH keys, open sessions and security timeline (90
	// days): what the customer sees under My account.
	CustomerKeys []CustomerKey   `json:"ssh_keys"`
	Sessions     []LiveSession   `json:"sessions"`
	SecurityLog  []SecurityEvent `json:"security_log"`
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
	s.addRegistrations(ctx, a.ID, d.Numbers)
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
	if err := s.securityDetails(ctx, a, &d); err != nil {
		return AccountDetails{}, err
	}
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
			detailCleared+strconv.Itoa(before.ConsecutiveFailures)+detailConsecutiveFailures)
	})
	return acct, before, err == nil, err
}
