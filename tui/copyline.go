package tui

import "strings"

// copyLine lays out a command the customer copies into a shell. It is never
// wrapped the way prose is (a soft wrap at the hyphen of an email address
// would paste as two commands); when it is wider than width it is broken
// only between arguments, each break ending in the shell's " \"
// continuation, so the lines paste back as one command. An argument too
// wide for an indented line starts at the first column. fits is false when
// an argument is wider than width even so: the caller must not show it,
// since cutting it would paste a different command.
func copyLine(cmd string, width int) (text string, fits bool) {
	const indent, more = "  ", "    "
	defer func() { text = strings.ReplaceAll(text, optionJoin, " ") }()
	if len(indent)+len([]rune(cmd)) <= width {
		return indent + cmd, true
	}
	words := strings.Split(cmd, " ")
	var lines []string
	line := indent + words[0]
	for i, w := range words[1:] {
		tail := 0 // the " \" a line needs when more follows
		if i+2 < len(words) {
			tail = 2
		}
		if len([]rune(line))+1+len([]rune(w))+tail <= width {
			line += " " + w
			continue
		}
		lines = append(lines, line+" \\")
		line = more + w
		if len([]rune(line))+tail > width {
			line = w
		}
	}
	lines = append(lines, line)
	fits = true
	for _, l := range lines {
		fits = fits && len([]rune(l)) <= width
	}
	return strings.Join(lines, "\n"), fits
}

// optionJoin joins an option to its value in a command given to copyLine
// ("-o" optionJoin "User=..."), so a break never parts them; it is shown
// as a space.
const optionJoin = "\u00a0"

// copyCommand is the first of forms (the same command, the most familiar
// form first, then shorter ones) that fits in width. When none does, the
// customer is told how wide the window must be, instead of being shown a
// command cut short; window is the terminal's width, width the part of it
// the command may take.
func copyCommand(c Common, width, window int, forms ...string) string {
	return copyCommands(c, width, window, forms)
}

// copyCommands lays out several commands, each given as its forms as for
// copyCommand, one after the other. Those too wide for width share one
// note, standing where the first of them would, naming the width at which
// all of them fit: a person told twice the same thing reads it twice.
func copyCommands(c Common, width, window int, cmds ...[]string) string {
	var out []string
	need, missing, noteAt := 0, 0, -1
	for _, forms := range cmds {
		if text, ok := firstFit(forms, width); ok {
			out = append(out, text)
			continue
		}
		need = max(need, neededWidth(forms, width))
		missing++
		if noteAt < 0 {
			noteAt = len(out)
			out = append(out, "")
		}
	}
	if missing > 0 {
		key := "copy.widen"
		if missing > 1 {
			key = "copy.widen_many"
		}
		note := c.T(key, need+max(window-width, 0))
		out[noteAt] = c.Styles.Error.PaddingLeft(2).Width(width).Render(note)
	}
	return strings.Join(out, "\n")
}

// firstFit is the first of forms that copyLine lays out within width.
func firstFit(forms []string, width int) (string, bool) {
	for _, f := range forms {
		if text, ok := copyLine(f, width); ok {
			return text, true
		}
	}
	return "", false
}

// neededWidth is the narrowest width above width at which the last (the
// narrowest) of forms fits.
func neededWidth(forms []string, width int) int {
	need := width + 1
	for ; need < 1000; need++ {
		if _, ok := copyLine(forms[len(forms)-1], need); ok {
			break
		}
	}
	return need
}
