package portal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
)

// How a connection uses the portal, as the Sessions list shows it.
const (
	HowTUI     = "tui"
	HowCommand = "command"
	HowSFTP    = "sftp"
	HowSCP     = "scp"
)

// AuthPassword is the Auth of a connection that logged in with the
// password; a key login's Auth is the key's fingerprint.
const AuthPassword = "password"

// SessionRevokedReason is what a revoked session sees before it closes.
const SessionRevokedReason = "this session was ended from another session of your account; please log in again"

// LiveStaleAfter is how long a replica's rows live without its watcher
// refreshing them: a replica that died leaves no session listed for long.
const LiveStaleAfter = 2 * time.Minute

// ErrSessionNotFound names a session ID the account has no open session
// with.
var ErrSessionNotFound = errors.New("no open session with this ID")

// ErrRevokeOwnSession is a request to revoke the session that asks.
var ErrRevokeOwnSession = errors.New("that is this session: to end it, log out (or type exit)")

// WithLiveEnder makes the Service end this server's connections by
// live-session ID at once when they are revoked or their key is removed.
func WithLiveEnder(end func(ids []string, reason string)) Option {
	return func(s *Service) { s.EndLive = end }
}

func (s *Service) endLive(ids []string, reason string) {
	if len(ids) > 0 && s.EndLive != nil {
		s.EndLive(ids, reason)
	}
}

// LiveStart describes a connection that has just authenticated.
type LiveStart struct {
	AccountID     int64
	How           string // HowTUI, HowCommand, HowSFTP, HowSCP
	Source        string // client IP
	ClientVersion string // the client's SSH version string
	Auth          string // AuthPassword or the key's fingerprint
}

// LiveSession is an open connection of the account as the customer sees it.
type LiveSession struct {
	ID            string    `json:"id"`
	How           string    `json:"how"`
	Source        string    `json:"source"`
	ClientVersion string    `json:"client_version"`
	Auth          string    `json:"auth"`
	StartedAt     time.Time `json:"started_at"`
	LastActiveAt  time.Time `json:"last_active_at"`
	Current       bool      `json:"this_session"`
}

// StartLiveSession records an open connection and returns its ID.
func (s *Service) StartLiveSession(ctx context.Context, st LiveStart) (string, error) {
	id := newLiveID()
	now := s.now()
	how := st.How
	switch how {
	case HowTUI, HowCommand, HowSFTP, HowSCP:
	default:
		how = HowCommand
	}
	err := db.AddLiveSession(ctx, s.DB, db.LiveSession{ID: id, AccountID: st.AccountID, Replica: s.replica(), How: how,
		Source: st.Source, ClientVersion: printableASCII(st.ClientVersion, 64), Auth: st.Auth,
		StartedAt: now, LastActiveAt: now, LastSeenAt: now})
	if err != nil {
		return "", fmt.Errorf("record the live session: %w", err)
	}
	return id, nil
}

// EndLiveSession removes a connection's row when it ends.
func (s *Service) EndLiveSession(ctx context.Context, id string) error {
	if err := db.RemoveLiveSession(ctx, s.DB, id); err != nil {
		return fmt.Errorf("remove the live session: %w", err)
	}
	return nil
}

// LiveSessions lists the account's open connections on every replica,
// oldest first, marking current (this connection's ID).
func (s *Service) LiveSessions(ctx context.Context, acct db.Account, current string) ([]LiveSession, error) {
	rows, err := db.LiveSessionsOf(ctx, s.DB, acct.ID, s.now().Add(-LiveStaleAfter))
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	out := make([]LiveSession, len(rows))
	for i, r := range rows {
		out[i] = LiveSession{ID: r.ID, How: r.How, Source: r.Source, ClientVersion: r.ClientVersion, Auth: r.Auth,
			StartedAt: r.StartedAt.UTC(), LastActiveAt: r.LastActiveAt.UTC(), Current: r.ID == current}
	}
	return out, nil
}

