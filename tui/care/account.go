package care

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/tui"
)

// accountState is the customer that is open.
type accountState struct {
	user    string
	d       *portal.AccountDetails
	err     string
	scroll  tui.ScrollBox
	keys    accountKeyMap
	status  string // the outcome of the last action
	failed  bool   // the last action failed
	loading bool
}

// detailsMsg carries what customer care sees about user.
type detailsMsg struct {
	user string
	d    portal.AccountDetails
	err  error
}

func (s *accountState) take(m detailsMsg) {
	if m.user != s.user {
		return
	}
	s.loading = false
	if m.err != nil {
		s.d, s.err = nil, m.err.Error()
	} else {
		s.d, s.err = &m.d, ""
		// The user ID is the key from now on, even if the search found
		// the account by its address.
		s.user = m.d.UserID
	}
	s.setKeys()
}

// setKeys enables the actions that apply to the customer shown.
func (s *accountState) setKeys() {
	d := s.d
	k := &s.keys
	for _, b := range []*key.Binding{&k.Reset, &k.TwoFactor, &k.Unlock, &k.Disable, &k.Enable, &k.AddNumber} {
		b.SetEnabled(d != nil)
	}
	if d == nil {
		return
	}
	k.Reset.SetEnabled(!d.Disabled)
	k.TwoFactor.SetEnabled(d.TwoFactor)
	k.Unlock.SetEnabled(d.Lock.ConsecutiveFailures > 0)
	k.Disable.SetEnabled(!d.Disabled)
	k.Enable.SetEnabled(d.Disabled)
	k.AddNumber.SetEnabled(d.Role == portal.RoleCustomer)
}

// open shows a customer and loads their details.
func (a *App) open(user string) tea.Cmd {
	a.account = accountState{user: user, keys: newAccountKeys(), loading: true}
	a.account.setKeys()
	a.screen = screenAccount
	a.help.ShowAll = false
	return a.loadDetails()
}

func (a *App) loadDetails() tea.Cmd {
	user, ctx, svc := a.account.user, a.c.Ctx, a.c.Svc
	return func() tea.Msg {
		d, err := svc.AccountDetails(ctx, user)
		return detailsMsg{user: user, d: d, err: err}
	}
}

func (a *App) updateAccount(km tea.KeyMsg) tea.Cmd {
	k := a.account.keys
	switch {
	case key.Matches(km, k.Back):
		a.screen = screenSearch
		a.help.ShowAll = false
		return a.runSearch() // the list shows the state after the actions
	case key.Matches(km, k.Reload):
		a.account.status = ""
		return a.loadDetails()
	case a.account.scroll.Update(km):
		return nil
	}
	for _, act := range actions {
		if b := act.binding(k); b.Enabled() && key.Matches(km, b) {
			return a.startAction(act)
		}
	}
	return nil
}

// accountView is the customer: state, numbers and recent events, with the
// outcome of the last action on top.
func (a *App) accountView(width, height int) string {
	s, st := &a.account, a.c.Styles
	var top strings.Builder
	top.WriteString(st.Title.UnsetMarginBottom().Render(cut(s.user, width)) + "\n")
	if s.status != "" {
		style := st.OK
		if s.failed {
			style = st.Error
		}
		top.WriteString(style.Render(wrap(s.status, width)) + "\n")
	}
	switch {
	case s.err != "":
		return top.String() + st.Error.Render(wrap(s.err, width)) + "\n"
	case s.d == nil:
		return top.String() + st.Muted.Render("Loading…") + "\n"
	}
	room := height - strings.Count(top.String(), "\n")
	return top.String() + s.scroll.View(st, detailsText(st, *s.d, width), room)
}

// detailsText is what `admin customer show` prints, laid out for width.
func detailsText(st tui.Styles, d portal.AccountDetails, width int) string {
	var b strings.Builder
	line := func(label, value string) {
		b.WriteString(st.Muted.Render(fmt.Sprintf("%-11s", label)) + cut(value, width-11) + "\n")
	}
	name := d.Name
	if name == "" {
		name = "-"
	}
	line("Name", name)
	line("Email", d.Email)
	state := "enabled"
	if d.Disabled {
		state = "DISABLED"
	}
	if d.Role == portal.RoleAdmin {
		state += fmt.Sprintf(", admin (%d SSH keys)", d.AdminKeys)
	}
	line("Portal", d.Region+", "+state)
	pw := "set"
	if !d.PasswordSet {
		pw = "never set (welcome link pending)"
	}
	line("Password", pw)
	twoFA := "off"
	if d.TwoFactor {
		twoFA = fmt.Sprintf("on, %d recovery codes left", d.RecoveryCodesLeft)
	}
	line("2FA", twoFA)
	line("Lock", lockText(d.Lock))
	line("Last login", whenPtr(d.LastLoginAt))
	b.WriteString("\n" + st.Key.Render(fmt.Sprintf("Numbers (%d)", len(d.Numbers))) + "\n")
	if len(d.Numbers) == 0 {
		b.WriteString(st.Muted.Render("  none") + "\n")
	}
	for _, n := range d.Numbers {
		prod := n.ProductName
		if n.TrunkE164 != "" {
			prod += " of " + portal.FormatNumber(n.TrunkE164)
		}
		if n.SIPCredentials {
			prod += ", SIP"
		}
		text := fmt.Sprintf("%-17s %s", n.Formatted, prod)
		if n.Label != "" {
			text += " · " + n.Label
		}
		b.WriteString("  " + cut(text, width-2) + "\n")
	}
	b.WriteString("\n" + st.Key.Render("Recent events") + "\n")
	if len(d.RecentEvents) == 0 {
		b.WriteString(st.Muted.Render("  none") + "\n")
	}
	for _, e := range d.RecentEvents {
		text := when(e.At) + "  " + e.Action + " by " + e.Actor
		if e.Detail != "" {
			text += ": " + e.Detail
		}
		b.WriteString("  " + cut(text, width-2) + "\n")
	}
	return b.String()
}

func lockText(l portal.LockState) string {
	switch {
	case l.Permanent:
		return fmt.Sprintf("locked until unlocked (%d failed logins)", l.ConsecutiveFailures)
	case l.LockedUntil != nil:
		return fmt.Sprintf("locked until %s (%d failed logins)", when(*l.LockedUntil), l.ConsecutiveFailures)
	case l.ConsecutiveFailures > 0:
		return fmt.Sprintf("not locked; %d failed logins", l.ConsecutiveFailures)
	}
	return "not locked"
}

// when is a time as the admin commands print it: UTC to the minute.
func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func whenPtr(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return when(*t)
}
