// Package care is customer care's full-screen terminal: search customers,
// open one, and act on it (reset link, 2FA reset, unlock, disable and
// enable, add a number). It calls the same portal methods as the `admin`
// ssh commands, with the admin as actor and the admin's address, so every
// change is audited exactly as the command audits it. It speaks English
// and reuses the portal TUI's styles, form, list and footer.
package care

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/tui"
)

// Common is what the care terminal needs from its session.
type Common struct {
	Ctx    context.Context
	Svc    *portal.Service
	Actor  portal.CareActor // the admin, their address and SSH session
	Styles tui.Styles
}

// screen is what the terminal shows now.
type screen int

const (
	screenSearch  screen = iota // the customer search
	screenAccount               // one customer
	screenForm                  // an action's input (2FA reset, add number)
	screenConfirm               // an action waiting for y or n
)

// App is the care terminal's root model.
type App struct {
	c      Common
	width  int
	height int
	screen screen
	help   help.Model

	search  searchState
	account accountState
	act     actionState
}

// New builds the care terminal of one admin session.
func New(c Common) *App {
	a := &App{c: c, help: tui.NewHelp(c.Styles)}
	a.search = newSearchState(c.Styles)
	return a
}

// Init lists the first customers and focuses the search.
func (a *App) Init() tea.Cmd {
	return tea.Batch(a.search.query.Focus(), a.runSearch())
}

func (a *App) tooSmall() bool { return a.width < tui.MinWidth || a.height < tui.MinHeight }

// Update routes keys to the active screen; results of the portal calls
// come back as messages.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a, nil
	case searchResultMsg:
		a.search.take(msg)
		return a, nil
	case detailsMsg:
		a.account.take(msg)
		return a, nil
	case actionDoneMsg:
		return a, a.actionDone(msg)
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return a, tea.Quit
		}
		if a.tooSmall() {
			// Nothing behind the "enlarge" screen is visible, so no key
			// but quit may act on it.
			if key.Matches(msg, globalKeys.Quit) {
				return a, tea.Quit
			}
			return a, nil
		}
		if !a.capturing() {
			switch {
			case key.Matches(msg, globalKeys.Quit):
				return a, tea.Quit
			case key.Matches(msg, globalKeys.Help):
				a.help.ShowAll = !a.help.ShowAll
				return a, nil
			}
		}
		switch a.screen {
		case screenSearch:
			return a, a.updateSearch(msg)
		case screenAccount:
			return a, a.updateAccount(msg)
		case screenForm:
			return a, a.updateForm(msg)
		case screenConfirm:
			return a, a.updateConfirm(msg)
		}
	}
	return a, nil
}

// capturing is true while text is typed: q and ? are text then.
func (a *App) capturing() bool {
	return a.screen == screenForm || (a.screen == screenSearch && a.search.typing)
}

// View draws the header, the screen and the footer of key hints.
func (a *App) View() string {
	if a.width == 0 {
		return ""
	}
	if a.tooSmall() {
		msg := fmt.Sprintf("Please enlarge the window to\nat least %dx%d (now %dx%d).\n\nq quits.", tui.MinWidth, tui.MinHeight, a.width, a.height)
		return lipgloss.NewStyle().MaxWidth(a.width).MaxHeight(a.height).
			Render(lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, msg))
	}
	keep := 2
	if a.capturing() {
		keep = 0
	}
	footer := tui.FooterView(a.help, a.keyMap(), keep, a.width)
	bodyHeight := max(a.height-1-lipgloss.Height(footer), 0)
	inner := max(a.width-2, 0)
	var body string
	switch a.screen {
	case screenSearch:
		body = a.searchView(inner, bodyHeight)
	case screenAccount:
		body = a.accountView(inner, bodyHeight)
	case screenForm:
		body = a.formView(inner)
	case screenConfirm:
		body = a.confirmView(inner)
	}
	body = lipgloss.NewStyle().PaddingLeft(1).MaxWidth(a.width).Height(bodyHeight).MaxHeight(bodyHeight).Render(body)
	return lipgloss.JoinVertical(lipgloss.Left, a.headerView(), body, footer)
}

// headerView is the brand, "customer care" and the admin signed in.
func (a *App) headerView() string {
	s := a.c.Styles
	brand := s.Brand.Render(a.c.Svc.Cfg.Brand) + " " + s.Title.UnsetMarginBottom().Render("customer care")
	room := a.width - 2 - lipgloss.Width(brand) - 2
	who := "admin " + a.c.Actor.Admin.UserID
	if len(who) > room {
		who = ansi.Truncate(a.c.Actor.Admin.UserID, max(room, 1), "…")
	}
	user := s.User.Render(who)
	gap := max(a.width-2-lipgloss.Width(brand)-lipgloss.Width(user), 1)
	return s.Header.Render(brand + strings.Repeat(" ", gap) + user)
}

// clean keeps control characters (terminal escapes in a name, a label or an
// event's detail) off the admin's terminal: each becomes "?".
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}

// cut fits s into w columns, ending in … when it was longer.
func cut(s string, w int) string { return ansi.Truncate(clean(s), max(w, 1), "…") }

// pad fits s into exactly w columns.
func pad(s string, w int) string {
	s = cut(s, w)
	return s + strings.Repeat(" ", max(w-lipgloss.Width(s), 0))
}

// wrap breaks s into lines of at most w columns.
func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(w, 10)).Render(clean(s))
}
