package server

import (
	"context"
	"time"

	"github.com/sipdesk/sipdesk/portal"
)

// watchEpochs ends sessions whose account changed its password (or was
// disabled) through another replica: each such change raises the account's
// session epoch in the store, which this server checks every interval. On
// this server the change ends sessions at once (Registry.EndSessions).
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
		open := make([]portal.OpenSession, len(live))
		for i, l := range live {
			open[i] = portal.OpenSession{AccountID: l.accountID, Epoch: l.epoch}
		}
		qctx, cancel := context.WithTimeout(ctx, s.storeTimeout())
		reasons, err := s.svc.SessionEndReasons(qctx, open)
		cancel()
		if err != nil {
			s.log.Warn("check session epochs", "err", err)
			continue
		}
		for i, l := range live {
			if reasons[i] != "" {
				l.end(reasons[i])
			}
		}
	}
}
