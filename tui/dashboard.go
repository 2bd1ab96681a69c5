package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sipdesk/sipdesk/portal"
)

// numbersLoadedMsg carries the account's numbers from the store.
type numbersLoadedMsg struct {
	numbers []portal.NumberView
	err     error
}

func loadNumbers(c Common) tea.Cmd {
	return func() tea.Msg {
		n, err := c.Svc.Numbers(c.Ctx, c.Account.ID)
		return numbersLoadedMsg{numbers: n, err: err}
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

func (d *dashboard) Update(msg tea.Msg) (Page, tea.Cmd) {
	if m, ok := msg.(numbersLoadedMsg); ok {
		d.numbers, d.err, d.loaded = m.numbers, m.err, true
	}
	return d, nil
}

func (d *dashboard) View() string {
	s := d.common.Styles
	a := d.common.Account
	var b strings.Builder
	greeting := "Welcome"
	if a.Name != "" {
		greeting += ", " + a.Name
	}
	b.WriteString(s.Title.Render(greeting))
	b.WriteString("\n")
	fmt.Fprintf(&b, "User ID  %s\nPortal   %s\n", a.UserID, a.Region)
	twoFA := "off - set it up under My account"
	if a.TOTPEnabled {
		twoFA = "on"
	}
	fmt.Fprintf(&b, "2FA      %s\n\n", twoFA)
	b.WriteString(s.Title.Render("Your phone numbers"))
	b.WriteString("\n")
	switch {
	case d.err != nil:
		b.WriteString(s.Error.Render("Could not load your numbers: " + d.err.Error()))
	case !d.loaded:
		b.WriteString(s.Muted.Render("Loading..."))
	case len(d.numbers) == 0:
		b.WriteString(s.Muted.Render("No phone numbers yet. Customer care assigns numbers and products."))
	default:
		b.WriteString(numberTable(s, d.numbers))
	}
	return b.String()
}

// numberTable lists numbers with product and label in aligned columns.
func numberTable(s Styles, nums []portal.NumberView) string {
	rows := []string{s.Muted.Render(fmt.Sprintf("%-20s %-20s %s", "Number", "Product", "Label"))}
	for _, n := range nums {
		rows = append(rows, fmt.Sprintf("%-20s %-20s %s", n.Formatted, n.ProductLabel(), n.Label))
	}
	return lipgloss.JoinVertical(lipgloss.Left, rows...)
}
