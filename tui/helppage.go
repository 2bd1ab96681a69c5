package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// helpPage answers the questions of the provider's FAQ that the portal can.
type helpPage struct {
	common Common
	scroll scrollBox
}

func newHelpPage(c Common) *helpPage { return &helpPage{common: c} }

func (h *helpPage) Title() string      { return h.common.T("page.help") }
func (h *helpPage) Capturing() bool    { return false }
func (h *helpPage) SetCommon(c Common) { h.common = c }
func (h *helpPage) Init() tea.Cmd      { return nil }

// ShortHelp is the scroll keys when the answers do not fit.
func (h *helpPage) ShortHelp() []key.Binding { return h.scroll.keys() }

// FullHelp is the scroll keys.
func (h *helpPage) FullHelp() [][]key.Binding {
	return [][]key.Binding{{scrollKeys.Down, scrollKeys.Up, scrollKeys.Top, scrollKeys.Bottom}}
}

func (h *helpPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		h.scroll.update(km)
	}
	return h, nil
}

func (h *helpPage) View() string {
	s := h.common.Styles
	c := h.common
	wrap := lipgloss.NewStyle().Width(pageWidth(c))
	var b strings.Builder
	b.WriteString(s.Title.Render(c.T("page.help")))
	b.WriteString("\n")
	care := c.careEmail()
	// The forgot command is its own line so it is never wrapped: the
	// catalogue's sentence ends in it, and the line below repeats it whole.
	forgotCmd := fmt.Sprintf("ssh -p %d forgot@%s", c.Port, c.Host)
	forgot := strings.TrimSpace(strings.TrimSuffix(c.T("help.forgot_text", strconv.Itoa(c.Port), c.Host), forgotCmd))
	items := []struct{ q, a, cmd string }{
		{c.T("help.cannot_login"), c.T("help.cannot_login_text"), ""},
		{c.T("help.forgot"), forgot, forgotCmd},
		{c.T("help.2fa"), c.T("help.2fa_text"), ""},
		{c.T("help.lost_phone"), c.T("help.lost_phone_text", care), ""},
		{c.T("help.voip"), c.T("help.voip_text"), ""},
		{c.T("language.label"), c.T("help.language_text"), ""},
		{c.T("help.care"), care, ""},
	}
	for _, it := range items {
		b.WriteString(s.Key.Render(it.q) + "\n")
		b.WriteString(wrap.Render(it.a) + "\n")
		if it.cmd != "" {
			b.WriteString(copyCommand(c, pageWidth(c), c.ScreenWidth, it.cmd) + "\n")
		}
		b.WriteString("\n")
	}
	return h.scroll.view(c, b.String(), c.Height)
}
