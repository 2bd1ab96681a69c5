package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// headerView is the brand and who is signed in. A user ID too long for the
// line ends in an ellipsis, so a cut is never mistaken for the whole ID.
func (a *App) headerView() string {
	c, s := a.common, a.common.Styles
	brand := s.Brand.Render(c.Svc.Cfg.Brand)
	room := c.Width - 2 - lipgloss.Width(brand) - 2
	who := c.T("tui.signed_in_as", c.Account.UserID)
	if len(who) > room {
		who = ansi.Truncate(c.Account.UserID, max(room, 1), "…")
	}
	user := s.User.Render(who)
	gap := max(c.Width-2-lipgloss.Width(brand)-lipgloss.Width(user), 1)
	return s.Header.Render(brand + strings.Repeat(" ", gap) + user)
}

// headerKey is what the header is drawn from.
func (a *App) headerKey() string {
	c := a.common
	return strconv.Itoa(c.Width) + "\x00" + c.Svc.Cfg.Brand + "\x00" + c.T("tui.signed_in_as", c.Account.UserID)
}

// tabsKey is what the tabs are drawn from.
func (a *App) tabsKey() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(a.common.Width))
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(a.active))
	for _, p := range a.pages {
		b.WriteByte('\x00')
		b.WriteString(p.Title())
	}
	return b.String()
}

// tabsView is the page tabs, numbered from the page list. The active tab is
// in reverse video and, where the terminal gets no styling, marked ▸. Below
// the width of padded tabs they lose their padding but keep the margin.
func (a *App) tabsView() string {
	s := a.common.Styles
	labels := make([]string, len(a.pages))
	wide := 0
	for i, p := range a.pages {
		labels[i] = fmt.Sprintf("%d %s", i+1, p.Title())
		wide += len(labels[i]) + 2
	}
	pad := wide <= a.common.Width
	var b strings.Builder
	for i, l := range labels {
		left, right := " ", " "
		if !pad {
			// One space before each tab: between them, and before the
			// first the one-column margin every line of the portal keeps.
			left, right = "", ""
			b.WriteString(" ")
		}
		if i == a.active {
			if s.NoColor {
				left = "▸"
			}
			b.WriteString(s.TabActive.Render(left + l + right))
			continue
		}
		b.WriteString(s.Tab.Render(left + l + right))
	}
	return b.String()
}
