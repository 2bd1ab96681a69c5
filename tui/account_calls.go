package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/db"
)

// Messages of the page's portal calls.
type (
	recoveryLeftMsg  struct{ n int }
	passwordDoneMsg  struct{ err error }
	totpActivatedMsg struct {
		codes []string
		err   error
	}
	totpDeactivateMsg struct{ err error }
	codesRenewedMsg   struct {
		codes []string
		err   error
	}
	accountReloadMsg struct {
		acct db.Account
		err  error
	}
)

func (p *accountPage) loadLeft() tea.Cmd {
	c := p.common
	if !c.Account.TOTPEnabled {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := c.storeCtx()
		defer cancel()
		n, err := c.Svc.RecoveryCodesLeft(ctx, c.Account.ID)
		if err != nil {
			return recoveryLeftMsg{n: -1}
		}
		return recoveryLeftMsg{n: n}
	}
}

// reload fetches the account after a change and tells every page.
func (p *accountPage) reload() tea.Cmd {
	c := p.common
	return func() tea.Msg {
		ctx, cancel := c.storeCtx()
		defer cancel()
		a, err := c.Svc.Account(ctx, c.Account.ID)
		return accountReloadMsg{acct: a, err: err}
	}
}

// submit sends the active form to the portal.
func (p *accountPage) submit() tea.Cmd {
	c := p.common
	switch p.mode {
	case modePassword:
		f := p.pwForm
		oldPW, newPW, repeat := f.value(0), f.value(1), f.value(2)
		return func() tea.Msg {
			return passwordDoneMsg{err: c.Svc.ChangePassword(c.Ctx, c.Account, oldPW, newPW, repeat, c.SessionID, c.Remote)}
		}
	case modeDeactivate:
		pw, code := p.offForm.value(0), p.offForm.value(1)
		return func() tea.Msg { return totpDeactivateMsg{err: c.Svc.DeactivateTOTP(c.Ctx, c.Account, pw, code)} }
	case modeRegenerate:
		code := p.regenForm.value(0)
		return func() tea.Msg {
			codes, err := c.Svc.RegenerateRecoveryCodesWithCode(c.Ctx, c.Account, code)
			return codesRenewedMsg{codes: codes, err: err}
		}
	case modeSetupCode:
		setup, code := p.setup, p.setupForm.value(0)
		return func() tea.Msg {
			codes, err := c.Svc.ActivateTOTP(c.Ctx, c.Account, setup, code)
			return totpActivatedMsg{codes: codes, err: err}
		}
	}
	p.busy = false
	return nil
}
