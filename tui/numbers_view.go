package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
)

func (p *numbersPage) View() string {
	if p.detail != nil {
		return p.detail.View()
	}
	c := p.common
	s := c.Styles
	w := pageWidth(c)
	var b strings.Builder
	b.WriteString(s.Title.Render(c.T("page.numbers")))
	b.WriteString("\n")
	switch {
	case p.err != nil:
		b.WriteString(s.Error.Width(w).Render(c.T("numbers.load_error", c.V().Error(p.err)) + "\n" + c.T("numbers.retry")))
		return b.String()
	case !p.loaded:
		b.WriteString(s.Muted.Render(c.T("state.loading")))
		return b.String()
	case len(p.numbers) == 0:
		b.WriteString(s.Muted.Width(w).Render(c.T("numbers.none_care", c.careEmail())))
		return b.String()
	}
	b.WriteString(ansi.Truncate(searchLine(c, p.filter, len(p.shown), len(p.numbers)), w, "…"))
	b.WriteString("\n\n")
	if len(p.shown) == 0 {
		b.WriteString(s.Muted.Width(w).Render(c.T("numbers.no_match", p.filter.Value())))
		return b.String()
	}
	b.WriteString(p.listView(w))
	return b.String()
}

// listView is the column header, the visible rows with the selected one
// marked ▸ (and in reverse video where there is colour), and the scroll
// position when not every row is visible.
func (p *numbersPage) listView(w int) string {
	c := p.common
	s := c.Styles
	const numW, statusW = 17, 9
	prodW := productWidth(c)
	status := w >= 2+numW+prodW+statusW+3+12
	labelW := max(w-2-numW-prodW-2, 1)
	if status {
		labelW -= statusW + 1
	}
	row := func(n portal.NumberView) string {
		line := fmt.Sprintf("%-*s %-*s ", numW, n.Formatted, prodW, ansi.Truncate(c.V().Product(n.Product), prodW, "…"))
		if status {
			line += fmt.Sprintf("%-*s ", statusW, ansi.Truncate(statusText(c, n.Status), statusW, "…"))
		}
		return line + fmt.Sprintf("%-*s", labelW, ansi.Truncate(n.Label, labelW, "…"))
	}
	head := fmt.Sprintf("  %-*s %-*s ", numW, c.T("numbers.col_number"), prodW, c.T("numbers.col_product"))
	if status {
		head += fmt.Sprintf("%-*s ", statusW, c.T("numbers.col_status"))
	}
	lines := []string{s.Muted.Render(ansi.Truncate(head+c.T("numbers.col_label"), w, "…"))}
	from, to := p.list.visible()
	for i := from; i < to; i++ {
		r := row(p.shown[i])
		if i == p.list.cursor {
			r = s.Selected.Render(r)
		}
		lines = append(lines, marker(i == p.list.cursor)+r)
	}
	if pos := p.list.position(c); pos != "" {
		lines = append(lines, s.Muted.Render("  "+pos+" · pgup/pgdn, g/G"))
	}
	return strings.Join(lines, "\n")
}

// searchLine is the line above the list: the search, and how many
// numbers match it.
func searchLine(c Common, f textinput.Model, shown, total int) string {
	s := c.Styles
	count := c.T("numbers.search_count", shown, total)
	switch {
	case f.Focused():
		// The marker shows where typing goes also on a terminal that
		// shows no reverse video (the cursor's).
		return marker(true) + s.Key.Render(c.T("numbers.search")) + f.View() + s.Muted.Render("   "+count)
	case f.Value() != "":
		return s.Key.Render(c.T("numbers.search")) + f.Value() + s.Muted.Render("   "+count+"  "+c.T("numbers.search_hint"))
	}
	return s.Muted.Render(c.T("numbers.count", total) + ". " + c.T("numbers.type_to_search"))
}

// productWidth is the product column: as wide as the language's longest
// product name ("Virtuelle Telefonanlage"), at least 17 and at most 23
// columns, so a label keeps room at 60 columns.
func productWidth(c Common) int {
	w := 17
	for _, p := range []portal.Product{portal.ProductPBX, portal.ProductTrunk, portal.ProductTeams, portal.ProductTrunkParticipant, portal.ProductNone} {
		w = max(w, ansi.StringWidth(c.V().Product(p)))
	}
	return min(w, 23)
}

// statusText is a number's status in the customer's language; the store
// knows only "active" today, anything else is shown as stored.
func statusText(c Common, status string) string {
	if status == "active" {
		return c.T("numbers.status_active")
	}
	return status
}
