package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

// newHelp is the footer's help model, styled from the session's styles.
func newHelp(s Styles) help.Model {
	h := help.New()
	h.Styles.ShortKey, h.Styles.ShortDesc, h.Styles.ShortSeparator = s.HelpKey, s.HelpDesc, s.HelpSep
	h.Styles.FullKey, h.Styles.FullDesc, h.Styles.FullSeparator = s.HelpKey, s.HelpDesc, s.HelpSep
	h.Styles.Ellipsis = s.HelpSep
	h.FullSeparator = "   "
	return h
}

// footerView is the key hints in width columns. The short line keeps the
// last two keys (? and q) and drops the ones before them from the end, so
// the least important go first and the line always fits; the ? overlay is
// the full help, indented as one block.
func footerView(h help.Model, km pageKeyMap, width int) string {
	return fitFooter(h, km, footerKeep(km), width)
}

// footerKeep is how many keys at the end of km's short line stay.
func footerKeep(km pageKeyMap) int {
	if km.capturing {
		return 0
	}
	return 2
}

// fitFooter is footerView for any key map: the last keep keys of the short
// line are never dropped.
func fitFooter(h help.Model, km help.KeyMap, keep, width int) string {
	h.Width = 0 // fitting is done here, not by help's ellipsis
	block := lipgloss.NewStyle().PaddingLeft(1).MaxWidth(width)
	if h.ShowAll {
		return block.Render(fullHelpView(h, km.FullHelp(), width-1))
	}
	keys := enabled(km.ShortHelp())
	keep = min(keep, len(keys))
	for len(keys) > keep && lipgloss.Width(h.ShortHelpView(keys))+1 > width {
		keys = append(keys[:len(keys)-keep-1], keys[len(keys)-keep:]...)
	}
	return block.Render(h.ShortHelpView(keys))
}

func enabled(keys []key.Binding) []key.Binding {
	out := keys[:0:0]
	for _, k := range keys {
		if k.Enabled() {
			out = append(out, k)
		}
	}
	return out
}

// fullHelpView is the ? overlay: each group of keys a column with keys and
// descriptions aligned, the columns laid out left to right and onto a new
// row when the next would not fit, so nothing is cut at 60 columns.
func fullHelpView(h help.Model, groups [][]key.Binding, width int) string {
	var rows, row []string
	rowW := 0
	for _, g := range groups {
		g = enabled(g)
		if len(g) == 0 {
			continue
		}
		col := h.FullHelpView([][]key.Binding{g})
		w := lipgloss.Width(col) + len(h.FullSeparator)
		if rowW > 0 && rowW+w > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowW = nil, 0
		}
		row = append(row, col, h.FullSeparator)
		rowW += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return lipgloss.JoinVertical(lipgloss.Left, rows...)
}
