package door

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// term is a tiny terminal: enough of ANSI (cursor position, erase line,
// erase below, erase screen; SGR and modes ignored) to check that what a
// screen writes leaves the terminal showing the view.
type term struct {
	w, h     int
	cells    [][]rune
	row, col int
}

func newTerm(w, h int) *term {
	t := &term{w: w, h: h}
	t.eraseAll()
	return t
}

func (t *term) eraseAll() {
	t.cells = make([][]rune, t.h)
	for i := range t.cells {
		t.cells[i] = []rune(strings.Repeat(" ", t.w))
	}
}

func (t *term) apply(out string) {
	for i := 0; i < len(out); {
		if out[i] != 0x1b {
			r := []rune(out[i:])[0]
			if t.row < t.h && t.col < t.w {
				t.cells[t.row][t.col] = r
			}
			t.col++
			i += len(string(r))
			continue
		}
		// CSI: ESC [ params final
		j := i + 2
		for j < len(out) && (out[j] < 0x40 || out[j] > 0x7e) {
			j++
		}
		params, final := out[i+2:j], out[j]
		i = j + 1
		switch final {
		case 'H':
			r, c := 1, 1
			if params != "" {
				p := strings.Split(params, ";")
				r, _ = strconv.Atoi(p[0])
				if len(p) > 1 {
					c, _ = strconv.Atoi(p[1])
				}
			}
			t.row, t.col = r-1, c-1
		case 'K':
			for c := t.col; c < t.w; c++ {
				t.cells[t.row][c] = ' '
			}
		case 'J':
			if params == "2" {
				t.eraseAll()
				continue
			}
			for c := t.col; c < t.w; c++ {
				t.cells[t.row][c] = ' '
			}
			for r := t.row + 1; r < t.h; r++ {
				t.cells[r] = []rune(strings.Repeat(" ", t.w))
			}
		}
	}
}

func (t *term) String() string {
	lines := make([]string, t.h)
	for i, l := range t.cells {
		lines[i] = strings.TrimRight(string(l), " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// instantScreen has no frame limit, so every change is written at once.
func instantScreen(out *writes) *screen {
	s := newScreen(out, 30)
	s.interval = 0
	return s
}

type writes struct{ b []string }

func (w *writes) Write(p []byte) (int, error) {
	w.b = append(w.b, string(p))
	return len(p), nil
}

func (w *writes) take() string {
	s := strings.Join(w.b, "")
	w.b = nil
	return s
}

func TestScreenWritesOnlyChangedLinesAndKeepsTheTerminalRight(t *testing.T) {
	t.Parallel()
	out := &writes{}
	s := instantScreen(out)
	tm := newTerm(20, 5)
	s.draw("") // Bubble Tea's first view, before the size is known
	if got := out.take(); got != "" {
		t.Fatalf("an empty view before the size wrote %q", got)
	}
	s.resize(20, 5)
	frames := []string{
		"header\nline one\nline two\nfooter",
		"header\nline 1\nline two\nfooter",
		"header\nline 1\nfooter",
		"a view wider than the terminal\nx",
	}
	for i, f := range frames {
		s.draw(f)
		w := out.take()
		if i == 0 && !strings.HasPrefix(w, seqOpen) {
			t.Fatalf("first frame does not open the alternate screen: %q", w)
		}
		if i == 1 && (strings.Contains(w, "header") || strings.Contains(w, "footer")) {
			t.Fatalf("unchanged lines were written again: %q", w)
		}
		tm.apply(w)
		want := f
		if i == 3 {
			want = "a view wider than th\nx"
		}
		if tm.String() != want {
			t.Fatalf("frame %d: terminal shows\n%s\nwant\n%s", i, tm, want)
		}
	}
	s.draw(frames[3])
	if got := out.take(); got != "" {
		t.Fatalf("an unchanged view wrote %q", got)
	}
	s.close()
	if got := out.take(); got != seqClose {
		t.Fatalf("close wrote %q", got)
	}
	s.draw("after close")
	if got := out.take(); got != "" {
		t.Fatalf("a closed screen wrote %q", got)
	}
}

func TestScreenRepaintsEverythingAfterAResize(t *testing.T) {
	t.Parallel()
	out := &writes{}
	s := instantScreen(out)
	s.resize(20, 3)
	s.draw("one\ntwo\nthree")
	out.take()
	s.resize(10, 3)
	s.draw("one\ntwo\nthree") // the same text after the resize
	w := out.take()
	if !strings.Contains(w, "\x1b[2J") || !strings.Contains(w, "one") || !strings.Contains(w, "three") {
		t.Fatalf("resize did not repaint: %q", w)
	}
	s.resize(10, 3) // the same size again: nothing to do
	s.draw("one\ntwo\nthree")
	if got := out.take(); got != "" {
		t.Fatalf("an unchanged size repainted: %q", got)
	}
}

func TestScreenDefersAFrameThatComesTooSoon(t *testing.T) {
	t.Parallel()
	out := &writes{}
	s := newScreen(out, 1)
	s.interval = time.Hour // the second frame is always "too soon"
	s.resize(20, 3)
	s.draw("first")
	if out.take() == "" {
		t.Fatal("the first frame waited")
	}
	s.draw("second")
	s.draw("third")
	if got := out.take(); got != "" {
		t.Fatalf("a frame inside the interval was written at once: %q", got)
	}
	// The timer's work, run now: only the latest view goes out.
	s.flushLater()
	w := out.take()
	if !strings.Contains(w, "third") || strings.Contains(w, "second") {
		t.Fatalf("deferred frame: %q", w)
	}
	s.close()
}

func TestScreenModelPassesMessagesAndDrawsTheView(t *testing.T) {
	t.Parallel()
	out := &writes{}
	inner := &echoModel{}
	m := &screenModel{inner: inner, screen: instantScreen(out)}
	m.Update(tea.WindowSizeMsg{Width: 30, Height: 4})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	if v := m.View(); v != "" {
		t.Fatalf("Bubble Tea got a view %q; the screen draws it", v)
	}
	if !bytes.Contains([]byte(out.take()), []byte("last key x")) {
		t.Fatal("the view did not reach the terminal")
	}
	m.Update(tea.ClearScreen())
	m.View()
	if w := out.take(); !strings.Contains(w, "\x1b[2J") || !strings.Contains(w, "last key x") {
		t.Fatalf("ClearScreen did not repaint: %q", w)
	}
}

type echoModel struct{ key string }

func (e *echoModel) Init() tea.Cmd { return nil }
func (e *echoModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		e.key = k.String()
	}
	return e, nil
}
func (e *echoModel) View() string { return "last key " + e.key }
