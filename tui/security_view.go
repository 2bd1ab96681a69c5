package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
)

// securityError gives the key and session rules' own words in the
// customer's language (they name the reason: a weak key, a wrong password),
// else what userError says.
func securityError(c Common, err error) string {
	for _, kind := range []error{portal.ErrKeyInvalid, portal.ErrKeyNotFound, portal.ErrKeyLimit, portal.ErrKeyProof,
		portal.ErrSessionNotFound, portal.ErrRevokeOwnSession} {
		if errors.Is(err, kind) {
			msg := []rune(c.V().Error(err))
			return string(unicode.ToUpper(msg[0])) + string(msg[1:]) + "."
		}
	}
	return userError(c, err)
}

// when is t in the session's local time and date format, never UTC.
func (p *securityPage) when(t time.Time) string { return p.common.V().Clock.DateTime(t) }

// fit cuts a row that is wider than the page with a visible "…" (a long
// IPv6 address, a key's name), so the frame never cuts it silently.
func fit(line string, w int) string { return ansi.Truncate(line, w, "…") }

func (p *securityPage) View() string {
	c := p.common
	s := c.Styles
	w := max(pageWidth(c)-3, 20)
	var b strings.Builder
	b.WriteString(s.Title.Render(c.T("security.title")) + "\n")
	if p.notice != "" {
		b.WriteString(s.OK.Width(w).Render(p.notice) + "\n\n")
	}
	if p.confirming {
		b.WriteString(s.Error.Width(w).Render(c.T("security.end_others_confirm")) + "\n")
		b.WriteString(hint(c, p.yesKey()) + " • " + hint(c, securityKeys.No) + "\n\n")
	}
	if p.mode != secOverview {
		title, intro := c.T("security.add_title"), c.T("security.add_intro")
		if p.mode == secRemove {
			title, intro = c.T("security.remove_title"), c.T("security.remove_intro")
		}
		card := s.Key.Render(title) + "\n" + s.Muted.Width(w-4).Render(intro) + "\n\n" + p.activeForm().view()
		if p.err != "" {
			card += "\n" + s.Error.Width(w-4).Render("✗ "+p.err)
		}
		b.WriteString(s.Card.Width(w).Render(card))
		return p.scroll.view(c, b.String(), c.Height)
	}
	if p.err != "" {
		b.WriteString(s.Error.Width(w).Render("✗ "+p.err) + "\n\n")
	}
	b.WriteString(s.Key.Render(c.T("security.keys_title")) + "\n")
	if len(p.keys) == 0 {
		b.WriteString(s.Muted.Width(w).Render(c.T("security.keys_none")) + "\n")
	}
	for _, k := range p.keys {
		kind := k.Type
		if k.FIDO {
			kind = c.T("security.security_key")
		}
		b.WriteString(fit(fmt.Sprintf("  %s (%s)", k.Name, kind), w) + "\n")
		b.WriteString(fit("    "+k.Fingerprint, w) + "\n")
	}
	b.WriteString("\n" + s.Key.Render(c.T("security.sessions_title")) + "\n")
	for _, l := range p.live {
		auth := l.Auth
		if auth == portal.AuthPassword {
			auth = c.T("security.auth_password")
		}
		line := fmt.Sprintf("%s%s  %s  %s", marker(l.Current), c.V().SessionHow(l.How), l.Source, auth)
		if l.Current {
			line += "  (" + c.T("security.this_session") + ")"
		}
		b.WriteString(fit(line, w) + "\n")
		b.WriteString(fit("    "+c.T("security.session_times", p.when(l.StartedAt), p.when(l.LastActiveAt)), w) + "\n")
	}
	b.WriteString("\n" + s.Key.Render(c.T("security.log_title")) + "\n")
	if len(p.events) == 0 {
		b.WriteString(s.Muted.Width(w).Render(c.T("security.log_none")) + "\n")
	}
	for _, e := range p.events {
		b.WriteString(fit(fmt.Sprintf("  %s  %s %s %s", p.when(e.At), c.V().EventName(e.Action), c.V().EventDetail(e.Action, e.Detail), e.Source), w) + "\n")
	}
	return p.scroll.view(c, b.String(), c.Height)
}
