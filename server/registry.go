package server

import (
	"sync"

	"github.com/charmbracelet/ssh"

	"github.com/sipdesk/sipdesk/server/session"
)

// liveSession is an open session of this process.
type liveSession struct {
	accountID int64
	id        session.Identity // how the session's connection authenticated
	epoch     int64            // the account's session epoch when the session started
	sess      ssh.Session
	quit      func()  // set by the TUI to end its program cleanly
	notice    *notice // why the server ended the session (ending.go)
	mu        sync.Mutex
}

func (l *liveSession) setQuit(f func()) {
	l.mu.Lock()
	l.quit = f
	l.mu.Unlock()
}

// end tells the user why and closes the session (exit status 1).
func (l *liveSession) end(reason string) { l.endWith(reason, 1) }

// Registry tracks this replica's open sessions per account, to end an
// account's other sessions when its password changes, it is disabled or
// loses a key. It is the portal's SessionEnder: make it first, hand it to
// portal.NewService (portal.WithSessionEnder) and to New.
type Registry struct {
	mu   sync.Mutex
	byID map[int64]map[*liveSession]struct{}
}

// NewRegistry makes an empty registry.
func NewRegistry() *Registry { return &Registry{byID: map[int64]map[*liveSession]struct{}{}} }

// EndSessions ends every session of the account except those of the SSH
// connection with session ID keep ("" keeps none), telling them reason.
func (r *Registry) EndSessions(accountID int64, keep, reason string) {
	r.endOthers(accountID, keep, reason)
}

func (r *Registry) add(id session.Identity, epoch int64, sess ssh.Session) *liveSession {
	l := &liveSession{accountID: id.AccountID, id: id, epoch: epoch, sess: sess}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byID[l.accountID] == nil {
		r.byID[l.accountID] = map[*liveSession]struct{}{}
	}
	r.byID[l.accountID][l] = struct{}{}
	return l
}

func (r *Registry) remove(l *liveSession) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.byID[l.accountID], l)
	if len(r.byID[l.accountID]) == 0 {
		delete(r.byID, l.accountID)
	}
}

// endOthers ends every session of the account except those of the SSH
// connection with session ID keep ("" keeps none).
func (r *Registry) endOthers(accountID int64, keep, reason string) int {
	r.mu.Lock()
	var victims []*liveSession
	for l := range r.byID[accountID] {
		if keep == "" || l.sess.Context().SessionID() != keep {
			victims = append(victims, l)
		}
	}
	r.mu.Unlock()
	for _, l := range victims {
		l.end(reason)
	}
	return len(victims)
}

// snapshot lists every open session.
func (r *Registry) snapshot() []*liveSession {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*liveSession
	for _, set := range r.byID {
		for l := range set {
			out = append(out, l)
		}
	}
	return out
}

// open counts the account's open sessions.
func (r *Registry) open(accountID int64) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byID[accountID])
}
