package server

import (
	"fmt"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/session"
)

// notice is why the server ends a session, and the exit status it sends.
// say words it in the session's language, when it is told.
type notice struct {
	say    func(v portal.Voice) string
	status int
}

// liveKey is the ssh context key of a session's *liveSession.
type liveKey struct{}

// endWith ends the session with a notice, once (the first reason wins).
// A TUI is asked to quit and tells the notice itself once its terminal is
// restored (exitTUI): written before, the alternate screen would swallow
// the line. Any other session gets the line on stderr, the exit status
// and the close now; its handler still runs to its end (an upload stores
// its refusal), and the server waits for that before closing the store.
func (l *liveSession) endWith(reason string, status int) {
	l.endSaying(func(v portal.Voice) string { return v.EndReason(reason) }, status)
}

// endSaying is endWith for a notice worded by the server itself (a
// restart, the idle timeout).
func (l *liveSession) endSaying(say func(v portal.Voice) string, status int) {
	l.mu.Lock()
	if l.notice != nil {
		l.mu.Unlock()
		return
	}
	l.notice = &notice{say: say, status: status}
	text := say(l.voiceLocked())
	quit := l.quit
	l.mu.Unlock()
	if quit != nil {
		quit()
		// A program that does not quit still loses its session.
		time.AfterFunc(tuiQuitGrace, func() { _ = l.sess.Close() })
		return
	}
	tell(l.sess, text)
	_ = l.sess.Exit(status)
	_ = l.sess.Close()
}

// tuiQuitGrace bounds how long a TUI asked to quit may take to restore
// its terminal and say why.
const tuiQuitGrace = 5 * time.Second

// isTUI reports whether the session runs the full-screen program.
func (l *liveSession) isTUI() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.quit != nil
}

// setVoice sets the language the session is told its end in.
func (l *liveSession) setVoice(v portal.Voice) {
	l.mu.Lock()
	l.voice = v
	l.mu.Unlock()
}

// voiceLocked is the session's voice, English until one is set (a
// session ended before it was known). l.mu is held.
func (l *liveSession) voiceLocked() portal.Voice {
	if l.voice.Printer == nil {
		return englishVoice
	}
	return l.voice
}

// noticeText is the notice that ended the session, in its language, or
// "" if the server did not end it.
func (l *liveSession) noticeText() (string, int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.notice == nil {
		return "", 0, false
	}
	return l.notice.say(l.voiceLocked()), l.notice.status, true
}

func tell(sess ssh.Session, text string) {
	_, _ = fmt.Fprintf(sess.Stderr(), "\r\nsipdesk: %s\r\n", text)
}

// exitTUI ends a TUI session whose program returned: with the notice of
// the server's reason if there is one (the terminal is restored by now),
// else with status 0 (the person quit).
func exitTUI(sess ssh.Session) {
	l, _ := sess.Context().Value(liveKey{}).(*liveSession)
	if l == nil {
		_ = sess.Exit(cmdkit.ExitOK)
		return
	}
	text, status, ok := l.noticeText()
	if !ok {
		_ = sess.Exit(cmdkit.ExitOK)
		return
	}
	tell(sess, text)
	_ = sess.Exit(status)
}

// track makes the session's liveSession reachable from its context (for
// exitTUI) and from its connection's idle watch; the returned func undoes
// the latter when the session ends.
func track(sess ssh.Session, l *liveSession) (untrack func()) {
	sess.Context().SetValue(liveKey{}, l)
	ic, _ := sess.Context().Value(idleKey{}).(*idleConn)
	if ic == nil {
		return func() {}
	}
	ic.attach(l)
	return func() { ic.detach(l) }
}

// runFlow runs an account-less form (forgot password, reset link) as a
// session the server can end with a notice like any other: it is not in
// the Registry (it has no account whose changes could end it), but in
// the flows set that shutdown tells, and in its connection's idle watch.
func (s *Server) runFlow(sess ssh.Session, flow session.Flow, l config.Listener) {
	live := &liveSession{sess: sess, voice: portal.FlowVoice(l.Region, sess.Environ())}
	s.flowSet().add(live)
	defer s.flowSet().remove(live)
	defer track(sess, live)()
	s.door.RunFlow(sess, flow, l, live.setQuit, live.setVoice)
	exitTUI(sess) // a no-op when the form already sent its status
}

// sessionSet is a set of open sessions outside the Registry.
type sessionSet struct {
	mu  sync.Mutex
	set map[*liveSession]struct{}
}

func (s *sessionSet) add(l *liveSession) {
	s.mu.Lock()
	s.set[l] = struct{}{}
	s.mu.Unlock()
}

func (s *sessionSet) remove(l *liveSession) {
	s.mu.Lock()
	delete(s.set, l)
	s.mu.Unlock()
}

func (s *sessionSet) snapshot() []*liveSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*liveSession, 0, len(s.set))
	for l := range s.set {
		out = append(out, l)
	}
	return out
}

// flowSet is the server's set of open forms, made on first use.
func (s *Server) flowSet() *sessionSet {
	s.flowsOnce.Do(func() { s.flows = &sessionSet{set: map[*liveSession]struct{}{}} })
	return s.flows
}
