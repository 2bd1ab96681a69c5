package portal

import (
	"strconv"
	"strings"
)

// The English details the audit stores, written where the event happens
// and read back by EventDetail: one spelling for both.
const (
	detailRequestedBy         = "requested by "              // + the address a 2FA reset came from
	detailNotStoredAddress    = ", not the stored address"   // after it, when refused
	detailCleared             = "cleared "                   // + N +
	detailConsecutiveFailures = " consecutive failed logins" // an unlock's count
	detailPortal              = "portal "                    // + region: a new account's portal
	detailDemoAccount         = "demo account seeded"
	methodCode                = "one-time code"                    // a failed second factor
	methodKeyChange           = "password to confirm a key change" // a failed key-change proof
)

// LoginMethod says how a login was made, as the audit stores it
// ("keyboard-interactive", "publickey+totp SHA256:...", "one-time code"),
// in v's language: "Passwort", "clé SSH SHA256:... et code à usage
// unique". A method it does not know is returned as stored.
func (v Voice) LoginMethod(method string) string {
	how, fp, _ := strings.Cut(method, " ")
	switch how {
	case "password", "keyboard-interactive":
		if fp == "" {
			return v.T("login.method.password")
		}
	case "password+totp", "keyboard-interactive+totp":
		if fp == "" {
			return v.T("login.method.password_code")
		}
	case "publickey":
		return v.T("login.method.key", fp)
	case "publickey+totp":
		return v.T("login.method.key_code", fp)
	case "publickey-sk":
		return v.T("login.method.security_key", fp)
	}
	switch method {
	case methodCode:
		return v.T("login.method.code")
	case methodKeyChange:
		return v.T("login.method.key_change")
	}
	return method
}

// EventDetail is a timeline event's detail in v's language: how a login
// was made, what customer care's action was about. The stored detail
// (SecurityEvent.Detail, which --json gives) is English or a code; what
// needs no words (a key's fingerprint, a session ID, a number) and any
// detail of a shape it does not know are returned as stored.
func (v Voice) EventDetail(action, detail string) string {
	switch action {
	case "login", "login.failed":
		return v.LoginMethod(detail)
	case "2fa.reset":
		if addr, ok := strings.CutPrefix(detail, detailRequestedBy); ok {
			return v.T("event.detail.requested_by", addr)
		}
	case "2fa.reset-refused":
		if rest, ok := strings.CutPrefix(detail, detailRequestedBy); ok {
			if addr, ok := strings.CutSuffix(rest, detailNotStoredAddress); ok {
				return v.T("event.detail.requested_by_refused", addr)
			}
		}
	case "account.unlock":
		if n, ok := countIn(detail, detailCleared, detailConsecutiveFailures); ok {
			return v.T("event.detail.cleared_failures", n)
		}
	case "account.create":
		if region, ok := strings.CutPrefix(detail, detailPortal); ok {
			return v.T("event.detail.portal", region)
		}
		if detail == detailDemoAccount {
			return v.T("event.detail.demo")
		}
	case "session.revoke-others":
		if n, err := strconv.Atoi(detail); err == nil {
			return v.T("event.detail.sessions", n)
		}
	}
	return detail
}

// countIn is the count in prefix + N + suffix.
func countIn(s, prefix, suffix string) (int, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, false
	}
	num, ok := strings.CutSuffix(rest, suffix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	return n, err == nil
}
