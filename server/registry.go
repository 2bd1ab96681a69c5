package server

import (
	"encoding/hex"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// liveConn is an authenticated SSH connection of this process and the rights
// it was given at login. Rights belong to the connection, not to a session
// channel: a client that multiplexes channels over one connection (ssh -M,
// then ssh -S) opens new channels on it at any time, so ending an account's
// access means closing the whole connection.
type liveConn struct {
	id          string // the SSH session ID, as ssh.Context.SessionID
	accountID   int64
	role        string // the account's role at login
	fingerprint string // the admin key that authenticated; "" for a password
	conn        net.Conn

	mu       sync.Mutex
	epoch    int64 // the account's session epoch the connection is good for
	ended    bool
	sessions map[*liveSession]struct{}
	drained  chan struct{} // closed when an ended connection has no session left
	voice    portal.Voice  // its latest session's language, for channel refusals
}

// setVoice records the language of the connection's latest session.
func (c *liveConn) setVoice(v portal.Voice) {
	c.mu.Lock()
	c.voice = v
	c.mu.Unlock()
}

// speaker is the connection's language: its latest session's, English
// before any session opened.
func (c *liveConn) speaker() portal.Voice {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.voice.Printer == nil {
		return englishVoice
	}
	return c.voice
}

// liveSession is an open session channel of a live connection.
type liveSession struct {
	sess   ssh.Session
	mu     sync.Mutex
	quit   func()       // set by the TUI to end its program cleanly
	notice *notice      // why the server ended the session (ending.go)
	voice  portal.Voice // the language it is told in (setVoice)
}

func (l *liveSession) setQuit(f func()) {
	l.mu.Lock()
	l.quit = f
	l.mu.Unlock()
}

// end tells the user why and closes the session (exit status 1).
func (l *liveSession) end(reason string) { l.endWith(reason, cmdkit.ExitError) }

// addSession registers a session channel; false once the connection ended.
func (c *liveConn) addSession(sess ssh.Session) (*liveSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return nil, false
	}
	l := &liveSession{sess: sess}
	c.sessions[l] = struct{}{}
	return l, true
}

func (c *liveConn) removeSession(l *liveSession) {
	c.mu.Lock()
	delete(c.sessions, l)
	if c.ended && len(c.sessions) == 0 && c.drained != nil {
		close(c.drained)
		c.drained = nil
	}
	c.mu.Unlock()
}

// currentEpoch is the session epoch the connection is good for.
func (c *liveConn) currentEpoch() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// openSession is what the store is asked about the connection.
func (c *liveConn) openSession() portal.OpenSession {
	return portal.OpenSession{AccountID: c.accountID, Epoch: c.currentEpoch(), Role: c.role, KeyFingerprint: c.fingerprint}
}

// end tells each session why, then closes the connection itself, so no new
// channel can be opened on it.
func (c *liveConn) end(reason string) {
	c.endIf(func() bool { return true }, reason)
}

// endIf ends the connection if cond, checked under the connection's lock,
// still holds.
func (c *liveConn) endIf(cond func() bool, reason string) bool {
	c.mu.Lock()
	if c.ended || !cond() {
		c.mu.Unlock()
		return false
	}
	c.ended = true // from now on no channel is added (addSession)
	victims := make([]*liveSession, 0, len(c.sessions))
	for l := range c.sessions {
		victims = append(victims, l)
	}
	drained := make(chan struct{})
	if len(victims) == 0 {
		close(drained)
	} else {
		c.drained = drained
	}
	c.mu.Unlock()
	for _, l := range victims {
		l.end(reason)
	}
	// A TUI asked to quit restores the terminal and says why before its
	// session ends; the connection closes after that (or after the grace),
	// not under it, so the person reads the reason in a clean terminal.
	go func() {
		select {
		case <-drained:
		case <-time.After(tuiQuitGrace + time.Second):
		}
		_ = c.conn.Close()
	}()
	return true
}

// Registry tracks this replica's authenticated connections per account, to
// end them when the account's password changes, it is disabled or loses a
// key. It is the portal's SessionEnder: make it first, hand it to
// portal.NewService (portal.WithSessionEnder) and to New.
type Registry struct {
	mu    sync.Mutex
	byID  map[int64]map[*liveConn]struct{}
	conns map[string]*liveConn // by SSH session ID
	live  liveIndex            // live-session ID → session (livesessions.go)
}

// NewRegistry makes an empty registry.
func NewRegistry() *Registry {
	return &Registry{byID: map[int64]map[*liveConn]struct{}{}, conns: map[string]*liveConn{}}
}

