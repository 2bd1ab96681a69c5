package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/safetext"
)

// numbersLoadedMsg carries the account's numbers from the store.
type numbersLoadedMsg struct {
	numbers []portal.NumberView
	err     error
}

func loadNumbers(c Common) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := c.storeCtx()
		defer cancel()
		n, err := c.Svc.Numbers(ctx, c.Account.ID)
		return numbersLoadedMsg{numbers: n, err: c.explain(err, "load the numbers")}
	}
}

// dashboard is the landing page: who is signed in and the account's numbers
// with their products.
type dashboard struct {
	common  Common
	numbers []portal.NumberView
	loaded  bool
	err     error
}

func newDashboard(c Common) *dashboard { return &dashboard{common: c} }

func (d *dashboard) Title() string      { return d.common.T("page.dashboard") }
func (d *dashboard) Capturing() bool    { return false }
func (d *dashboard) SetCommon(c Common) { d.common = c }
func (d *dashboard) Init() tea.Cmd      { return loadNumbers(d.common) }

// ShortHelp: the dashboard has no keys of its own.
func (d *dashboard) ShortHelp() []key.Binding { return nil }

// FullHelp: the dashboard has no keys of its own.
func (d *dashboard) FullHelp() [][]key.Binding { return nil }

func (d *dashboard) Update(msg tea.Msg) (Page, tea.Cmd) {
	if m, ok := msg.(numbersLoadedMsg); ok {
		d.numbers, d.err, d.loaded = m.numbers, m.err, true
	}
	return d, nil
}

func (d *dashboard) View() string {
	s := d.common.Styles
	a := d.common.Account
	w := pageWidth(d.common)
	var b strings.Builder
	c := d.common
	greeting := c.T("dashboard.welcome")
	if a.Name != "" {
		greeting = c.T("dashboard.welcome_name", safetext.Escape(a.Name)) // may predate the text rule
	}
	b.WriteString(s.Title.Render(ansi.Truncate(greeting, w, "…")))
	b.WriteString("\n")
	labels := []string{c.T("dashboard.user_id"), c.T("dashboard.portal"), c.T("dashboard.2fa")}
	lw := 0
	for _, l := range labels {
		lw = max(lw, ansi.StringWidth(l))
	}
	twoFA := c.T("dashboard.2fa_off")
	if a.TOTPEnabled {
		twoFA = c.T("dashboard.2fa_on")
	}
	for i, v := range []string{a.UserID, a.Region, twoFA} {
		line := fmt.Sprintf("%-*s  %s", lw, labels[i], v)
		if i == 2 {
			b.WriteString(lipgloss.NewStyle().Width(w).Render(line) + "\n")
			continue
		}
		b.WriteString(ansi.Truncate(line, w, "…") + "\n")
	}
	b.WriteString("\n")
	b.WriteString(s.Title.Render(c.T("dashboard.your_numbers")))
	b.WriteString("\n")
	switch {
	case d.err != nil:
		b.WriteString(s.Error.Width(w).Render(c.T("numbers.load_error", c.V().Error(d.err))))
	case !d.loaded:
		b.WriteString(s.Muted.Render(c.T("state.loading")))
	case len(d.numbers) == 0:
		b.WriteString(s.Muted.Width(w).Render(c.T("numbers.none")))
	default:
		// The lines left below the text so far (it ends in a newline).
		room := d.common.Height - lipgloss.Height(b.String()) + 1
		b.WriteString(numberTable(c, d.numbers, w, room))
	}
	return b.String()
}

// numberTable lists numbers with product and label in aligned columns, one
// line each, in at most height lines; the last says how many more there are.
func numberTable(c Common, nums []portal.NumberView, width, height int) string {
	s := c.Styles
	const numW = 17
	prodW := productWidth(c)
	labelW := max(width-numW-prodW-2, 1)
	row := func(n, p, l string) string {
		return fmt.Sprintf("%-*s %-*s %s", numW, n, prodW, ansi.Truncate(p, prodW, "…"), ansi.Truncate(l, labelW, "…"))
	}
	rows := []string{s.Muted.Render(row(c.T("numbers.col_number"), c.T("numbers.col_product"), c.T("numbers.col_label")))}
	shown := len(nums)
	if shown > height-1 {
		shown = max(height-2, 0)
	}
	for _, n := range nums[:shown] {
		rows = append(rows, row(n.Formatted, c.V().Product(n.Product), n.Label))
	}
	if shown < len(nums) {
		rows = append(rows, s.Muted.Render(ansi.Truncate("… "+c.T("dashboard.more_numbers", len(nums)-shown), width, "…")))
	}
	return lipgloss.JoinVertical(lipgloss.Left, rows...)
}
