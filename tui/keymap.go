package tui

import (
	"fmt"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
)

// globalKeys are the portal's own keys, built from the page list so page
// numbers are declared nowhere else.
type globalKeys struct {
	Next, Prev, Pages, Help, Quit key.Binding
	// Page[i] goes to page i.
	Page []key.Binding
}

func newGlobalKeys(c Common, pages []Page) globalKeys {
	k := globalKeys{
		Next: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", c.T("key.next_page"))),
		Prev: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", c.T("key.previous_page"))),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", c.T("key.more_keys"))),
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", c.T("key.quit"))),
	}
	digits := make([]string, len(pages))
	// A page is named as its tab names it: German nouns keep their
	// capital ("4 Mein Konto", not "4 mein konto").
	for i, p := range pages {
		digits[i] = strconv.Itoa(i + 1)
		k.Page = append(k.Page, key.NewBinding(key.WithKeys(digits[i]),
			key.WithHelp(digits[i], p.Title())))
	}
	k.Pages = key.NewBinding(key.WithKeys(digits...), key.WithHelp(fmt.Sprintf("1-%d", len(pages)), c.T("key.go_to_page")))
	return k
}

// pageKeyMap is what the footer and the ? overlay show for the active
// page: its own keys, and the portal's unless the page is taking text
// (then only ctrl+c is global, and it needs no hint).
type pageKeyMap struct {
	common    Common
	page      Page
	global    globalKeys
	capturing bool
}

// ShortHelp lists the keys by importance, most important first, except
// that ? and q always come last: the footer drops from the end of the
// page's keys and the portal's, never ? or q.
func (k pageKeyMap) ShortHelp() []key.Binding {
	keys := localKeys(k.common, k.page.ShortHelp())
	if k.capturing {
		return keys
	}
	return append(keys, k.global.Next, k.global.Pages, k.global.Help, k.global.Quit)
}

// FullHelp is the ? overlay: the page's columns, then the pages and the
// portal's keys.
func (k pageKeyMap) FullHelp() [][]key.Binding {
	cols := localGroups(k.common, k.page.FullHelp())
	if k.capturing {
		return cols
	}
	return append(cols, k.global.Page, []key.Binding{k.global.Next, k.global.Prev, k.global.Help, k.global.Quit})
}
