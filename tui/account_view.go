package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/portal"
)

func (p *accountPage) View() string {
	switch p.mode {
	case modeSetup, modeSetupCode:
		return p.setupView()
	case modeCodes:
		return p.scroll.view(p.common.Styles, p.codesView(), p.common.Height)
	}
	s := p.common.Styles
	w := max(pageWidth(p.common)-3, 20)
	var b strings.Builder
	b.WriteString(s.Title.Render("My account"))
	b.WriteString("\n")
	if p.notice != "" {
		b.WriteString(s.OK.Width(w).Render(p.notice) + "\n\n")
	}
	// A form shows only its own card, so it fits 60x20 (scrolled with
	// pgup/pgdn once an error line makes it taller).
	switch p.mode {
	case modePassword:
		b.WriteString(s.Card.Width(w).Render(p.passwordCard()))
		return p.scroll.view(s, b.String(), p.common.Height)
	case modeDeactivate, modeRegenerate:
		b.WriteString(s.Card.Width(w).Render(p.twoFACard()))
		return p.scroll.view(s, b.String(), p.common.Height)
	}
	// Cards side by side when each gets at least 44 columns, else stacked
	// at full width, scrolled where they do not fit.
	const minCard = 44
	if cw := (p.common.Width - 3) / 2; cw >= minCard {
		left := s.Card.Width(cw - 2).Render(p.passwordCard())
		right := s.Card.Width(cw - 2).Render(p.twoFACard())
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, left, " ", right))
	} else {
		b.WriteString(s.Card.Width(w).Render(p.passwordCard()) + "\n" + s.Card.Width(w).Render(p.twoFACard()))
	}
	return p.scroll.view(s, b.String(), p.common.Height)
}

// formFooter is a form's error and busy line inside its card.
func (p *accountPage) formFooter(busy string) string {
	s := p.common.Styles
	var b strings.Builder
	if p.err != "" {
		b.WriteString(s.Error.Render(p.err) + "\n")
	}
	if p.busy {
		b.WriteString(s.Muted.Render(busy) + "\n")
	}
	return b.String()
}

func (p *accountPage) passwordCard() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Key.Render("Change password") + "\n")
	if p.mode != modePassword {
		b.WriteString("Your login password (not a VoIP password).\n\n")
		b.WriteString(hint(s, accountKeys.Password))
		return b.String()
	}
	b.WriteString(p.pwForm.view() + "\n")
	b.WriteString(passwordChecklist(s, p.pwForm.value(1), p.pwForm.value(2)))
	b.WriteString(p.formFooter("Saving..."))
	return strings.TrimRight(b.String(), "\n")
}

func (p *accountPage) twoFACard() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Key.Render("Two-factor authentication") + "\n")
	if !p.common.Account.TOTPEnabled {
		b.WriteString("Off. With 2FA on, every login also asks for a code from an authenticator app (Google " +
			"Authenticator, Microsoft Authenticator, Authy). Codes are never sent by email.\n\n")
		b.WriteString(hint(s, accountKeys.Setup))
		return b.String()
	}
	b.WriteString(s.OK.Render("On") + "\n")
	if p.left >= 0 {
		fmt.Fprintf(&b, "%d of %d recovery codes left.\n", p.left, portal.RecoveryCodeCount)
	}
	switch p.mode {
	case modeDeactivate:
		b.WriteString("\nTo turn 2FA off, confirm with your password and a current code.\n")
		b.WriteString(p.offForm.view())
	case modeRegenerate:
		b.WriteString("\nNew recovery codes replace the old ones. Confirm with a current code.\n")
		b.WriteString(p.regenForm.view())
	default:
		b.WriteString(s.Muted.Render("Lost your phone? "+portal.LostPhoneAdvice(p.common.Svc.Cfg.CareEmail)) + "\n\n")
		b.WriteString(hint(s, accountKeys.Deactivate) + "  " + hint(s, accountKeys.Regenerate))
		return b.String()
	}
	b.WriteString(p.formFooter("Checking..."))
	return strings.TrimRight(b.String(), "\n")
}

func (p *accountPage) codesView() string {
	s := p.common.Styles
	w := pageWidth(p.common)
	var b strings.Builder
	b.WriteString(s.Title.Render("Your recovery codes") + "\n")
	if p.notice != "" {
		b.WriteString(s.OK.Width(w).Render(p.notice) + "\n\n")
	}
	b.WriteString(lipgloss.NewStyle().Width(w).Render("Each code logs you in once instead of an app code, if you lose your phone. "+
		"Save them now somewhere safe: they are shown only this once.") + "\n\n")
	for i, c := range p.codes {
		fmt.Fprintf(&b, "  %2d. %s\n", i+1, s.Key.Render(c))
	}
	b.WriteString("\n" + hint(s, accountKeys.Saved))
	return b.String()
}
