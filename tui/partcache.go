package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// partCache keeps the last rendering of one part of the frame: the
// header, the tabs, the footer. They change only with the width, the
// page, the keys that apply or the language, yet rendering them was half
// of a dashboard frame (lipgloss measures every cell of every line), and
// a session's first frame waits for it. The key is the part's whole
// input, so a hit is the very text a render would give.
type partCache struct {
	key, view string
	ok        bool
}

func (c *partCache) render(key string, f func() string) string {
	if c.ok && c.key == key {
		return c.view
	}
	c.key, c.view, c.ok = key, f(), true
	return c.view
}

// footerKey is what the footer of km is drawn from.
func footerKey(h help.Model, km help.KeyMap, keep, width int) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(width))
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(keep))
	if h.ShowAll {
		b.WriteString(" all")
		for _, g := range km.FullHelp() {
			b.WriteByte('|')
			writeBindings(&b, g)
		}
		return b.String()
	}
	b.WriteByte('|')
	writeBindings(&b, km.ShortHelp())
	return b.String()
}

func writeBindings(b *strings.Builder, keys []key.Binding) {
	for _, k := range keys {
		if !k.Enabled() {
			continue
		}
		hk := k.Help()
		b.WriteString(hk.Key)
		b.WriteByte('\x00')
		b.WriteString(hk.Desc)
		b.WriteByte('\x01')
	}
}
