package server

import (
	"context"
	"time"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// restartText is what every open session is told on SIGTERM, in its
// language.
func restartText(v portal.Voice) string { return v.T("session.end.restart") }

// shutdown stops accepting, tells every open session why it ends, and
// returns once no session handler runs any more, so the caller may stop
// the workers and then close the store (a handler still running would
// lose its last write: "sql: database is closed").
//
// A TUI has nothing in flight and is ended at once, so a server with only
// TUIs open stops without waiting. Commands and transfers (an upload)
// may finish within --shutdown-timeout; then they are ended too, and
// their handlers get a short, bounded while to store what they were doing
// (a cut upload's refusal).
func (s *Server) shutdown() {
	s.log.Info("shutting down: no new connections; ending open sessions", "timeout", s.cfg.ShutdownTimeout.String())
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	// Not the ssh library's Shutdown: it waits for the connections it
	// tracks with a sync.WaitGroup, and a login that completes meanwhile
	// adds to it during that wait (the race detector reports it). Closing
	// our own listeners stops accepting, also on a listener the library
	// has not tracked yet (a SIGTERM right after the start); Close below
	// ends what is left.
	s.closeListeners()
	for _, l := range append(s.sessions.sessionSnapshot(), s.flowSet().snapshot()...) {
		if l.isTUI() {
			l.endSaying(restartText, cmdkit.ExitEnded)
		}
	}
	if !s.waitSessions(ctx) {
		left := append(s.sessions.sessionSnapshot(), s.flowSet().snapshot()...)
		s.log.Warn("shutdown timeout: ending the sessions still open", "sessions", len(left))
		for _, l := range left {
			l.endSaying(restartText, cmdkit.ExitEnded)
		}
		grace, cancelGrace := context.WithTimeout(context.Background(), 2*s.storeTimeout()+time.Second)
		if !s.waitSessions(grace) {
			s.log.Error("session handlers still running at shutdown", "sessions", len(s.sessions.sessionSnapshot())+len(s.flowSet().snapshot()))
		}
		cancelGrace()
	}
	// Left now: logins in progress.
	for _, srv := range s.servers {
		_ = srv.Close()
	}
	s.wg.Wait()
}

// waitSessions waits until no session is registered (every handler has
// returned), or ctx ends; it reports whether none is left.
func (s *Server) waitSessions(ctx context.Context) bool {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	open := func() int { return len(s.sessions.sessionSnapshot()) + len(s.flowSet().snapshot()) }
	for open() > 0 {
		select {
		case <-ctx.Done():
			return open() == 0
		case <-t.C:
		}
	}
	return true
}
