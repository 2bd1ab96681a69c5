package server

import (
	"context"
	"time"

	"github.com/sipdesk/sipdesk/portal"
)

// watchEpochs ends connections whose account changed its password, was
// disabled or lost a key through another replica: each such change raises
// the account's session epoch in the store, which this server checks every
// interval for every live connection, with or without open sessions (a
// multiplexing master, ssh -M -N, has none). On this server the change ends
// connections at once (Registry.EndSessions).
func (s *Server) watchEpochs(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.checkEpochs(ctx)
	}
}

func (s *Server) checkEpochs(ctx context.Context) {
	defer s.epochChecks.Add(1)
	s.watchLive(ctx)
	live := s.sessions.snapshot()
	if len(live) == 0 {
		return
	}
	open := make([]portal.OpenSession, len(live))
	for i, c := range live {
		open[i] = c.openSession()
	}
	qctx, cancel := context.WithTimeout(ctx, s.storeTimeout())
	reasons, err := s.svc.SessionEndReasons(qctx, open)
	cancel()
	if err != nil {
		s.log.Warn("check session epochs", "err", err)
		return
	}
	for i, c := range live {
		if reasons[i] == "" {
			continue
		}
		// Only if the connection is still at the epoch just checked: the
		// connection that made a password change moved to the new epoch
		// meanwhile (Registry.EndSessions) and stays open.
		checked := open[i].Epoch
		c.endIf(func() bool { return c.epoch == checked }, reasons[i])
	}
}
