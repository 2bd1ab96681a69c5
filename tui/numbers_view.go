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
	s := p.common.Styles
	w := pageWidth(p.common)
	var b strings.Builder
	b.WriteString(s.Title.Render("Phone numbers"))
	b.WriteString("\n")
	switch {
	case p.err != nil:
		b.WriteString(s.Error.Width(w).Render("Could not load your numbers: " + p.err.Error() + "\nSwitch pages and back to try again."))
		return b.String()
	case !p.loaded:
		b.WriteString(s.Muted.Render("Loading..."))
		return b.String()
	case len(p.numbers) == 0:
		b.WriteString(s.Muted.Width(w).Render("No phone numbers yet. Customer care assigns numbers and products: " + p.common.Svc.Cfg.CareEmail))
		return b.String()
	}
	b.WriteString(ansi.Truncate(searchLine(s, p.filter, len(p.shown), len(p.numbers)), w, "…"))
	b.WriteString("\n\n")
	if len(p.shown) == 0 {
		b.WriteString(s.Muted.Width(w).Render(fmt.Sprintf("No number matches %q. esc clears the search.", p.filter.Value())))
		return b.String()
	}
	b.WriteString(p.listView(w))
	return b.String()
}

// listView is the column header, the visible rows with the selected one
// marked ▸ (and in reverse video where there is colour), and the scroll
// position when not every row is visible.
func (p *numbersPage) listView(w int) string {
	s := p.common.Styles
	const numW, prodW, statusW = 17, 17, 9
	status := w >= 2+numW+prodW+statusW+3+12
	labelW := max(w-2-numW-prodW-2, 1)
	if status {
		labelW -= statusW + 1
	}
	row := func(n portal.NumberView) string {
		line := fmt.Sprintf("%-*s %-*s ", numW, n.Formatted, prodW, n.ProductLabel())
		if status {
			line += fmt.Sprintf("%-*s ", statusW, ansi.Truncate(n.Status, statusW, "…"))
		}
		return line + fmt.Sprintf("%-*s", labelW, ansi.Truncate(n.Label, labelW, "…"))
	}
	head := fmt.Sprintf("  %-*s %-*s ", numW, "Number", prodW, "Product")
	if status {
		head += fmt.Sprintf("%-*s ", statusW, "Status")
	}
	lines := []string{s.Muted.Render(head + "Label")}
	from, to := p.list.visible()
	for i := from; i < to; i++ {
		r := row(p.shown[i])
		if i == p.list.cursor {
			r = s.Selected.Render(r)
		}
		lines = append(lines, marker(i == p.list.cursor)+r)
	}
	if pos := p.list.position(); pos != "" {
		lines = append(lines, s.Muted.Render("  "+pos+" · pgup/pgdn, g/G"))
	}
	return strings.Join(lines, "\n")
}

// searchLine is the line above the list: the search, and how many
// numbers match it.
func searchLine(s Styles, f textinput.Model, shown, total int) string {
	switch {
	case f.Focused():
		// The marker shows where typing goes when the cursor's reverse
		// video is dropped (NO_COLOR).
		return marker(true) + s.Key.Render("Search: ") + f.View() + s.Muted.Render(fmt.Sprintf("   %d of %d", shown, total))
	case f.Value() != "":
		return s.Key.Render("Search: ") + f.Value() + s.Muted.Render(fmt.Sprintf("   %d of %d  (/ edits, esc clears)", shown, total))
	}
	if total == 1 {
		return s.Muted.Render("1 number.")
	}
	return s.Muted.Render(fmt.Sprintf("%d numbers. Type / to search by number, product or label.", total))
}
