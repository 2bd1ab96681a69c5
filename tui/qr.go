package tui

import (
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QR codes in a terminal fail on some themes and fonts, so the code is drawn
// in explicit colours from the 256-colour cube (16 is #000000, 231 is
// #ffffff), which themes do not remap the way they remap the 16 basic ANSI
// colours, with the full four-module quiet zone scanners need, and at the
// lowest error-correction level so it stays small.
const (
	sgrBlackOnWhite = "\x1b[38;5;16;48;5;231m"
	sgrWhiteOnBlack = "\x1b[38;5;231;48;5;16m"
	sgrBlack        = "\x1b[38;5;16m"
	sgrWhite        = "\x1b[38;5;231m"
	sgrReset        = "\x1b[0m"
)

// qrMatrix encodes content at error-correction level L; true is a dark
// module. The matrix includes the four-module quiet zone.
func qrMatrix(content string) ([][]bool, error) {
	q, err := qrcode.New(content, qrcode.Low)
	if err != nil {
		return nil, err
	}
	return q.Bitmap(), nil
}

// qrHalfBlocks draws two module rows per text line with the upper half
// block: foreground is the upper module, background the lower one. Width is
// len(m) columns, height (len(m)+1)/2 lines.
func qrHalfBlocks(m [][]bool) string {
	var b strings.Builder
	for y := 0; y < len(m); y += 2 {
		for x := range m[y] {
			top := m[y][x]
			bottom := false
			if y+1 < len(m) {
				bottom = m[y+1][x]
			}
			// ▀ with fg=top, bg=bottom; dark is black.
			switch {
			case top && bottom:
				b.WriteString(sgrBlack + "█")
			case !top && !bottom:
				b.WriteString(sgrWhite + "█")
			case top && !bottom:
				b.WriteString(sgrBlackOnWhite + "▀")
			default:
				b.WriteString(sgrWhiteOnBlack + "▀")
			}
		}
		b.WriteString(sgrReset)
		if y+2 < len(m) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// qrFullBlocks draws each module as two full blocks on its own line: twice
// as large, for fonts where half blocks do not line up.
func qrFullBlocks(m [][]bool) string {
	var b strings.Builder
	for y := range m {
		for x := range m[y] {
			if m[y][x] {
				b.WriteString(sgrBlack + "██")
			} else {
				b.WriteString(sgrWhite + "██")
			}
		}
		b.WriteString(sgrReset)
		if y+1 < len(m) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Under NO_COLOR the code is drawn with reverse video, an attribute that
// no-color.org allows, and no colour: a light module is a reverse-video
// cell (the terminal's foreground colour), a dark one a plain cell (its
// background), so it reads right on the dark background the portal
// assumes and inverted on a light one, which not every scanner reads (the
// setup key is beside it). Colour would fix the polarity; NO_COLOR
// forbids it.
// Spaces in reverse video fill the whole cell, where a font's █ may leave
// gaps between lines.
const (
	sgrReverse   = "\x1b[7m"
	sgrNoReverse = "\x1b[27m"
)

// qrPlainHalfBlocks is qrHalfBlocks without colour: each cell is a space
// (both modules dark), a reverse-video space (both light), ▀ (light over
// dark) or ▄ (dark over light), the half blocks in the foreground colour.
func qrPlainHalfBlocks(m [][]bool) string {
	var b strings.Builder
	for y := 0; y < len(m); y += 2 {
		reversed := false
		for x := range m[y] {
			light := !m[y][x]
			lightBelow := y+1 >= len(m) || !m[y+1][x]
			cell, rev := " ", false
			switch {
			case light && lightBelow:
				rev = true
			case light:
				cell = "▀"
			case lightBelow:
				cell = "▄"
			}
			b.WriteString(reverseSwitch(&reversed, rev) + cell)
		}
		b.WriteString(reverseSwitch(&reversed, false))
		if y+2 < len(m) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// qrPlainFullBlocks is qrFullBlocks without colour: two reverse-video
// spaces for a light module, two plain spaces for a dark one.
func qrPlainFullBlocks(m [][]bool) string {
	var b strings.Builder
	for y := range m {
		reversed := false
		for x := range m[y] {
			b.WriteString(reverseSwitch(&reversed, !m[y][x]) + "  ")
		}
		b.WriteString(reverseSwitch(&reversed, false))
		if y+1 < len(m) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// reverseSwitch is the escape that turns reverse video on or off when the
// next cell needs the other state, and nothing when it does not.
func reverseSwitch(reversed *bool, want bool) string {
	if *reversed == want {
		return ""
	}
	*reversed = want
	if want {
		return sgrReverse
	}
	return sgrNoReverse
}

// qrSize is the text size of a rendering: columns and lines.
func qrSize(m [][]bool, large bool) (w, h int) {
	if large {
		return 2 * len(m), len(m)
	}
	return len(m), (len(m) + 1) / 2
}
