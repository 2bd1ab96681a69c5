package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// startSetup makes a new secret and shows its QR code.
func (p *accountPage) startSetup() tea.Cmd {
	setup, err := p.common.Svc.NewTOTPSetup(p.common.Account.UserID)
	if err == nil {
		p.matrix, err = qrMatrix(setup.URI)
	}
	if err != nil {
		p.notice = p.common.T("account.setup_failed", userError(p.common, p.common.explain(err, "start the 2FA setup")))
		return nil
	}
	p.setup, p.mode, p.notice, p.large = setup, modeSetup, "", false
	return nil
}

func (p *accountPage) setupKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, accountKeys.Larger):
		p.large = !p.large
	case key.Matches(msg, accountKeys.CopyKey):
		p.common.Out.Copy(p.setup.Secret)
		p.notice = p.common.T("account.setup_key_copied")
	case key.Matches(msg, accountKeys.SetupNext):
		p.mode, p.err = modeSetupCode, ""
		return p.setupForm.start()
	}
	return nil
}

// setupView shows the QR code and the setup key. It takes the whole screen;
// if even that is too small it says how large the window must be and still
// offers the setup key, the steps then as wide as the asking line: in 33
// columns German, French and Italian would not fit a 60x20 terminal.
func (p *accountPage) setupView() string {
	sw, sh := p.common.ScreenWidth, p.common.ScreenHeight
	qw, qh := qrSize(p.matrix, p.large)
	// The side text stays within 33 columns: beside the 45-column QR code
	// it fits an 80-column terminal.
	sideText := p.setupSide(33)
	sideW := lipgloss.Width(sideText)
	switch {
	case qw+2+sideW <= sw && max(qh, lipgloss.Height(sideText)) <= sh:
		return lipgloss.JoinHorizontal(lipgloss.Top, qrView(p.matrix, p.large, p.common.Styles.NoColor), "  ", sideText)
	case qw <= sw && qh+lipgloss.Height(sideText)+1 <= sh:
		return qrView(p.matrix, p.large, p.common.Styles.NoColor) + "\n" + sideText
	}
	w := max(min(sw, 60), 20)
	ask := p.common.T("account.qr_too_small", qw+2+sideW, qh, sw, sh)
	return lipgloss.NewStyle().Width(w).Render(ask) + "\n\n" + p.setupSide(w)
}

// setupSide is the setup's steps, key and form, wrapped at width.
func (p *accountPage) setupSide(width int) string {
	s := p.common.Styles
	var side strings.Builder
	c := p.common
	step := lipgloss.NewStyle().Width(width)
	side.WriteString(s.Title.Render(c.T("account.setup_title")) + "\n")
	side.WriteString(step.Render(c.T("account.setup_step1")) + "\n\n")
	// Four groups a line beside the QR code; as many as the width holds
	// without it.
	groups := strings.Fields(p.setup.GroupedKey())
	per := 4
	if width > 33 {
		per = max((width-3+1)/5, 4)
	}
	for i := 0; i < len(groups); i += per {
		side.WriteString("   " + s.Key.Render(strings.Join(groups[i:min(i+per, len(groups))], " ")) + "\n")
	}
	side.WriteString("\n")
	if p.mode == modeSetupCode {
		side.WriteString(step.Render(c.T("account.setup_step2")) + "\n\n" + p.setupForm.view() + "\n")
		side.WriteString("   " + s.Key.Render(c.T("account.activate_button")) + "\n\n")
		if p.err != "" {
			side.WriteString(s.Error.Width(width).Render(p.err) + "\n")
		}
		if p.busy {
			side.WriteString(s.Muted.Render(c.T("state.checking")) + "\n")
		}
		side.WriteString(s.Muted.Render(hintLines(width, hint(p.common, p.setupForm.keys.Submit), hint(p.common, accountKeys.Cancel))))
	} else {
		side.WriteString(step.Render(c.T("account.setup_step2_enter")) + "\n\n")
		side.WriteString(hint(p.common, accountKeys.Larger) + "\n" + hintLines(width, hint(p.common, accountKeys.CopyKey), hint(p.common, accountKeys.Cancel)))
		if p.notice != "" {
			side.WriteString("\n" + s.OK.Render(p.notice))
		}
	}
	return side.String()
}

// hintLines joins key hints with " • ", a new line where the next would
// not fit width (German's "c Schlüssel kopieren • esc abbrechen" is 36
// columns, beside a QR code that leaves 33).
func hintLines(width int, hints ...string) string {
	var b strings.Builder
	line := 0
	for i, h := range hints {
		w := lipgloss.Width(h)
		switch {
		case i == 0:
		case line+3+w <= width:
			b.WriteString(" • ")
			line += 3
		default:
			b.WriteString("\n")
			line = 0
		}
		b.WriteString(h)
		line += w
	}
	return b.String()
}

// qrView is the code at its size, in explicit colours or, without colour
// (NO_COLOR), in reverse video.
func qrView(m [][]bool, large, noColor bool) string {
	switch {
	case large && noColor:
		return qrPlainFullBlocks(m)
	case noColor:
		return qrPlainHalfBlocks(m)
	case large:
		return qrFullBlocks(m)
	}
	return qrHalfBlocks(m)
}
