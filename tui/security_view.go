package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// securityError gives the key and session rules' own words (they name the
// reason: a weak key, a wrong password), else what userError says.
func securityError(c Common, err error) string {
	for _, kind := range []error{portal.ErrKeyInvalid, portal.ErrKeyNotFound, portal.ErrKeyLimit, portal.ErrKeyProof,
		portal.ErrSessionNotFound, portal.ErrRevokeOwnSession} {
		if errors.Is(err, kind) {
			msg := err.Error()
			return strings.ToUpper(msg[:1]) + msg[1:] + "."
		}
	}
	return userError(c, err)
}

func (p *securityPage) when(t time.Time) string {
	return t.In(i18n.Zone("", p.common.Account.Region)).Format("2006-01-02 15:04")
}

func (p *securityPage) View() string {
	s, v := p.common.Styles, p.voice
	w := max(pageWidth(p.common)-3, 20)
	var b strings.Builder
	b.WriteString(s.Title.Render(v.T("security.title")) + "\n")
	if p.notice != "" {
		b.WriteString(s.OK.Width(w).Render(p.notice) + "\n\n")
	}
	if p.mode != secOverview {
		title, intro := v.T("security.add_title"), v.T("security.add_intro")
		if p.mode == secRemove {
			title, intro = v.T("security.remove_title"), v.T("security.remove_intro")
		}
		card := s.Key.Render(title) + "\n" + s.Muted.Width(w-4).Render(intro) + "\n\n" + p.activeForm().view()
		if p.err != "" {
			card += "\n" + s.Error.Width(w-4).Render("✗ "+p.err)
		}
		b.WriteString(s.Card.Width(w).Render(card))
		return p.scroll.view(p.common, b.String(), p.common.Height)
	}
	if p.err != "" {
		b.WriteString(s.Error.Width(w).Render("✗ "+p.err) + "\n\n")
	}
	b.WriteString(s.Key.Render(v.T("security.keys_title")) + "\n")
	if len(p.keys) == 0 {
		b.WriteString(s.Muted.Width(w).Render(v.T("security.keys_none")) + "\n")
	}
	for _, k := range p.keys {
		kind := k.Type
		if k.FIDO {
			kind = v.T("security.security_key")
		}
		fmt.Fprintf(&b, "  %s  %s  %s\n", k.Fingerprint, kind, k.Name)
	}
	b.WriteString("\n" + s.Key.Render(v.T("security.sessions_title")) + "\n")
	for _, l := range p.live {
		line := fmt.Sprintf("%s  %-7s %-15s %s  %s", marker(l.Current), l.How, l.Source, p.when(l.StartedAt), l.Auth)
		if l.Current {
			line += "  (" + v.T("security.this_session") + ")"
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + s.Key.Render(v.T("security.log_title")) + "\n")
	if len(p.events) == 0 {
		b.WriteString(s.Muted.Render(v.T("security.log_none")) + "\n")
	}
	for _, e := range p.events {
		fmt.Fprintf(&b, "  %s  %-14s %s %s\n", p.when(e.At), e.Action, e.Detail, e.Source)
	}
	return p.scroll.view(p.common, b.String(), p.common.Height)
}
