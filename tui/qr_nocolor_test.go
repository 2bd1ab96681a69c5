package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// readBackPlain turns a NO_COLOR rendering back into modules as a camera
// sees it on a dark-background terminal: a reverse-video cell is light, a
// plain one dark, ▀ light over dark, ▄ dark over light. Any escape but
// reverse video on and off fails the test: NO_COLOR forbids colour.
func readBackPlain(t *testing.T, s string, large bool) [][]bool {
	t.Helper()
	var m [][]bool
	for _, line := range strings.Split(s, "\n") {
		var top, bottom []bool
		rev := false
		for i := 0; i < len(line); {
			if loc := sgrRe.FindStringIndex(line[i:]); loc != nil && loc[0] == 0 {
				switch code := line[i : i+loc[1]]; code {
				case sgrReverse:
					rev = true
				case sgrNoReverse:
					rev = false
				default:
					t.Fatalf("escape %q in a NO_COLOR QR code", code)
				}
				i += loc[1]
				continue
			}
			r := []rune(line[i:])[0]
			i += len(string(r))
			// true is a dark module.
			switch {
			case r == ' ':
				top, bottom = append(top, !rev), append(bottom, !rev)
			case r == '▀' && !rev:
				top, bottom = append(top, false), append(bottom, true)
			case r == '▄' && !rev:
				top, bottom = append(top, true), append(bottom, false)
			default:
				t.Fatalf("unexpected cell %q (reverse %v)", r, rev)
			}
		}
		if rev {
			t.Fatalf("line leaves reverse video on: %q", line)
		}
		if large {
			row := make([]bool, len(top)/2)
			for x := range row {
				row[x] = top[2*x]
			}
			m = append(m, row)
		} else {
			m = append(m, top, bottom)
		}
	}
	return m
}

// decodePlainScreenQR is decodeScreenQR for a screen without colour.
func decodePlainScreenQR(t *testing.T, screen string) string {
	t.Helper()
	var qrLines []string
	for _, line := range strings.Split(screen, "\n") {
		start := strings.Index(line, sgrReverse)
		if start < 0 {
			continue
		}
		end := strings.LastIndex(line, sgrNoReverse)
		qrLines = append(qrLines, line[start:end+len(sgrNoReverse)])
	}
	if len(qrLines) == 0 {
		t.Fatalf("no QR code on the screen:\n%s", screen)
	}
	m := readBackPlain(t, strings.Join(qrLines, "\n"), false)
	return decode(t, m[:len(m)-1]) // the last half row is padding
}

var colourSGR = regexp.MustCompile("\x1b\\[[0-9;]*[34]8;|\x1b\\[(3|4|9|10)[0-9]m")

// Under NO_COLOR both sizes of the QR code carry no colour code, only
// reverse video, and still decode to the URI; at its size the text is
// what qrSize says.
func TestQRWithoutColourDecodes(t *testing.T) {
	t.Parallel()
	uri := "otpauth://totp/demo@example.ch?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=sipdesk"
	m, err := qrMatrix(uri)
	if err != nil {
		t.Fatal(err)
	}
	for _, large := range []bool{false, true} {
		s := qrView(m, large, true)
		if colourSGR.MatchString(s) {
			t.Fatalf("large=%v: colour codes under NO_COLOR: %q", large, colourSGR.FindString(s))
		}
		w, h := qrSize(m, large)
		lines := strings.Split(sgrRe.ReplaceAllString(s, ""), "\n")
		if len(lines) != h || len([]rune(lines[0])) != w {
			t.Fatalf("large=%v: %dx%d text, qrSize says %dx%d", large, len([]rune(lines[0])), len(lines), w, h)
		}
		if got := decode(t, readBackPlain(t, s, large)[:len(m)]); got != uri {
			t.Fatalf("large=%v decoded %q", large, got)
		}
	}
}

// The 2FA set-up screen of a NO_COLOR session shows a QR code without
// colour codes that decodes to the set-up URI.
func TestTwoFactorSetupScreenWithoutColourDecodes(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	app := newQuickApp(c)
	run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	run(t, app, keys2("4s")...)
	v := app.View()
	if colourSGR.MatchString(v) {
		t.Fatalf("colour codes on a NO_COLOR screen: %q", colourSGR.FindString(v))
	}
	page := app.pages[app.active].(*accountPage)
	if got := decodeScreenQR(t, v); !strings.Contains(got, "secret="+page.setup.Secret) {
		t.Fatalf("the QR code holds %q", got)
	}
}
