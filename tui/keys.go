package tui

import (
	"slices"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// keyMap holds the global keys, shown in the help bar.
type keyMap struct {
	Next, Prev, Pages, Dashboard, Numbers, Music, Account, Help, Quit, More key.Binding
}

var keys = keyMap{
	Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next page")),
	Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
	Pages:     key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", "go to page")),
	Dashboard: key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "dashboard")),
	Numbers:   key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "phone numbers")),
	Music:     key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "music")),
	Account:   key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "my account")),
	Help:      key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "help")),
	Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	More:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
}

func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Pages, k.More, k.Quit}
}

func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev}, {k.Dashboard, k.Numbers, k.Music}, {k.Account, k.Help, k.Quit}}
}

// keyHinter is a page with keys of its own for the help bar.
type keyHinter interface{ ShortHelp() []key.Binding }

// helpKeys are the help bar's keys for the active page: its own first, then
// the global ones, which a page taking text input does not get (only ctrl+c
// still quits then).
func helpKeys(p Page) help.KeyMap {
	h, ok := p.(keyHinter)
	if !ok {
		return keys
	}
	own := h.ShortHelp()
	if p.Capturing() {
		return pageKeys{own: own}
	}
	return pageKeys{own: own, global: keys}
}

type pageKeys struct {
	own    []key.Binding
	global help.KeyMap
}

func (k pageKeys) ShortHelp() []key.Binding {
	if k.global == nil {
		return k.own
	}
	return append(slices.Clip(k.own), k.global.ShortHelp()...)
}

func (k pageKeys) FullHelp() [][]key.Binding {
	if k.global == nil {
		return [][]key.Binding{k.own}
	}
	return append([][]key.Binding{k.own}, k.global.FullHelp()...)
}
