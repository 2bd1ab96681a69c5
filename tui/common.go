// Package tui is the customer portal's full-screen terminal interface: one
// Bubble Tea program per SSH session. Pages call the portal package for
// everything; the TUI never talks to the store.
//
// The files follow soft-serve's pkg/ui split: common.go and styles.go are
// what every page shares, keymap.go and footer.go the keys and their hints,
// form.go, list.go and scroll.go the components pages are built from, and
// one file (or a model and a view file) per page.
package tui

import (
	"context"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// Common is what every page shares, passed by value.
type Common struct {
	Ctx     context.Context
	Svc     *portal.Service
	Account db.Account
	Styles  Styles
	Width   int
	Height  int
	// Session describes how the customer reached the portal (for commands
	// shown on screen, e.g. the scp upload line).
	Host string
	Port int
	// Remote is the client's address, for audit events.
	Remote string
	// SessionID is the SSH session's ID, kept alive when a password change
	// ends the account's other sessions.
	SessionID string
	// LiveID is the session's row among the account's live sessions, so
	// the Security page marks "this session" and keeps it when it ends the
	// others.
	LiveID string
	// Out is the session's terminal, for the OSC 52 clipboard; nil in tests.
	Out *Output
	// ScreenWidth and ScreenHeight are the whole terminal, for pages that
	// take the full screen (the 2FA QR code).
	ScreenWidth, ScreenHeight int
	// StoreTimeout bounds each page's store call (--store-timeout); zero
	// is defaultStoreTimeout.
	StoreTimeout time.Duration
	// Voice is the session's language and local time (portal.VoiceOf);
	// a zero Voice speaks English, as tests that draw a page alone expect.
	Voice portal.Voice
	// Environ is what the client sent (LANG...), to find the voice again
	// when the customer sets the language back to automatic.
	Environ []string
}

// english is the voice of a Common built without one.
var english = portal.Voice{Printer: i18n.NewPrinter(i18n.EnCH), Clock: i18n.Clock{Locale: i18n.EnCH}}

// V is the session's voice, English when none was set.
func (c Common) V() portal.Voice {
	if c.Voice.Printer == nil {
		return english
	}
	return c.Voice
}

// careEmail is customer care's address for the account's region.
func (c Common) careEmail() string { return c.Svc.Cfg.CareEmailFor(c.Account.Region) }

// T is the text of key in the session's language.
func (c Common) T(key string, args ...any) string { return c.V().T(key, args...) }

// Minimum terminal size every page is laid out for; below it the portal
// shows only a request to enlarge the window and acts on no key but quit.
const (
	MinWidth  = 60
	MinHeight = 20
)

// pageWidth is the width a page lays its text out in: the room it has, or
// a standard terminal's before the first size arrives (and in tests that
// draw a page alone).
func pageWidth(c Common) int {
	if c.Width <= 0 {
		return 78
	}
	return max(c.Width, 20)
}
