// Package tui is the customer portal's full-screen terminal interface: one
// Bubble Tea program per SSH session. Pages call the portal package for
// everything; the TUI never talks to the store.
package tui

import (
	"context"

	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/db"
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
	// Out is the session's terminal, for the OSC 52 clipboard; nil in tests.
	Out *Output
	// ScreenWidth and ScreenHeight are the whole terminal, for pages that
	// take the full screen (the 2FA QR code).
	ScreenWidth, ScreenHeight int
}

// Minimum terminal size the layout is designed for.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Styles are built once per session from the session's renderer, so colour
// support follows the customer's terminal, not the server's.
type Styles struct {
	Header, Brand, User, TabActive, Tab, Title, Muted, Error, OK, Card, Key lipgloss.Style
}

// NewStyles builds the styles for a renderer.
func NewStyles(r *lipgloss.Renderer) Styles {
	accent := lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#9D8CFF"}
	return Styles{
		Header:    r.NewStyle().Padding(0, 1),
		Brand:     r.NewStyle().Bold(true).Foreground(accent),
		User:      r.NewStyle().Faint(true),
		TabActive: r.NewStyle().Bold(true).Reverse(true).Padding(0, 1),
		Tab:       r.NewStyle().Padding(0, 1),
		Title:     r.NewStyle().Bold(true).MarginBottom(1),
		Muted:     r.NewStyle().Faint(true),
		Error:     r.NewStyle().Foreground(lipgloss.Color("9")),
		OK:        r.NewStyle().Foreground(lipgloss.Color("10")),
		Card:      r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Key:       r.NewStyle().Bold(true),
	}
}
