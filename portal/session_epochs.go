package portal

import (
	"context"
	"errors"
	"fmt"

	"github.com/sipdesk/sipdesk/db"
)

// AccountGoneReason is what an open session sees when its account was
// deleted.
const AccountGoneReason = "this account no longer exists"

// RoleChangedReason is what an open session sees when its account's role
// changed since the login.
const RoleChangedReason = "this account's rights changed; please log in again"

// OpenSession is a connection open on some replica: its account and what
// the login gave it, which every later check compares with the store.
type OpenSession struct {
	AccountID int64
	Epoch     int64  // the account's session epoch at login
	Role      string // the account's role at login ("" skips the check)
	// KeyFingerprint is the key (an admin's or a customer's) the
	// connection authenticated with; "" for a password login.
	KeyFingerprint string
}

// SessionEndReasons checks open sessions against the store, for changes
// made through any replica: for each session, in order, the reason it must
// end (the account is gone, disabled, changed its role, or changed its
// password or lost a key, which raise the epoch), or "" if it may go on.
// One query for all.
func (s *Service) SessionEndReasons(ctx context.Context, open []OpenSession) ([]string, error) {
	ids := make([]int64, 0, len(open))
	seen := map[int64]bool{}
	for _, o := range open {
		if !seen[o.AccountID] {
			seen[o.AccountID] = true
			ids = append(ids, o.AccountID)
		}
	}
	states, err := db.SessionEpochs(ctx, s.DB, ids)
	if err != nil {
		return nil, fmt.Errorf("read session epochs: %w", err)
	}
	out := make([]string, len(open))
	for i, o := range open {
		st, ok := states[o.AccountID]
		out[i] = endReason(o, st, ok)
	}
	return out, nil
}

func endReason(o OpenSession, st db.EpochState, found bool) string {
	switch {
	case !found:
		return AccountGoneReason
	case st.Disabled:
		return AccountDisabledReason
	case o.Role != "" && st.Role != o.Role:
		return RoleChangedReason
	case st.Epoch > o.Epoch:
		return SessionsEndedReason
	}
	return ""
}

// ConnectionEndReason is the check a connection passes before each new
// channel: SessionEndReasons for one connection, plus, for an admin key
// login, that the key is still registered to the account. "" means the
// connection keeps its rights.
func (s *Service) ConnectionEndReason(ctx context.Context, o OpenSession) (string, error) {
	reasons, err := s.SessionEndReasons(ctx, []OpenSession{o})
	if err != nil {
		return "", err
	}
	if reasons[0] != "" || o.KeyFingerprint == "" {
		return reasons[0], nil
	}
	k, err := db.AdminKeyByFingerprint(ctx, s.DB, o.KeyFingerprint)
	switch {
	case err == nil && k.AccountID == o.AccountID:
		return "", nil
	case err != nil && !errors.Is(err, db.ErrNotFound):
		return "", fmt.Errorf("read admin key: %w", err)
	}
	// Not an admin key of the account: a customer's own key, or gone.
	if _, err := db.CustomerKeyOf(ctx, s.DB, o.AccountID, o.KeyFingerprint); errors.Is(err, db.ErrNotFound) {
		return KeyRemovedReason, nil
	} else if err != nil {
		return "", fmt.Errorf("read customer key: %w", err)
	}
	return "", nil
}
