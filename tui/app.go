package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/db"
)

// Page is one screen of the portal.
type Page interface {
	Init() tea.Cmd
	Update(tea.Msg) (Page, tea.Cmd)
	View() string
	SetCommon(Common)
	Title() string
	// Capturing reports that the page is taking text input, so global
	// single-letter keys (q, digits) go to the page instead.
	Capturing() bool
}

// fullScreener is a page that sometimes needs the whole terminal (the QR
// code of the 2FA setup does not fit between header and help bar at 80x24).
type fullScreener interface{ FullScreen() bool }

// AccountChangedMsg tells every page that the signed-in account changed
// (a new password, 2FA turned on or off).
type AccountChangedMsg struct{ Account db.Account }

// App is the root model: header, the active page, and the help bar.
type App struct {
	common Common
	pages  []Page
	active int
	help   help.Model
}

// New builds the portal for one session.
func New(c Common) *App {
	a := &App{common: c, help: help.New()}
	a.pages = []Page{
		newDashboard(c),
		newNumbersPage(c),
		newMusicPage(c),
		newAccountPage(c),
		newHelpPage(c),
	}
	a.help.Styles.ShortKey = c.Styles.Key
	return a
}

// Init loads the first page's data.
func (a *App) Init() tea.Cmd { return a.pages[a.active].Init() }

// Update routes messages: global keys here, everything else to the active page only.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.common.Width, a.common.Height = msg.Width, msg.Height
		a.common.ScreenWidth, a.common.ScreenHeight = msg.Width, msg.Height
		a.help.Width = msg.Width
		for _, p := range a.pages {
			p.SetCommon(a.pageCommon())
		}
		return a, nil
	case AccountChangedMsg:
		a.common.Account = msg.Account
		for _, p := range a.pages {
			p.SetCommon(a.pageCommon())
		}
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return a, tea.Quit
		}
		if !a.pages[a.active].Capturing() {
			switch {
			case key.Matches(msg, keys.Quit):
				return a, tea.Quit
			case key.Matches(msg, keys.Next):
				return a, a.switchTo((a.active + 1) % len(a.pages))
			case key.Matches(msg, keys.Prev):
				return a, a.switchTo((a.active + len(a.pages) - 1) % len(a.pages))
			case key.Matches(msg, keys.More):
				a.help.ShowAll = !a.help.ShowAll
				return a, nil
			case key.Matches(msg, keys.Dashboard, keys.Numbers, keys.Music, keys.Account, keys.Help):
				return a, a.switchTo(int(msg.String()[0] - '1'))
			}
		}
	}
	p, cmd := a.pages[a.active].Update(msg)
	a.pages[a.active] = p
	return a, cmd
}

func (a *App) switchTo(i int) tea.Cmd {
	if i == a.active {
		return nil
	}
	a.active = i
	return a.pages[i].Init()
}

// pageCommon is the space left for a page below the header and above the help bar.
func (a *App) pageCommon() Common {
	c := a.common
	c.Width = max(c.Width-2, 0)
	c.Height = max(c.Height-4, 0)
	return c
}

// View draws the whole screen.
func (a *App) View() string {
	c := a.common
	if c.Width == 0 {
		return "" // no size yet: the first WindowSizeMsg follows at once
	}
	if c.Width < MinWidth || c.Height < MinHeight {
		msg := fmt.Sprintf("Please enlarge the window to at least %dx%d (now %dx%d).\n\nq quits.", MinWidth, MinHeight, c.Width, c.Height)
		return lipgloss.Place(c.Width, c.Height, lipgloss.Center, lipgloss.Center, msg)
	}
	if fs, ok := a.pages[a.active].(fullScreener); ok && fs.FullScreen() {
		return lipgloss.NewStyle().MaxWidth(c.Width).MaxHeight(c.Height).Render(a.pages[a.active].View())
	}
	s := c.Styles
	var tabs []string
	for i, p := range a.pages {
		label := fmt.Sprintf("%d %s", i+1, p.Title())
		if i == a.active {
			tabs = append(tabs, s.TabActive.Render(label))
		} else {
			tabs = append(tabs, s.Tab.Render(label))
		}
	}
	brand := s.Brand.Render(c.Svc.Cfg.Brand)
	user := s.User.Render("signed in as " + c.Account.UserID)
	gap := max(c.Width-lipgloss.Width(brand)-lipgloss.Width(user)-2, 1)
	header := s.Header.Render(brand + strings.Repeat(" ", gap) + user)
	tabBar := lipgloss.JoinHorizontal(lipgloss.Top, tabs...)

	// MaxWidth: help drops keys that do not fit, except when its ellipsis
	// does not fit either; then it overflows.
	footer := lipgloss.NewStyle().MaxWidth(c.Width).Render(" " + a.help.View(helpKeys(a.pages[a.active])))
	bodyHeight := max(c.Height-2-lipgloss.Height(footer), 0)
	body := lipgloss.NewStyle().Width(c.Width).Height(bodyHeight).MaxHeight(bodyHeight).PaddingLeft(1).
		Render(a.pages[a.active].View())
	return lipgloss.JoinVertical(lipgloss.Left, header, tabBar, body, footer)
}
