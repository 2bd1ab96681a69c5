package tui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// The Language card of My account: the portal's language and the time zone
// its times are shown in. A choice is stored with the account (portal's
// SetLanguage and SetTimeZone, audited) and takes effect at once: the app
// gets a VoiceChangedMsg and redraws every page in the new voice.

// VoiceChangedMsg tells the app that the customer chose another language
// or time zone; notice is said on My account in the new language.
type VoiceChangedMsg struct {
	Voice  portal.Voice
	Notice string
}

// Messages of the card's portal calls.
type (
	settingsMsg  struct{ set db.AccountSettings }
	choiceErrMsg struct{ err error }
)

// languageChoices are the settings in the order the chooser lists them;
// "" is automatic.
var languageChoices = []string{"", "de", "fr", "it", "en"}

// zoneChoices are the time zones the chooser offers: automatic (the
// region's) and the two regions' own.
var zoneChoices = []string{"", "Europe/Zurich", "Europe/Vienna"}

var languageKeys = struct {
	Language, Zone, Up, Down, Choose key.Binding
}{
	Language: key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "language")),
	Zone:     key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "time zone")),
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "select")),
	Down:     key.NewBinding(key.WithKeys("down", "j")),
	Choose:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
}

func (p *accountPage) loadSettings() tea.Cmd {
	c := p.common
	return func() tea.Msg {
		set, err := c.Svc.Settings(c.Ctx, c.Account.ID)
		if err != nil {
			return choiceErrMsg{err: err}
		}
		return settingsMsg{set: set}
	}
}

// startChoice opens the chooser of mode on the current setting.
func (p *accountPage) startChoice(mode accountMode) {
	p.notice, p.mode, p.choice = "", mode, 0
	current, list := p.settings.Language, languageChoices
	if mode == modeZone {
		current, list = p.settings.TimeZone, zoneChoices
	}
	for i, v := range list {
		if v == current {
			p.choice = i
		}
	}
}

// choiceKey moves in the chooser or saves the choice.
func (p *accountPage) choiceKey(msg tea.KeyMsg) tea.Cmd {
	list := p.choices()
	if key.Matches(msg, languageKeys.Choose) {
		p.busy = true
		return p.saveChoice(p.mode, list[p.choice])
	}
	moveInShortList(&p.choice, len(list), msg)
	return nil
}

func (p *accountPage) choices() []string {
	if p.mode == modeZone {
		return zoneChoices
	}
	return languageChoices
}

// saveChoice stores the setting and finds the session's voice again.
func (p *accountPage) saveChoice(mode accountMode, value string) tea.Cmd {
	c := p.common
	return func() tea.Msg {
		var err error
		if mode == modeZone {
			_, err = c.Svc.SetTimeZone(c.Ctx, c.Account, value, c.Remote)
		} else {
			_, err = c.Svc.SetLanguage(c.Ctx, c.Account, value, c.Remote)
		}
		if err != nil {
			return choiceErrMsg{err: err}
		}
		v, err := c.Svc.VoiceOf(c.Ctx, c.Account, c.Environ)
		if err != nil {
			return choiceErrMsg{err: err}
		}
		notice := v.T("language.changed")
		if mode == modeZone {
			notice = v.T("timezone.changed", v.Clock.Zone.String())
		}
		return VoiceChangedMsg{Voice: v, Notice: notice}
	}
}

// languageName is a language setting as the chooser shows it: in the
// session's language, and in its own where that differs ("Französisch ·
// français"), so a customer finds their language in any voice.
func languageName(c Common, lang string) string {
	if lang == "" {
		return c.T("account.language_auto")
	}
	id := "language.name." + lang
	name := capitalised(c.T(id))
	l, err := i18n.ParseLang(lang)
	if err != nil {
		return name
	}
	own := capitalised(i18n.NewPrinter(i18n.Locale{Lang: l, Region: i18n.RegionCH}).T(id))
	if own != name {
		name += " · " + own
	}
	return name
}

// capitalised starts a list entry with a capital ("français" → "Français").
func capitalised(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func zoneName(c Common, zone string) string {
	if zone == "" {
		return c.T("account.zone_auto", i18n.RegionZone(c.Account.Region))
	}
	return zone
}

// languageCard is the card: the current choices, or the open chooser.
func (p *accountPage) languageCard() string {
	c := p.common
	s := c.Styles
	var b strings.Builder
	b.WriteString(s.Key.Render(c.T("language.label")) + "\n")
	switch p.mode {
	case modeLanguage, modeZone:
		ask, list, name := c.T("account.choose_language"), languageChoices, languageName
		if p.mode == modeZone {
			ask, list, name = c.T("account.choose_zone"), zoneChoices, zoneName
		}
		b.WriteString(ask + "\n")
		for i, v := range list {
			line := name(c, v)
			if i == p.choice {
				line = s.Selected.Render(line)
			}
			b.WriteString(marker(i == p.choice) + line + "\n")
		}
		b.WriteString(p.formFooter(c.T("state.saving")))
		return strings.TrimRight(b.String(), "\n")
	}
	zone := i18n.Zone(p.settings.TimeZone, c.Account.Region).String()
	b.WriteString(c.T("account.language_now", languageName(c, p.settings.Language), zone) + "\n")
	b.WriteString(s.Muted.Render(c.T("account.language_intro")) + "\n\n")
	b.WriteString(hint(c, languageKeys.Language) + "  " + hint(c, languageKeys.Zone))
	return b.String()
}
