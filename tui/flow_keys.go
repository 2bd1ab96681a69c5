package tui

import "github.com/charmbracelet/bubbles/key"

// flowKeys are the keys of the forgot-password and reset flows, which run
// on their own, without the portal's pages and their key map.
var flowKeys = struct {
	Leave key.Binding // leaves the flow at any time
	Close key.Binding // closes it once it has finished
}{
	Leave: key.NewBinding(key.WithKeys("esc", "ctrl+c")),
	Close: key.NewBinding(key.WithKeys("q")),
}
