package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/db"
)

// Page is one screen of the portal. Its ShortHelp and FullHelp declare the
// keys that apply now; the footer and the ? overlay show them.
type Page interface {
	help.KeyMap
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
	keys   globalKeys
	help   help.Model

	headerCache, tabsCache, footerCache partCache
	// laidOut is the page size last given to the pages, so they are told
	// again only when the footer (the ? overlay) or the window changed it.
	laidOut [2]int
}

// New builds the portal for one session.
func New(c Common) *App {
	a := &App{common: c, help: newHelp(c.Styles)}
	a.pages = []Page{
		newDashboard(c),
		newNumbersPage(c),
		newMusicPage(c),
		newAccountPage(c),
		newHelpPage(c),
	}
	a.keys = newGlobalKeys(c, a.pages)
	return a
}

// Init loads the first page's data.
func (a *App) Init() tea.Cmd { return a.pages[a.active].Init() }

// tooSmall is true below the size every page is laid out for.
func (a *App) tooSmall() bool {
	return a.common.Width < MinWidth || a.common.Height < MinHeight
}

// Update routes messages: global keys here, everything else to the active page only.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.common.Width, a.common.Height = msg.Width, msg.Height
		a.common.ScreenWidth, a.common.ScreenHeight = msg.Width, msg.Height
		a.layout()
		return a, nil
	case VoiceChangedMsg:
		return a, a.revoice(msg)
	case AccountChangedMsg:
		a.common.Account = msg.Account
		a.layout()
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return a, tea.Quit
		}
		if a.tooSmall() {
			// Nothing behind the "enlarge" screen is visible, so no key
			// but quit may act on it.
			if key.Matches(msg, a.keys.Quit) {
				return a, tea.Quit
			}
			return a, nil
		}
		if !a.pages[a.active].Capturing() {
			if cmd, ok := a.globalKey(msg); ok {
				a.relayout()
				return a, cmd
			}
		}
	}
	p, cmd := a.pages[a.active].Update(msg)
	a.pages[a.active] = p
	// The page's keys may have changed (a number opened, a form), and with
	// them the height of the ? overlay.
	a.relayout()
	return a, cmd
}

// globalKey acts on the portal's own keys and reports whether msg was one.
func (a *App) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, a.keys.Quit):
		return tea.Quit, true
	case key.Matches(msg, a.keys.Next):
		return a.switchTo((a.active + 1) % len(a.pages)), true
	case key.Matches(msg, a.keys.Prev):
		return a.switchTo((a.active + len(a.pages) - 1) % len(a.pages)), true
	case key.Matches(msg, a.keys.Help):
		a.help.ShowAll = !a.help.ShowAll
		return nil, true
	}
	for i, k := range a.keys.Page {
		if key.Matches(msg, k) {
			return a.switchTo(i), true
		}
	}
	return nil, false
}

func (a *App) switchTo(i int) tea.Cmd {
	if i == a.active {
		return nil
	}
	a.active = i
	return a.pages[i].Init()
}

// pageCommon is the space left for a page below the header and the tabs,
// above the footer as it is drawn now (one line, or the ? overlay), inside
// the one-column margin on the left. Sizing from the drawn footer keeps a
// list's selection and its position line on screen while the overlay is
// open; keys keep acting on the page, as in soft-serve, whose footer the
// overlay is modelled on.
func (a *App) pageCommon() Common {
	c := a.common
	c.Width = max(c.Width-2, 0)
	c.Height = max(c.Height-2-a.footerHeight(), 0)
	return c
}

// footerHeight is the lines the footer takes for the active page now.
func (a *App) footerHeight() int {
	if a.common.Width == 0 {
		return 1
	}
	return lipgloss.Height(footerView(a.help, a.keyMap(), a.common.Width))
}

// layout gives every page its size.
func (a *App) layout() {
	pc := a.pageCommon()
	a.laidOut = [2]int{pc.Width, pc.Height}
	for _, p := range a.pages {
		p.SetCommon(pc)
	}
}

// relayout gives the pages their size again when the footer's height
// changed it (the ? overlay opened or closed, or the page's keys changed).
func (a *App) relayout() {
	pc := a.pageCommon()
	if [2]int{pc.Width, pc.Height} != a.laidOut {
		a.layout()
	}
}

// keyMap is what applies on the active page now.
func (a *App) keyMap() pageKeyMap {
	p := a.pages[a.active]
	return pageKeyMap{common: a.common, page: p, global: a.keys, capturing: p.Capturing()}
}

// View draws the whole screen.
func (a *App) View() string {
	c := a.common
	if c.Width == 0 {
		return "" // no size yet: the first WindowSizeMsg follows at once
	}
	if a.tooSmall() {
		msg := lipgloss.NewStyle().Width(min(c.Width, 30)).Render(c.T("tui.too_small", MinWidth, MinHeight, c.Width, c.Height) + "\n\n" + c.T("tui.q_quits"))
		return lipgloss.NewStyle().MaxWidth(c.Width).MaxHeight(c.Height).
			Render(lipgloss.Place(c.Width, c.Height, lipgloss.Center, lipgloss.Center, msg))
	}
	page := a.pages[a.active]
	if fs, ok := page.(fullScreener); ok && fs.FullScreen() {
		return lipgloss.NewStyle().MaxWidth(c.Width).MaxHeight(c.Height).Render(page.View())
	}
	header := a.headerCache.render(a.headerKey(), a.headerView)
	tabs := a.tabsCache.render(a.tabsKey(), a.tabsView)
	// The page first: whether it scrolls decides which keys the footer shows.
	view := page.View()
	km := a.keyMap()
	footer := a.footerCache.render(footerKey(a.help, km, footerKeep(km), c.Width), func() string {
		return footerView(a.help, km, c.Width)
	})
	bodyHeight := max(c.Height-2-lipgloss.Height(footer), 0)
	// Pages fit their width themselves; MaxWidth only guards the frame.
	body := lipgloss.NewStyle().PaddingLeft(1).MaxWidth(c.Width).Height(bodyHeight).MaxHeight(bodyHeight).Render(view)
	return lipgloss.JoinVertical(lipgloss.Left, header, tabs, body, footer)
}

// revoice redraws the portal in a new voice (the customer chose another
// language or time zone): the pages are built again, since their key
// hints and form labels are in the old language, and the active page
// stays, saying what changed.
func (a *App) revoice(msg VoiceChangedMsg) tea.Cmd {
	a.common.Voice = msg.Voice
	active := a.active
	fresh := New(a.common)
	a.pages, a.keys, a.active = fresh.pages, fresh.keys, active
	a.layout()
	for _, p := range a.pages {
		if acc, ok := p.(*accountPage); ok {
			acc.notice = msg.Notice
		}
	}
	return a.pages[a.active].Init()
}
