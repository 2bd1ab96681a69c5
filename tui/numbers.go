package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// numbersPage is the Phone numbers page: every number of the account in a
// table that a filter narrows down, and the opened number's page.
type numbersPage struct {
	common  Common
	numbers []portal.NumberView
	shown   []portal.NumberView // numbers that match the filter, in table order
	loaded  bool
	err     error
	table   table.Model
	filter  textinput.Model
	detail  *numberPage // the opened number, nil on the list
}

var numbersKeys = struct {
	Open, Filter, Clear, Move key.Binding
}{
	Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open number")),
	Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
	Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
	Move:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "select")),
}

func newNumbersPage(c Common) *numbersPage {
	p := &numbersPage{common: c, filter: newLineInput(0)}
	// The table is built with the session's styles so the selection shows
	// in the customer's terminal, not in the server's colour profile.
	st := table.DefaultStyles()
	st.Header = c.Styles.Muted.Padding(0, 1)
	st.Cell = c.Styles.Tab
	st.Selected = c.Styles.TabActive.UnsetPadding()
	km := table.DefaultKeyMap()
	// Space, b, f, d, u and g are text for the search; keep arrows and
	// page keys only.
	km.PageDown.SetKeys("pgdown")
	km.PageUp.SetKeys("pgup")
	km.HalfPageDown.SetKeys("ctrl+d")
	km.HalfPageUp.SetKeys("ctrl+u")
	km.GotoTop.SetKeys("home")
	km.GotoBottom.SetKeys("end")
	km.LineUp.SetKeys("up")
	km.LineDown.SetKeys("down")
	p.table = table.New(table.WithStyles(st), table.WithKeyMap(km), table.WithFocused(true))
	p.layout()
	return p
}

func (p *numbersPage) Title() string { return "Phone numbers" }

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

// ShortHelp is the page's part of the help bar.
func (p *numbersPage) ShortHelp() []key.Binding {
	switch {
	case p.detail != nil:
		return p.detail.ShortHelp()
	case p.filter.Focused():
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
			numbersKeys.Move,
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		}
	case p.filter.Value() != "":
		return []key.Binding{numbersKeys.Open, numbersKeys.Move, numbersKeys.Filter, numbersKeys.Clear}
	}
	return []key.Binding{numbersKeys.Open, numbersKeys.Move, numbersKeys.Filter}
}

func (p *numbersPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	if m, ok := msg.(numbersLoadedMsg); ok {
		p.numbers, p.err, p.loaded = m.numbers, m.err, true
		p.applyFilter()
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
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(km)
	return p, cmd
}

// updateFilter handles a key while the search has focus: text narrows the
// list at once, arrows still move, enter opens the selected number.
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
	case tea.KeyUp, tea.KeyDown, tea.KeyPgUp, tea.KeyPgDown:
		var cmd tea.Cmd
		p.table, cmd = p.table.Update(km)
		return cmd
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
	i := p.table.Cursor()
	if i < 0 || i >= len(p.shown) {
		return nil
	}
	p.detail = newNumberPage(p.common, p.shown[i])
	return p.detail.reload()
}

// applyFilter rebuilds the table's rows from the numbers that match.
func (p *numbersPage) applyFilter() {
	p.shown = p.shown[:0]
	rows := make([]table.Row, 0, len(p.numbers))
	for _, n := range p.numbers {
		if matchesNumber(n, p.filter.Value()) {
			p.shown = append(p.shown, n)
			rows = append(rows, table.Row{n.Formatted, n.ProductLabel(), n.Status, n.Label})
		}
	}
	p.table.SetRows(rows)
	if p.table.Cursor() < 0 && len(rows) > 0 {
		p.table.SetCursor(0)
	}
}

// layout fits the table's columns and height to the page.
func (p *numbersPage) layout() {
	w := max(p.common.Width, MinWidth-2)
	// Each cell has one column of padding on both sides.
	label := max(w-(20+2)-(19+2)-(10+2)-2, 10)
	p.table.SetColumns([]table.Column{
		{Title: "Number", Width: 20}, {Title: "Product", Width: 19}, {Title: "Status", Width: 10}, {Title: "Label", Width: label},
	})
	// Title (2 lines), search line and its gap (2), one line of slack.
	p.table.SetHeight(max(p.common.Height-5, 3))
}

func (p *numbersPage) View() string {
	if p.detail != nil {
		return p.detail.View()
	}
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Phone numbers"))
	b.WriteString("\n")
	switch {
	case p.err != nil:
		b.WriteString(s.Error.Render("Could not load your numbers: " + p.err.Error() + "\nSwitch pages and back to try again."))
		return b.String()
	case !p.loaded:
		b.WriteString(s.Muted.Render("Loading..."))
		return b.String()
	case len(p.numbers) == 0:
		b.WriteString(s.Muted.Render("No phone numbers yet. Customer care assigns numbers and products: " + p.common.Svc.Cfg.CareEmail))
		return b.String()
	}
	b.WriteString(searchLine(s, p.filter, len(p.shown), len(p.numbers)))
	b.WriteString("\n\n")
	if len(p.shown) == 0 {
		b.WriteString(s.Muted.Render(fmt.Sprintf("No number matches %q. esc clears the search.", p.filter.Value())))
		return b.String()
	}
	b.WriteString(p.table.View())
	return b.String()
}

// matchesNumber reports whether a number matches the search: any part of
// its number (also typed as 044 555...), product, label or status.
func matchesNumber(n portal.NumberView, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	text := strings.ToLower(strings.Join([]string{n.Formatted, n.E164, n.ProductLabel(), string(n.Product), n.Label, n.Status}, " "))
	if strings.Contains(text, q) {
		return true
	}
	// Digits alone: compare with the digits of the number, international
	// (41445550199) and national (0445550199).
	qd := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '+' || r == '-':
			return -1
		}
		return 'x'
	}, q)
	if qd == "" || strings.Contains(qd, "x") {
		return false
	}
	intl := strings.TrimPrefix(n.E164, "+")
	national := ""
	if len(intl) > 2 {
		national = "0" + intl[2:]
	}
	return strings.Contains(intl, qd) || strings.Contains(national, qd)
}

// searchLine is the line above the table: the search, and how many
// numbers match it.
func searchLine(s Styles, f textinput.Model, shown, total int) string {
	switch {
	case f.Focused():
		return s.Key.Render("Search: ") + f.View() + s.Muted.Render(fmt.Sprintf("   %d of %d", shown, total))
	case f.Value() != "":
		return s.Key.Render("Search: ") + f.Value() + s.Muted.Render(fmt.Sprintf("   %d of %d  (/ edits, esc clears)", shown, total))
	}
	if total == 1 {
		return s.Muted.Render("1 number.")
	}
	return s.Muted.Render(fmt.Sprintf("%d numbers. Type / to search by number, product or label.", total))
}

// newLineInput is a one-line input for the portal's pages: the package's
// input (paste off), no prompt, and a steady cursor, because a blinking one
// would send a frame over the network twice a second while nothing changes.
// limit caps the runes; 0 means no cap.
func newLineInput(limit int) textinput.Model {
	in := newInput()
	in.Prompt = ""
	in.CharLimit = limit
	_ = in.Cursor.SetMode(cursor.CursorStatic)
	return in
}
