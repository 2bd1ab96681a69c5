package portal

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
)

// SecurityEvent is one line of an account's security timeline.
type SecurityEvent struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"` // the audit action, e.g. login, login.failed, key.add
	Detail string    `json:"detail"` // method, key fingerprint or session ID; never a secret
	Source string    `json:"source"` // client IP address, if the event had one
	By     string    `json:"by"`     // who acted, when not the account itself (customer care)
}

// securityActions are the audit actions the timeline shows, by prefix:
// logins, passwords, 2FA, keys, VoIP passwords, sessions and what customer
// care did to the account's access.
var securityActions = []string{"login", "password.", "2fa.", "key.", "voip-password.", "session.",
	"account.disable", "account.enable", "account.unlock", "account.create"}

func isSecurityAction(a string) bool {
	for _, p := range securityActions {
		if a == p || strings.HasPrefix(a, p) {
			return true
		}
	}
	return false
}

// SecurityLogLimit bounds one timeline read.
const SecurityLogLimit = 1000

// SecurityLog is the account's security timeline since a time, newest
// first: what the customer sees under My account > Security and customer
// care in customer show.
func (s *Service) SecurityLog(ctx context.Context, acct db.Account, since time.Time) ([]SecurityEvent, error) {
	rows, err := db.AuditEvents(ctx, s.DB, acct.ID, since, SecurityLogLimit)
	if err != nil {
		return nil, fmt.Errorf("read the security timeline: %w", err)
	}
	out := make([]SecurityEvent, 0, len(rows))
	for _, r := range rows {
		if !isSecurityAction(r.Action) {
			continue
		}
		e := SecurityEvent{At: r.At.UTC(), Action: r.Action, Detail: printableASCII(r.Detail, 200), Source: sourceOnly(r.RemoteAddr)}
		if r.Actor != acct.UserID {
			e.By = r.Actor
		}
		out = append(out, e)
	}
	return out, nil
}

// ParseSince reads a --since value: a number of days ("30d"), hours
// ("12h") or a date (2026-03-04). At most AuditRetention back.
func ParseSince(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return now.Add(-30 * 24 * time.Hour), nil
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, nil
	}
	unit := v[len(v)-1]
	n, err := strconv.Atoi(v[:len(v)-1])
	if err != nil || n < 0 || (unit != 'd' && unit != 'h') {
		return time.Time{}, fmt.Errorf("--since %q: give days (30d), hours (12h) or a date (2026-03-04)", v)
	}
	d := time.Duration(n) * time.Hour
	if unit == 'd' {
		d *= 24
	}
	if d > AuditRetention {
		d = AuditRetention
	}
	return now.Add(-d), nil
}

// securityDetails adds what the customer sees under My account (keys,
// sessions, the 90-day timeline) to customer care's view of the account.
func (s *Service) securityDetails(ctx context.Context, a db.Account, d *AccountDetails) error {
	var err error
	if d.CustomerKeys, err = s.CustomerKeys(ctx, a); err != nil {
		return err
	}
	if d.Sessions, err = s.LiveSessions(ctx, a, ""); err != nil {
		return err
	}
	d.SecurityLog, err = s.SecurityLog(ctx, a, s.now().Add(-AuditRetention))
	return err
}

// sourceOnly is a client address without its port: the timeline names
// where a change came from, and one connection's port says nothing to
// the customer (the audit log keeps it for customer care).
func sourceOnly(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}
