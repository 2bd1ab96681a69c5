package portal

// Customer care: the business rules behind `admin ...`. Every action here
// names the admin who acted (CareActor) in its audit event, and every change
// commits together with its audit event, mail and provisioning event.

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

	local bool // the operator on the server host (LocalCareActor), who has no account
}

// errNotCare is a programming error: a customer-care action without an
// admin behind it. The ssh layer's gate makes it unreachable.
var errNotCare = errors.New("customer care actions need an enabled admin account")

func (a CareActor) check() error {
	if a.local && a.Admin.ID == 0 && strings.HasPrefix(a.Admin.UserID, LocalOperatorPrefix) {
		return nil
	}
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