// EndSessions ends every connection of the account except the one with SSH
// session ID keep ("" keeps none), telling its sessions reason.
//
// The kept connection made the change, which raised the account's epoch by
// one in the store: it moves to the next epoch, so the epoch watch does not
// end it a moment later. If it was behind already (a change through another
// replica not yet seen), it stays behind and ends at the next check.
func (r *Registry) EndSessions(accountID int64, keep, reason string) {
	r.mu.Lock()
	var victims []*liveConn
	for c := range r.byID[accountID] {
		if keep != "" && c.id == keep {
			c.mu.Lock()
			c.epoch++
			c.mu.Unlock()
			continue
		}
		victims = append(victims, c)
	}
	r.mu.Unlock()
	for _, c := range victims {
		c.end(reason)
	}
}

// EndKey ends every connection of the account that logged in with the
// key fingerprint, also one without a session (a ControlMaster kept open
// with -N or ControlPersist), telling its sessions reason. The connection
// of the live session keep (a command removing its own key) only stops
// taking new sessions: the command reports its success and then closes
// the connection itself.
func (r *Registry) EndKey(accountID int64, fingerprint, keep, reason string) {
	keepID := ""
	if keep != "" {
		for _, l := range r.live.take([]string{keep}) {
			keepID = l.sess.Context().SessionID()
		}
	}
	r.mu.Lock()
	var victims []*liveConn
	for c := range r.byID[accountID] {
		switch {
		case c.fingerprint != fingerprint:
		case keepID != "" && c.id == keepID:
			c.mu.Lock()
			c.ended = true // no new channel; the watcher leaves it alone too
			c.mu.Unlock()
		default:
			victims = append(victims, c)
		}
	}
	r.mu.Unlock()
	for _, c := range victims {
		c.end(reason)
	}
}

// HoldConn stops the connection of live session keep from taking new
// sessions, if it logged in with fingerprint; the watchers leave an ended
// connection alone (endIf), so the session on it runs to its end and then
// closes the connection itself.
func (r *Registry) HoldConn(keep, fingerprint string) {
	for _, l := range r.live.take([]string{keep}) {
		r.mu.Lock()
		c := r.conns[l.sess.Context().SessionID()]
		r.mu.Unlock()
		if c != nil && c.fingerprint == fingerprint {
			c.mu.Lock()
			c.ended = true
			c.mu.Unlock()
		}
	}
}

// login registers an authenticated connection.
func (r *Registry) login(c *liveConn) {
	c.sessions = map[*liveSession]struct{}{}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byID[c.accountID] == nil {
		r.byID[c.accountID] = map[*liveConn]struct{}{}
	}
	r.byID[c.accountID][c] = struct{}{}
	r.conns[c.id] = c
}

// loginConn registers the connection gc that just authenticated as acct
// (with the admin key fingerprint, if any) and forgets it when it closes.
func (r *Registry) loginConn(gc *graceConn, sessionID []byte, acct db.Account, fingerprint string) {
	c := &liveConn{id: hex.EncodeToString(sessionID), accountID: acct.ID, role: acct.Role,
		fingerprint: fingerprint, conn: gc, epoch: acct.SessionEpoch}
	if acct.Role != portal.RoleAdmin {
		// Until a session says more (the setting, LANG), a refused
		// channel speaks the account's region's language.
		c.voice = portal.PreLoginVoice(acct.Region)
	}
	r.login(c)
	gc.whenClosed(func() { r.logout(c) })
}

// logout forgets a connection that closed.
func (r *Registry) logout(c *liveConn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.byID[c.accountID], c)
	if len(r.byID[c.accountID]) == 0 {
		delete(r.byID, c.accountID)
	}
	if r.conns[c.id] == c {
		delete(r.conns, c.id)
	}
}

// conn is the live connection with the SSH session ID id, or nil.
func (r *Registry) conn(id string) *liveConn {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conns[id]
}

// snapshot lists every live connection.
func (r *Registry) snapshot() []*liveConn {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*liveConn, 0, len(r.conns))
	for _, c := range r.conns {
		out = append(out, c)
	}
	return out
}

// open counts the account's open session channels.
func (r *Registry) open(accountID int64) int {
	r.mu.Lock()
	conns := make([]*liveConn, 0, len(r.byID[accountID]))
	for c := range r.byID[accountID] {
		conns = append(conns, c)
	}
	r.mu.Unlock()
	n := 0
	for _, c := range conns {
		c.mu.Lock()
		n += len(c.sessions)
		c.mu.Unlock()
	}
	return n
}

// sessionSnapshot lists every open session channel of every live
// connection (for shutdown, which tells each one why it ends).
func (r *Registry) sessionSnapshot() []*liveSession {
	var out []*liveSession
	for _, c := range r.snapshot() {
		c.mu.Lock()
		for l := range c.sessions {
			out = append(out, l)
		}
		c.mu.Unlock()
	}
	return out
}
