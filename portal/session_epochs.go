package portal

import (
	"context"
	"fmt"

	"github.com/sipdesk/sipdesk/db"
)

// AccountGoneReason is what an open session sees when its account was
// deleted.
const AccountGoneReason = "this account no longer exists"

// OpenSession is a session open on some replica: its account, and the
// account's session epoch when the session started.
type OpenSession struct {
	AccountID int64
	Epoch     int64
}

// SessionEndReasons checks open sessions against the store, for changes
// made through any replica: for each session, in order, the reason it must
// end (the account is gone, disabled, or changed its password, which
// raises the epoch), or "" if it may go on. One query for all.
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
		switch {
		case !ok:
			out[i] = AccountGoneReason
		case st.Disabled:
			out[i] = AccountDisabledReason
		case st.Epoch > o.Epoch:
			out[i] = SessionsEndedReason
		}
	}
	return out, nil
}
