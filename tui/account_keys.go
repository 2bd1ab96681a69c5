package tui

import "github.com/charmbracelet/bubbles/key"

// accountKeys are My account's keys, declared once: the footer, the ?
// overlay and the cards' hints all come from them.
var accountKeys = struct {
	Password, Setup, Deactivate, Regenerate, Cancel, Saved key.Binding
	SetupNext, Larger, CopyKey, Security                   key.Binding
}{
	Password:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "change password")),
	Setup:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "set up 2FA")),
	Deactivate: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "deactivate 2FA")),
	Regenerate: key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "new recovery codes")),
	Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	Saved:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "I saved them")),
	SetupNext:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "type the code")),
	Larger:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "larger/smaller QR code")),
	CopyKey:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy the key")),
	Security:   key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "keys & sessions")),
}

// ShortHelp is what applies in the current mode, most important first.
func (p *accountPage) ShortHelp() []key.Binding {
	if p.busy {
		return nil
	}
	switch p.mode {
	case modeSecurity:
		return p.sec().ShortHelp()
	case modeOverview:
		keys := []key.Binding{accountKeys.Password, accountKeys.Setup}
		if p.common.Account.TOTPEnabled {
			keys = []key.Binding{accountKeys.Password, accountKeys.Deactivate, accountKeys.Regenerate}
		}
		return append(append(keys, accountKeys.Security, languageKeys.Language, languageKeys.Zone), p.scroll.keys()...)
	case modeLanguage, modeZone:
		return []key.Binding{languageKeys.Up, languageKeys.Choose, accountKeys.Cancel}
	case modeSetup:
		return []key.Binding{accountKeys.SetupNext, accountKeys.Larger, accountKeys.CopyKey, accountKeys.Cancel}
	case modeCodes:
		return []key.Binding{accountKeys.Saved}
	}
	return append(p.activeForm().ShortHelp(), p.scroll.keys()...)
}

// FullHelp is every key of the current mode.
func (p *accountPage) FullHelp() [][]key.Binding {
	if p.mode == modeSecurity {
		return p.sec().FullHelp()
	}
	if f := p.activeForm(); f != nil {
		return f.FullHelp()
	}
	if p.mode == modeOverview {
		return [][]key.Binding{
			{accountKeys.Password, accountKeys.Setup, accountKeys.Deactivate, accountKeys.Regenerate},
			{accountKeys.Security, languageKeys.Language, languageKeys.Zone},
			{scrollKeys.Down, scrollKeys.Up},
		}
	}
	if p.mode == modeLanguage || p.mode == modeZone {
		return [][]key.Binding{p.ShortHelp(), allListKeys()}
	}
	return [][]key.Binding{p.ShortHelp()}
}

// hint is one key's hint inside a card, from its binding.
func hint(c Common, k key.Binding) string {
	h := localKeys(c, []key.Binding{k})[0].Help()
	return c.Styles.Key.Render(h.Key) + " " + h.Desc
}