// RevokeSession ends one of the account's other sessions: within the
// watcher's interval on every replica, at once on this one.
func (s *Service) RevokeSession(ctx context.Context, acct db.Account, id, current, source string) error {
	id = strings.TrimSpace(id)
	if id == current {
		return ErrRevokeOwnSession
	}
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.RevokeLiveSession(ctx, tx, acct.ID, id, s.now()); err != nil {
			if errors.Is(err, db.ErrNotFound) {
				return refuse(ErrSessionNotFound, "session.error.not_found", strconv.Quote(id))
			}
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "session.revoke", id, source)
	})
	if err != nil {
		return err
	}
	s.endLive([]string{id}, SessionRevokedReason)
	return nil
}

// RevokeOtherSessions ends every session of the account but current and
// returns how many.
func (s *Service) RevokeOtherSessions(ctx context.Context, acct db.Account, current, source string) (int, error) {
	var ids []string
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		var err error
		if ids, err = db.RevokeLiveSessionsExcept(ctx, tx, acct.ID, current, s.now()); err != nil || len(ids) == 0 {
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "session.revoke-others", fmt.Sprint(len(ids)), source)
	})
	if err != nil {
		return 0, err
	}
	s.endLive(ids, SessionRevokedReason)
	return len(ids), nil
}

// WatchLiveSessions is the replica watcher's round: it marks the rows of
// the sessions this process holds open alive (and those in active as
// recently used) and returns the IDs of its connections that were
// revoked, by the reason to tell them, which the watcher ends.
func (s *Service) WatchLiveSessions(ctx context.Context, open, active []string) (map[string][]string, error) {
	if err := db.SeeLiveSessions(ctx, s.DB, s.replica(), open, active, s.now()); err != nil {
		return nil, fmt.Errorf("refresh live sessions: %w", err)
	}
	revoked, err := db.RevokedLiveSessions(ctx, s.DB, s.replica())
	if err != nil {
		return nil, fmt.Errorf("read revoked sessions: %w", err)
	}
	out := map[string][]string{}
	for _, r := range revoked {
		// A key's removal revokes its sessions too; whichever of the
		// removal and this round reaches a session first, it is told the
		// same reason.
		reason := SessionRevokedReason
		if r.Auth != AuthPassword && !s.CustomerKeyRegistered(ctx, r.AccountID, r.Auth) {
			reason = CustomerKeyRemovedReason
		}
		out[reason] = append(out[reason], r.ID)
	}
	return out, nil
}

// AuditRetention is how long the security timeline keeps events.
const AuditRetention = 90 * 24 * time.Hour

// SweepSecurityState deletes live-session rows of replicas that stopped
// (no watcher refreshed them), and audit events and login sources past
// AuditRetention. Any replica may run it; it is idempotent.
func (s *Service) SweepSecurityState(ctx context.Context) error {
	now := s.now()
	if _, err := db.ExpireLiveSessions(ctx, s.DB, now.Add(-LiveStaleAfter)); err != nil {
		return fmt.Errorf("expire stale live sessions: %w", err)
	}
	if _, err := db.PurgeAudit(ctx, s.DB, now.Add(-AuditRetention)); err != nil {
		return fmt.Errorf("purge old audit events: %w", err)
	}
	if _, err := db.PurgeLoginSources(ctx, s.DB, now.Add(-AuditRetention)); err != nil {
		return fmt.Errorf("purge login sources unused for 90 days: %w", err)
	}
	return nil
}

// newLiveID is a short random ID a person can type: 10 characters of an
// alphabet without look-alikes (about 50 bits).
func newLiveID() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// printableASCII keeps a client-supplied string safe for another person's
// terminal and a log line: printable ASCII only, at most max bytes.
func printableASCII(v string, max int) string {
	var b strings.Builder
	for i := 0; i < len(v) && b.Len() < max; i++ {
		if c := v[i]; c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		}
	}
	return b.String()
}
