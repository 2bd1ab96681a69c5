package tui

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// clientEnv is what an SSH client sent, as the session's renderer reads it.
type clientEnv []string

func (e clientEnv) Environ() []string { return e }

func (e clientEnv) Getenv(k string) string {
	for _, kv := range e {
		if v, ok := strings.CutPrefix(kv, k+"="); ok {
			return v
		}
	}
	return ""
}

// clientRenderer is a renderer made the way server/door makes a session's:
// from the TERM and environment the client sent (NO_COLOR=1 arrives with
// ssh -o SetEnv), not from the server's own terminal.
func clientRenderer(env ...string) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithEnvironment(clientEnv(append([]string{"TERM=xterm-256color"}, env...))),
		termenv.WithUnsafe())
	r.SetHasDarkBackground(true)
	return r
}

// cell is one character of a rendered line with the attributes a terminal
// gives it.
type cell struct {
	r              rune
	faint, reverse bool
}

var sgrSeq = regexp.MustCompile("^\x1b\\[([0-9;:]*)m")

// cellsOf reads a rendered line as a terminal does: SGR 2 dims, 7
// reverses, 22 and 27 end them, 0 (or nothing) ends everything.
func cellsOf(line string) []cell {
	var out []cell
	var faint, reverse bool
	for i := 0; i < len(line); {
		if m := sgrSeq.FindStringSubmatch(line[i:]); m != nil {
			for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
				switch n, _ := strconv.Atoi(p); n {
				case 0:
					faint, reverse = false, false
				case 2:
					faint = true
				case 22:
					faint = false
				case 7:
					reverse = true
				case 27:
					reverse = false
				}
			}
			if m[1] == "" {
				faint, reverse = false, false
			}
			i += len(m[0])
			continue
		}
		r := []rune(line[i:])[0]
		out = append(out, cell{r: r, faint: faint, reverse: reverse})
		i += len(string(r))
	}
	return out
}

// fieldCells are the cells after a form field's prompt: the line where
// label is followed by the "> " prompt.
func fieldCells(t *testing.T, view, label string) []cell {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(label) + ` +> `)
	for _, line := range strings.Split(view, "\n") {
		cells := cellsOf(line)
		var plain strings.Builder
		for _, c := range cells {
			plain.WriteRune(c.r)
		}
		if loc := re.FindStringIndex(plain.String()); loc != nil {
			return cells[len([]rune(plain.String()[:loc[1]])):]
		}
	}
	t.Fatalf("no field %q on the screen:\n%s", label, ansi.Strip(view))
	return nil
}

// wantPlaceholder checks that a field shows text as a placeholder: every
// cell dim, except, when the field has focus, the first, which is the
// cursor in reverse video.
func wantPlaceholder(t *testing.T, view, label, text string, focused bool) {
	t.Helper()
	cells := fieldCells(t, view, label)
	if len(cells) < len([]rune(text)) {
		t.Fatalf("field %q: %d cells, want placeholder %q:\n%s", label, len(cells), text, ansi.Strip(view))
	}
	for i, r := range []rune(text) {
		c := cells[i]
		cursor := focused && i == 0
		if c.r != r || c.reverse != cursor || !cursor && !c.faint {
			t.Fatalf("field %q: cell %d is %q (dim %v, reverse %v), want %q of the placeholder %q, dim, cursor (reverse) %v:\n%q",
				label, i, c.r, c.faint, c.reverse, r, text, cursor, view)
		}
	}
}

// wantCursorAfter checks that a field shows typed (not dim), followed by
// the cursor: a reverse-video cell.
func wantCursorAfter(t *testing.T, view, label, typed string) {
	t.Helper()
	cells := fieldCells(t, view, label)
	n := len([]rune(typed))
	if len(cells) <= n {
		t.Fatalf("field %q: no cursor cell after %q:\n%q", label, typed, view)
	}
	for i, r := range []rune(typed) {
		if c := cells[i]; c.r != r || c.faint || c.reverse {
			t.Fatalf("field %q: cell %d is %q (dim %v, reverse %v), want %q plain:\n%q", label, i, c.r, c.faint, c.reverse, r, view)
		}
	}
	if c := cells[n]; !c.reverse || c.faint {
		t.Fatalf("field %q: the cell after %q is %q (dim %v, reverse %v), want the cursor in reverse video:\n%q", label, typed, c.r, c.faint, c.reverse, view)
	}
}

