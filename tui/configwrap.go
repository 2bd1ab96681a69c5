package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// A device set-up wider than the window is wrapped, each continued part
// starting with a dim "↪ " that is not part of the text; nothing is cut.
// Wrapping, not horizontal scrolling: the whole set-up stays readable with
// pgdn alone, where ←/→ would hide the end of each long line until asked
// for and would need a second scroll position on a page that already has
// one. The marker tells a continued line from a new one, so the text reads
// as what it is; the paste-ready file is the `credentials … --reveal`
// command the page names above it.

// continuedMark starts the continued part of a wrapped line.
const continuedMark = "↪ "

// wrapConfig wraps every line of text wider than width. Comments (and,
// with prose, every line) break between words; other lines break at the
// exact column, so no character of a setting is lost or added.
func wrapConfig(s Styles, text string, width int, prose bool) string {
	mark := s.Muted.Render(strings.TrimSpace(continuedMark)) + " "
	room := max(width-ansi.StringWidth(continuedMark), 1)
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		if ansi.StringWidth(line) <= width {
			continue
		}
		words := prose || isComment(line)
		parts := []string{}
		head, rest := breakLine(line, width, words)
		parts = append(parts, head)
		for rest != "" {
			head, rest = breakLine(rest, room, words)
			parts = append(parts, mark+head)
		}
		lines[i] = strings.Join(parts, "\n")
	}
	return strings.Join(lines, "\n")
}

// wrapWords wraps text at spaces only (a hyphen is no place to break a
// command's option); a word wider than width is broken at the column.
func wrapWords(text string, width int) string {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		for {
			head, rest := breakLine(line, width, true)
			lines = append(lines, head)
			if rest == "" {
				break
			}
			line = rest
		}
	}
	return strings.Join(lines, "\n")
}

// isComment reports whether a line is a comment in the formats the
// set-ups use: # (cfg, baresip), ; (pjsip.conf) and <!-- (XML).
func isComment(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") || strings.HasPrefix(t, "<!--")
}

// breakLine splits line into a head at most width columns wide and the
// rest. Between words, the space at the break is dropped; at the column,
// spaces before the break move to the rest, where the marker shows them.
func breakLine(line string, width int, words bool) (head, rest string) {
	if ansi.StringWidth(line) <= width {
		return line, ""
	}
	runes := []rune(line)
	cut, w := 0, 0
	for cut < len(runes) {
		rw := ansi.StringWidth(string(runes[cut]))
		if w+rw > width {
			break
		}
		w += rw
		cut++
	}
	cut = max(cut, 1) // a character wider than width still goes somewhere
	if words {
		if sp := strings.LastIndex(string(runes[:cut+1]), " "); sp > 0 && strings.TrimSpace(line[:sp]) != "" {
			return line[:sp], strings.TrimLeft(line[sp:], " ")
		}
	}
	head = strings.TrimRight(string(runes[:cut]), " ")
	if head == "" {
		head = string(runes[:cut])
	}
	return head, string(runes[len([]rune(head)):])
}
