package portal

import (
	"context"
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
	var keyed []int64 // accounts with a key login still in good standing
	for i, o := range open {
		st, ok := states[o.AccountID]
		out[i] = endReason(o, st, ok)
		if out[i] == "" && o.KeyFingerprint != "" {
			keyed = append(keyed, o.AccountID)
		}
	}
	if len(keyed) == 0 {
		return out, nil
	}
	// A key removed through any replica ends its connections here too,
	// also those without a session (a ControlMaster held open).
	keys, err := db.KeyFingerprints(ctx, s.DB, keyed)
	if err != nil {
		return nil, fmt.Errorf("read the connections' keys: %w", err)
	}
	for i, o := range open {
		if out[i] == "" && o.KeyFingerprint != "" && !keys[o.AccountID][o.KeyFingerprint] {
			out[i] = KeyRemovedReason
		}
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
// channel: SessionEndReasons for one connection, plus, for a key login,
// that the key is still the account's (an admin key or a customer key). "" means the
// connection keeps its rights.
func (s *Service) ConnectionEndReason(ctx context.Context, o OpenSession) (string, error) {
	reasons, err := s.SessionEndReasons(ctx, []OpenSession{o})
	if err != nil {
		return "", err
	}
	return reasons[0], nil // the key check included
}
