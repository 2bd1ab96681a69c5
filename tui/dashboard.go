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

func (d *dashboard) Title() string      { return "Dashboard" }
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
	greeting := "Welcome"
	if a.Name != "" {
		greeting += ", " + safetext.Escape(a.Name) // may predate the text rule
	}
	b.WriteString(s.Title.Render(ansi.Truncate(greeting, w, "…")))
	b.WriteString("\n")
	fmt.Fprintf(&b, "User ID  %s\nPortal   %s\n", ansi.Truncate(a.UserID, max(w-9, 1), "…"), a.Region)
	twoFA := "off - set it up under My account"
	if a.TOTPEnabled {
		twoFA = "on"
	}
	fmt.Fprintf(&b, "2FA      %s\n\n", twoFA)
	b.WriteString(s.Title.Render("Your phone numbers"))
	b.WriteString("\n")
	switch {
	case d.err != nil:
		b.WriteString(s.Error.Width(w).Render("Could not load your numbers: " + d.err.Error()))
	case !d.loaded:
		b.WriteString(s.Muted.Render("Loading..."))
	case len(d.numbers) == 0:
		b.WriteString(s.Muted.Width(w).Render("No phone numbers yet. Customer care assigns numbers and products."))
	default:
		// The lines left below the text so far (it ends in a newline).
		room := d.common.Height - lipgloss.Height(b.String()) + 1
		b.WriteString(numberTable(s, d.numbers, w, room))
	}
	return b.String()
}

// numberTable lists numbers with product and label in aligned columns, one
// line each, in at most height lines; the last says how many more there are.
func numberTable(s Styles, nums []portal.NumberView, width, height int) string {
	const numW, prodW = 17, 17
	labelW := max(width-numW-prodW-2, 1)
	row := func(n, p, l string) string {
		return fmt.Sprintf("%-*s %-*s %s", numW, n, prodW, ansi.Truncate(p, prodW, "…"), ansi.Truncate(l, labelW, "…"))
	}
	rows := []string{s.Muted.Render(row("Number", "Product", "Label"))}
	shown := len(nums)
	if shown > height-1 {
		shown = max(height-2, 0)
	}
	for _, n := range nums[:shown] {
		rows = append(rows, row(n.Formatted, n.ProductLabel(), n.Label))
	}
	if shown < len(nums) {
		rows = append(rows, s.Muted.Render(fmt.Sprintf("… and %d more under Phone numbers", len(nums)-shown)))
	}
	return lipgloss.JoinVertical(lipgloss.Left, rows...)
}