// Every form's fields, drawn with a session's renderer in colour and with
// NO_COLOR: a placeholder is dim (and, without colour, bracketed, since
// dim alone is a colour change some terminals do not make), the focused
// field has a cursor cell in reverse video, also after typing into a
// masked field. The trial in tmux saw "Code > 123 456" as if typed and no
// cursor at all: the inputs kept the bubbles defaults, drawn by the
// server's colourless renderer.
func TestTextFieldsShowPlaceholdersAndACursor(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name string
		env  []string
	}{{"colour", nil}, {"nocolor", []string{"NO_COLOR=1"}}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			styles := NewStyles(clientRenderer(mode.env...))
			if styles.NoColor != (mode.env != nil) {
				t.Fatalf("NO_COLOR %v, the styles say %v", mode.env != nil, styles.NoColor)
			}
			ph := func(s string) string {
				if styles.NoColor {
					return "[" + s + "]"
				}
				return s
			}
			check := func(t *testing.T, v string) {
				t.Helper()
				if styles.NoColor {
					if m := colourSGR.FindString(v); m != "" {
						t.Fatalf("colour code %q under NO_COLOR", m)
					}
				}
			}
			c := goldenFixture(t, "2fa", false)
			c.Styles = styles
			c.Voice = voiceIn(i18n.DeCH)

			t.Run("forgot", func(t *testing.T) {
				m := NewForgot(FlowCommon{Common: c, Region: portal.RegionCH})
				m.Init()
				m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
				v := m.View()
				check(t, v)
				wantPlaceholder(t, v, "E-Mail-Adresse", ph("name@example.ch"), true)
				for _, r := range "abc" {
					m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
				}
				wantCursorAfter(t, m.View(), "E-Mail-Adresse", "abc")
			})
			t.Run("reset", func(t *testing.T) {
				m := NewReset(FlowCommon{Common: c, Region: portal.RegionCH}, "token", c.Account)
				m.Init()
				m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
				v := m.View()
				check(t, v)
				wantPlaceholder(t, v, "Neues Passwort", ph("neues Passwort"), true)
				wantPlaceholder(t, v, "Wiederholen", ph("neues Passwort wiederholen"), false)
				wantPlaceholder(t, v, "2FA-Code", ph("Code aus Ihrer App oder Wiederherstellungscode"), false)
			})
			for _, sc := range []struct {
				name, keys        string
				first, firstPH    string
				second, secondPH  string
				typedInto, secret string
			}{
				{"2fa-off", "4d", "Passwort", "Login-Passwort", "Code", "123 456", "Passwort", "•••"},
				{"new-recovery-codes", "4g", "Code", "123 456", "", "", "Code", "abc"},
			} {
				t.Run(sc.name, func(t *testing.T) {
					app := newQuickApp(c)
					run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
					run(t, app, goldenKeys(sc.keys)...)
					v := app.View()
					check(t, v)
					wantPlaceholder(t, v, sc.first, ph(sc.firstPH), true)
					if sc.second != "" {
						wantPlaceholder(t, v, sc.second, ph(sc.secondPH), false)
					}
					run(t, app, goldenKeys("abc")...)
					wantCursorAfter(t, app.View(), sc.typedInto, sc.secret)
				})
			}
			t.Run("password-and-2fa-setup", func(t *testing.T) {
				plain := goldenFixture(t, "plain", false)
				plain.Styles = styles
				plain.Voice = voiceIn(i18n.DeCH)
				app := newQuickApp(plain)
				run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 100, Height: 40})
				run(t, app, goldenKeys("4p")...)
				v := app.View()
				check(t, v)
				wantPlaceholder(t, v, "Aktuell", ph("aktuelles Passwort"), true)
				wantPlaceholder(t, v, "Neu", ph("neues Passwort"), false)
				run(t, app, goldenKeys("abc")...)
				wantCursorAfter(t, app.View(), "Aktuell", "•••")
				run(t, app, goldenKeys("\x1bs\r")...)
				v = app.View()
				wantPlaceholder(t, v, "Code", ph("123 456"), true)
			})
		})
	}
}

// The forgot form's placeholder is the address its refusal asks for, at
// the region's example domain, in every language.
func TestForgotFormExampleAddressAgreesWithTheRegion(t *testing.T) {
	t.Parallel()
	base := testCommon(t)
	base.Styles = NewStyles(clientRenderer())
	for _, region := range []string{portal.RegionCH, portal.RegionAT} {
		for _, loc := range everyLocale {
			c := base
			c.Voice = voiceIn(loc)
			m := NewForgot(FlowCommon{Common: c, Region: region})
			m.Init()
			m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			example := m.f.inputs[len(m.f.inputs)-1].Placeholder
			if want := "@example." + strings.ToLower(region); !strings.HasSuffix(example, want) {
				t.Errorf("%s %s: placeholder %q, want an address ending in %s", region, loc, example, want)
			}
			if region == portal.RegionAT {
				m.Update(tea.KeyMsg{Type: tea.KeyTab}) // past the user ID
			}
			m.Update(tea.KeyMsg{Type: tea.KeyEnter})
			v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
			if !strings.Contains(v, example+".") {
				t.Errorf("%s %s: the refusal does not write the address as the placeholder %q does:\n%s", region, loc, example, v)
			}
		}
	}
}
