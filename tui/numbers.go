package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// numbersPage is the Phone numbers page: every number of the account in a
// list that a search narrows down, and the opened number's page.
type numbersPage struct {
	common  Common
	numbers []portal.NumberView
	shown   []portal.NumberView   // numbers that match the filter, in list order
	search  []portal.NumberSearch // numbers[i]'s digit forms, worked out once per load
	loaded  bool
	err     error
	list    listNav
	filter  textinput.Model
	detail  *numberPage // the opened number, nil on the list
}

var numbersKeys = struct {
	Open, Filter, Clear, Edit key.Binding
}{
	Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open number")),
	Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
	Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
}

func newNumbersPage(c Common) *numbersPage {
	p := &numbersPage{common: c, filter: newLineInput(c.Styles, 0)}
	p.layout()
	return p
}

func (p *numbersPage) Title() string { return p.common.T("page.numbers") }

// Capturing is true while the search or the opened number takes text.
func (p *numbersPage) Capturing() bool {
	if p.detail != nil {
		return p.detail.Capturing()
	}
	return p.filter.Focused()
}

func (p *numbersPage) SetCommon(c Common) {
	p.common = c
	p.layout()
	if p.detail != nil {
		p.detail.common = c
	}
}

// Init reloads the list each time the page is shown, and masks an opened
// number's password again: a password stays on screen only while the
// customer looks at it.
func (p *numbersPage) Init() tea.Cmd {
	cmds := []tea.Cmd{loadNumbers(p.common)}
	if p.detail != nil {
		cmds = append(cmds, p.detail.reload())
	}
	return tea.Batch(cmds...)
}

// ShortHelp is the page's part of the footer, most important first.
func (p *numbersPage) ShortHelp() []key.Binding {
	switch {
	case p.detail != nil:
		return p.detail.ShortHelp()
	case p.filter.Focused():
		return []key.Binding{numbersKeys.Open, listMoveHelp, numbersKeys.Clear}
	case p.filter.Value() != "":
		return []key.Binding{numbersKeys.Open, listMoveHelp, numbersKeys.Filter, numbersKeys.Clear}
	}
	return []key.Binding{numbersKeys.Open, listMoveHelp, numbersKeys.Filter}
}

// FullHelp is every key of the page.
func (p *numbersPage) FullHelp() [][]key.Binding {
	if p.detail != nil {
		return p.detail.FullHelp()
	}
	return [][]key.Binding{
		{numbersKeys.Open, numbersKeys.Filter, numbersKeys.Clear},
		{listKeys.Up, listKeys.Down, listKeys.PageUp, listKeys.PageDown, listKeys.Top, listKeys.Bottom},
	}
}

func (p *numbersPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	if m, ok := msg.(numbersLoadedMsg); ok {
		p.numbers, p.err, p.loaded = m.numbers, m.err, true
		p.search = make([]portal.NumberSearch, len(m.numbers))
		for i, n := range m.numbers {
			p.search[i] = portal.NewNumberSearch(n.E164)
		}
		cursor := p.list.cursor
		p.applyFilter()
		p.list.cursor = cursor
		p.list.resize(len(p.shown))
		return p, nil
	}
	if p.detail != nil {
		cmd := p.detail.update(msg)
		if p.detail.closed {
			p.detail = nil
		}
		return p, cmd
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.filter.Focused() {
		return p, p.updateFilter(km)
	}
	switch {
	case key.Matches(km, numbersKeys.Open):
		return p, p.open()
	case key.Matches(km, numbersKeys.Filter):
		return p, p.filter.Focus()
	case key.Matches(km, numbersKeys.Clear):
		p.filter.SetValue("")
		p.applyFilter()
		return p, nil
	}
	p.list.update(km, false)
	return p, nil
}

// updateFilter handles a key while the search has focus: text narrows the
// list at once, arrows and page keys still move, enter opens the selected
// number.
func (p *numbersPage) updateFilter(km tea.KeyMsg) tea.Cmd {
	switch km.Type {
	case tea.KeyEnter:
		p.filter.Blur()
		return p.open()
	case tea.KeyEsc:
		p.filter.Blur()
		p.filter.SetValue("")
		p.applyFilter()
		return nil
	}
	if p.list.update(km, true) {
		return nil
	}
	before := p.filter.Value()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(km)
	if p.filter.Value() != before {
		p.applyFilter()
	}
	return cmd
}

func (p *numbersPage) open() tea.Cmd {
	i := p.list.cursor
	if i < 0 || i >= len(p.shown) {
		return nil
	}
	p.detail = newNumberPage(p.common, p.shown[i])
	return p.detail.reload()
}

// applyFilter picks the numbers that match and starts the list at the
// first of them.
func (p *numbersPage) applyFilter() {
	p.shown = p.shown[:0]
	q := portal.NewNumberQuery(p.filter.Value(), p.common.Account.Region)
	for i, n := range p.numbers {
		if matchesNumber(p.common.V(), n, p.search[i], q) {
			p.shown = append(p.shown, n)
		}
	}
	p.list.setLen(len(p.shown))
	p.layout()
}

// layout fits the list to the page: title (2 lines), search line and its
// gap (2), the column header and the scroll position line.
func (p *numbersPage) layout() {
	p.list.setHeight(p.common.Height - 6)
}
