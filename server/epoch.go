package server

import (
	"context"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// watchEpochs ends sessions whose account changed its password (or was
// disabled) through another replica: each such change raises the account's
// session epoch in the store, which this server checks every interval. On
// this server the change ends sessions at once (portal.Service.EndSessions).
func (s *Server) watchEpochs(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		live := s.sessions.snapshot()
		if len(live) == 0 {
			continue
		}
		ids := make([]int64, 0, len(live))
		seen := map[int64]bool{}
		for _, l := range live {
			if !seen[l.accountID] {
				seen[l.accountID] = true
				ids = append(ids, l.accountID)
			}
		}
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		states, err := db.SessionEpochs(qctx, s.svc.DB, ids)
		cancel()
		if err != nil {
			s.log.Warn("check session epochs", "err", err)
			continue
		}
		for _, l := range live {
			st, ok := states[l.accountID]
			switch {
			case !ok:
				l.end("this account no longer exists")
			case st.Disabled:
				l.end("this account was disabled; please contact customer care")
			case st.Epoch > l.epoch:
				l.end(portal.SessionsEndedReason)
			}
		}
	}
}
