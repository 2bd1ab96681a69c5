package server

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
)

// Live sessions in the store: every open connection of an account has a
// row (portal.StartLiveSession) so the customer sees and can revoke it from
// any replica. The hooks here are small on purpose: the registry owns the
// connections, these only map live-session IDs to them.

// liveIndex maps this replica's live-session IDs to their sessions. Its
// zero value is ready.
type liveIndex struct {
	mu     sync.Mutex
	m      map[string]*liveSession
	active map[string]bool // sessions with input since the watcher's last round
}

func (x *liveIndex) put(id string, l *liveSession) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.m == nil {
		x.m = map[string]*liveSession{}
	}
	x.m[id] = l
}

func (x *liveIndex) drop(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.m, id)
}

func (x *liveIndex) take(ids []string) []*liveSession {
	x.mu.Lock()
	defer x.mu.Unlock()
	var out []*liveSession
	for _, id := range ids {
		if l, ok := x.m[id]; ok {
			out = append(out, l)
		}
	}
	return out
}

// touch marks a session active (the customer typed or sent data).
func (x *liveIndex) touch(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if _, ok := x.m[id]; !ok {
		return
	}
	if x.active == nil {
		x.active = map[string]bool{}
	}
	x.active[id] = true
}

// ids returns the IDs of the sessions open now.
func (x *liveIndex) ids() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := make([]string, 0, len(x.m))
	for id := range x.m {
		out = append(out, id)
	}
	return out
}

// takeActive returns the sessions marked active since the last call.
func (x *liveIndex) takeActive() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := make([]string, 0, len(x.active))
	for id := range x.active {
		out = append(out, id)
	}
	x.active = nil
	return out
}

// TouchLive records input on the session with this live-session ID: its
// "last activity" in the Sessions list is refreshed at the watcher's next
// round. Cheap (a map write), so a read path may call it per read.
func (r *Registry) TouchLive(id string) { r.live.touch(id) }

// touchingSession is a session whose reads with data count as its
// activity in the Sessions list: the person's keys in the TUI, a command's
// stdin, an upload's bytes. Screens the server draws are not activity, and
// neither are the client's keepalives (they never reach the channel).
type touchingSession struct {
	ssh.Session
	touch func()
}

func (t touchingSession) Read(p []byte) (int, error) {
	n, err := t.Session.Read(p)
	if n > 0 {
		t.touch()
	}
	return n, err
}

// touching wraps sess so its input refreshes the live session liveID's
// last activity (TouchLive); a session without a row is returned as is.
func (s *Server) touching(sess ssh.Session, liveID string) ssh.Session {
	if liveID == "" {
		return sess
	}
	return touchingSession{Session: sess, touch: func() { s.sessions.TouchLive(liveID) }}
}

// EndLive ends this replica's sessions with these live-session IDs,
// telling them reason: the portal's live ender (portal.WithLiveEnder), for
// a revoked session or a removed key.
func (r *Registry) EndLive(ids []string, reason string) {
	for _, l := range r.live.take(ids) {
		r.endConnection(l, reason)
	}
}

// endConnection ends a revoked session's whole SSH connection, so a
// multiplexing client (OpenSSH's ControlMaster) cannot open another
// session on a connection whose key was removed or that was revoked. It
// ends as a password change does (liveConn.end): every session on it is
// told why, a TUI restores the terminal first, then the connection closes.
func (r *Registry) endConnection(l *liveSession, reason string) {
	r.mu.Lock()
	c := r.conns[l.sess.Context().SessionID()]
	r.mu.Unlock()
	if c != nil {
		c.end(reason) // a no-op when it is ending already
		return
	}
	// Not registered (its connection is closing already): make sure.
	l.end(reason)
	closeConnection(l.sess)
}

// closeConnection closes the whole SSH connection sess runs on.
func closeConnection(sess ssh.Session) {
	if c, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
		_ = c.Close()
	}
}

// liveHow names how a session uses the portal, for the Sessions list.
func liveHow(sess ssh.Session) string {
	switch {
	case sess.Subsystem() == "sftp":
		return portal.HowSFTP
	case len(sess.Command()) > 0 && sess.Command()[0] == "scp":
		return portal.HowSCP
	case len(sess.Command()) > 0:
		return portal.HowCommand
	}
	return portal.HowTUI
}

// startLive records the session's row in the store and indexes it; the
// returned function removes both when the session ends. A store that
// cannot write does not refuse the session: it is only not listed.
//
// A session opened on a connection whose key was removed since it logged
// in (a multiplexing client opens sessions on an old connection) is
// refused: errKeyGone.
func (s *Server) startLive(sess ssh.Session, id session.Identity, l *liveSession) (liveID string, end func(), err error) {
	auth := session.KeyFingerprintOf(sess.Context())
	ctx, cancel := context.WithTimeout(sess.Context(), s.storeTimeout())
	defer cancel()
	if auth == "" {
		auth = portal.AuthPassword
	}
	liveID, err = s.svc.StartLiveSession(ctx, portal.LiveStart{AccountID: id.AccountID, How: liveHow(sess),
		Source: session.SourceIP(sess.RemoteAddr()), ClientVersion: sess.Context().ClientVersion(), Auth: auth})
	if err != nil {
		s.log.Warn("record live session", "err", session.ShortErr(err))
		return "", func() {}, nil
	}
	s.sessions.live.put(liveID, l)
	end = func() {
		s.sessions.live.drop(liveID)
		// The session's context is done by now: the row goes on its own.
		ctx, cancel := context.WithTimeout(context.Background(), s.storeTimeout())
		defer cancel()
		if err := s.svc.EndLiveSession(ctx, liveID); err != nil {
			s.log.Warn("remove live session", "err", session.ShortErr(err))
		}
	}
	// The key was checked when the channel opened (checkConn); checked
	// again now that the row is there: a removal ends the rows it finds,
	// so a key removed between that check and the row would otherwise
	// leave this session open.
	if auth != portal.AuthPassword && !s.svc.CustomerKeyRegistered(ctx, id.AccountID, auth) {
		end()
		return "", nil, errKeyGone
	}
	return liveID, end, nil
}

var errKeyGone = errors.New("the key of this connection was removed")

// watchLive is the session watcher's round for live sessions: it keeps
// this replica's rows fresh, ends the connections revoked through any
// replica, and sweeps stale rows and audit events past 90 days.
func (s *Server) watchLive(ctx context.Context) {
	qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	revoked, err := s.svc.WatchLiveSessions(qctx, s.sessions.live.ids(), s.sessions.live.takeActive())
	if err != nil {
		s.log.Warn("check live sessions", "err", session.ShortErr(err))
		return
	}
	for reason, ids := range revoked {
		for _, l := range s.sessions.live.take(ids) {
			s.sessions.endConnection(l, reason)
		}
	}
	// A sweep cut short by shutdown or by the round's deadline is retried
	// next round; only a real store failure is worth a warning.
	if err := s.svc.SweepSecurityState(qctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("sweep live sessions and audit", "err", session.ShortErr(err))
	}
}
