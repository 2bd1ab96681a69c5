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
		checked := map[int64]struct {
			epoch    int64
			disabled bool
		}{}
		for _, l := range s.sessions.snapshot() {
			st, ok := checked[l.accountID]
			if !ok {
				qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				epoch, disabled, err := db.SessionEpoch(qctx, s.svc.DB, l.accountID)
				cancel()
				if err != nil {
					continue
				}
				st.epoch, st.disabled = epoch, disabled
				checked[l.accountID] = st
			}
			switch {
			case st.disabled:
				l.end("this account was disabled; please contact customer care")
			case st.epoch > l.epoch:
				l.end(portal.SessionsEndedReason)
			}
		}
	}
}
