package care

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/sipdesk/sipdesk/tui"
)

// globalKeys apply on every screen that takes no text.
var globalKeys = struct{ Help, Quit key.Binding }{
	Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
	Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
}

// searchKeys are the customer search's keys.
var searchKeys = struct{ Edit, Run, DoneTyping, Region, Open key.Binding }{
	Edit:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
	Run:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
	DoneTyping: key.NewBinding(key.WithKeys("esc", "down"), key.WithHelp("esc", "to the list")),
	Region:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "region")),
	Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
}

// accountKeyMap is one customer's actions. Each session has its own copy
// (newAccountKeys): which apply depends on the customer shown.
type accountKeyMap struct {
	Reset, TwoFactor, Unlock, Disable, Enable, AddNumber, Reload, Back key.Binding
}

func newAccountKeys() accountKeyMap {
	return accountKeyMap{
		Reset:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "send reset link")),
		TwoFactor: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "reset 2FA")),
		Unlock:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unlock")),
		Disable:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "disable")),
		Enable:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enable")),
		AddNumber: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add number")),
		Reload:    key.NewBinding(key.WithKeys("ctrl+r", "f5"), key.WithHelp("ctrl+r", "reload")),
		Back:      key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
	}
}

// confirmKeys answer a confirmation.
var confirmKeys = struct{ Yes, No key.Binding }{
	Yes: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes, do it")),
	No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no")),
}

// keyMap is what the footer and the ? overlay show for the screen now.
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

func (a *App) keyMap() keyMap {
	global := []key.Binding{globalKeys.Help, globalKeys.Quit}
	switch a.screen {
	case screenSearch:
		if a.search.typing {
			return keyMap{short: []key.Binding{searchKeys.Run, searchKeys.DoneTyping},
				full: [][]key.Binding{{searchKeys.Run, searchKeys.DoneTyping}}}
		}
		k := []key.Binding{searchKeys.Open, tui.ListMoveHelp, searchKeys.Edit, searchKeys.Region}
		return keyMap{short: append(k, global...), full: [][]key.Binding{k, global}}
	case screenAccount:
		k := a.account.keys
		acts := []key.Binding{k.Reset, k.TwoFactor, k.Unlock, k.Disable, k.Enable, k.AddNumber}
		nav := append([]key.Binding{k.Back, k.Reload}, a.account.scroll.Keys()...)
		short := append(append(append([]key.Binding{}, acts...), nav...), global...)
		return keyMap{short: short, full: [][]key.Binding{acts, append([]key.Binding{k.Back, k.Reload}, a.account.scroll.AllKeys()...), global}}
	case screenForm:
		return keyMap{short: a.act.form.ShortHelp(), full: a.act.form.FullHelp()}
	default:
		k := []key.Binding{confirmKeys.Yes, confirmKeys.No}
		return keyMap{short: append(k, global...), full: [][]key.Binding{k, global}}
	}
}
