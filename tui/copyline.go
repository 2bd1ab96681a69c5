package tui

import "strings"

// copyLine lays out a command the customer copies into a shell. It is never
// wrapped the way prose is (a soft wrap at the hyphen of an email address
// would paste as two commands); when it is wider than width it is broken
// only between arguments, each break ending in the shell's " \"
// continuation, so the lines paste back as one command.
func copyLine(cmd string, width int) string {
	const indent = "  "
	if len(indent)+len([]rune(cmd)) <= width {
		return indent + cmd
	}
	var lines []string
	line := indent
	for _, w := range strings.Fields(cmd) {
		if strings.TrimSpace(line) != "" && len([]rune(line))+1+len([]rune(w))+2 > width {
			lines = append(lines, line+" \\")
			line = indent + indent
		}
		if strings.TrimSpace(line) != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}
