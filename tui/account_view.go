package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/portal"
)

func (p *accountPage) View() string {
	switch p.mode {
	case modeSecurity:
		return p.sec().View()
	case modeSetup, modeSetupCode:
		return p.setupView()
	case modeCodes:
		return p.scroll.view(p.common, p.codesView(), p.common.Height)
	}
	s := p.common.Styles
	w := max(pageWidth(p.common)-3, 20)
	var b strings.Builder
	b.WriteString(s.Title.Render(p.common.T("page.account")))
	b.WriteString("\n")
	if p.notice != "" {
		b.WriteString(s.OK.Width(w).Render(p.notice) + "\n\n")
	}
	// A form shows only its own card, so it fits 60x20 (scrolled with
	// pgup/pgdn once an error line makes it taller).
	switch p.mode {
	case modePassword:
		b.WriteString(s.Card.Width(w).Render(p.passwordCard()))
		return p.scroll.view(p.common, b.String(), p.common.Height)
	case modeDeactivate, modeRegenerate:
		b.WriteString(s.Card.Width(w).Render(p.twoFACard()))
		return p.scroll.view(p.common, b.String(), p.common.Height)
	case modeLanguage, modeZone:
		b.WriteString(s.Card.Width(w).Render(p.languageCard()))
		return p.scroll.view(p.common, b.String(), p.common.Height)
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
	b.WriteString("\n" + s.Card.Width(w).Render(p.languageCard()))
	b.WriteString("\n" + s.Card.Width(w).Render(p.securityCard()))
	return p.scroll.view(p.common, b.String(), p.common.Height)
}

// securityCard leads to My account → Security.
func (p *accountPage) securityCard() string {
	c := p.common
	return c.Styles.Key.Render(c.T("security.title")) + "\n" + c.T("account.security_card") + "\n\n" + hint(c, accountKeys.Security)
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
	b.WriteString(s.Key.Render(p.common.T("account.change_password")) + "\n")
	if p.mode != modePassword {
		b.WriteString(p.common.T("account.change_password_intro") + "\n\n")
		b.WriteString(hint(p.common, accountKeys.Password))
		return b.String()
	}
	b.WriteString(p.pwForm.view() + "\n")
	b.WriteString(passwordChecklist(p.common, p.pwForm.value(1), p.pwForm.value(2)))
	b.WriteString(p.formFooter(p.common.T("state.saving")))
	return strings.TrimRight(b.String(), "\n")
}

func (p *accountPage) twoFACard() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Key.Render(p.common.T("account.2fa_title")) + "\n")
	if !p.common.Account.TOTPEnabled {
		b.WriteString(p.common.T("account.2fa_off_text") + "\n\n")
		b.WriteString(hint(p.common, accountKeys.Setup))
		return b.String()
	}
	b.WriteString(s.OK.Render(p.common.T("account.2fa_on")) + "\n")
	if p.left >= 0 {
		b.WriteString(p.common.T("account.recovery_left", p.left, portal.RecoveryCodeCount) + ".\n")
	}
	switch p.mode {
	case modeDeactivate:
		b.WriteString("\n" + p.common.T("account.2fa_off_confirm") + "\n")
		b.WriteString(p.offForm.view())
	case modeRegenerate:
		b.WriteString("\n" + p.common.T("account.new_codes_confirm") + "\n")
		b.WriteString(p.regenForm.view())
	default:
		b.WriteString(s.Muted.Render(p.common.T("account.lost_phone", p.common.T("account.lost_phone_text", p.common.careEmail()))) + "\n\n")
		b.WriteString(hint(p.common, accountKeys.Deactivate) + "  " + hint(p.common, accountKeys.Regenerate))
		return b.String()
	}
	b.WriteString(p.formFooter(p.common.T("state.checking")))
	return strings.TrimRight(b.String(), "\n")
}

func (p *accountPage) codesView() string {
	s := p.common.Styles
	w := pageWidth(p.common)
	var b strings.Builder
	b.WriteString(s.Title.Render(p.common.T("account.codes_title")) + "\n")
	if p.notice != "" {
		b.WriteString(s.OK.Width(w).Render(p.notice) + "\n\n")
	}
	b.WriteString(lipgloss.NewStyle().Width(w).Render(p.common.T("account.codes_text")+" "+p.common.T("account.codes_save")) + "\n\n")
	for i, c := range p.codes {
		fmt.Fprintf(&b, "  %2d. %s\n", i+1, s.Key.Render(c))
	}
	b.WriteString("\n" + hint(p.common, accountKeys.Saved))
	return b.String()
}
