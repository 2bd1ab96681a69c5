package tui

import tea "github.com/charmbracelet/bubbletea"

// placeholder is a page whose feature is not built yet: it says what the
// page will hold, and shows no made-up data.
type placeholder struct {
	common Common
	title  string
	text   string
}

func newPlaceholder(c Common, title, text string) *placeholder {
	return &placeholder{common: c, title: title, text: text}
}

func (p *placeholder) Title() string                  { return p.title }
func (p *placeholder) Capturing() bool                { return false }
func (p *placeholder) SetCommon(c Common)             { p.common = c }
func (p *placeholder) Init() tea.Cmd                  { return nil }
func (p *placeholder) Update(tea.Msg) (Page, tea.Cmd) { return p, nil }
func (p *placeholder) View() string {
	return p.common.Styles.Title.Render(p.title) + "\n" + p.text + "\n\n" +
		p.common.Styles.Muted.Render("This page is not available yet.")
}
