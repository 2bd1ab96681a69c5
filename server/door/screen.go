package door

import (
	"hash/maphash"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// screen draws a Bubble Tea program's view on a session's terminal. It
// replaces Bubble Tea v1's standard renderer, which wakes on a ticker FPS
// times a second for as long as the program runs and compares (and copies)
// the whole frame on every tick, changed or not: with a thousand idle
// sessions that was 30,000 wake-ups a second and most of the server's idle
// CPU. A screen does nothing until a message changes the view; then it
// writes only the lines that differ from what the terminal shows, in one
// write. Frames are still limited to FPS: a change that comes sooner than
// one frame interval after the last write is sent when the interval is
// over, by a one-shot timer that exists only while such a frame waits.
//
// It keeps the standard renderer's terminal contract: the alternate screen,
// a hidden cursor and bracketed paste while the program runs, restored when
// it ends; a full repaint after a resize or tea.ClearScreen.
type screen struct {
	out      io.Writer
	interval time.Duration

	mu      sync.Mutex
	width   int
	height  int
	opened  bool     // the alternate screen is on
	closed  bool     // the program ended: write nothing more
	lines   []uint64 // hash of each line the terminal shows; nil: nothing trusted
	clear   bool     // erase the screen before the next frame
	want    uint64   // hash of the latest view, shown or pending
	pending string   // a view not yet written, when dirty
	dirty   bool
	last    time.Time // when the last frame was written
	timer   *time.Timer
	armed   bool
}

var lineSeed = maphash.MakeSeed()

// Terminal sequences, the same the standard renderer sends.
const (
	seqOpen  = "\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l\x1b[?2004h" // alt screen, clear, home, hide cursor, bracketed paste
	seqClose = "\x1b[?2004l\x1b[?25h\x1b[?1049l"              // the reverse
)

func newScreen(out io.Writer, fps int) *screen {
	if fps < 1 {
		fps = 30
	}
	return &screen{out: out, interval: time.Second / time.Duration(fps), want: maphash.String(lineSeed, "")}
}

// resize takes the terminal's new size; the next frame repaints all of it.
func (s *screen) resize(w, h int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w == s.width && h == s.height {
		return
	}
	s.width, s.height = w, h
	s.repaintLocked()
}

// repaint makes the next frame erase the screen and draw every line.
func (s *screen) repaint() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repaintLocked()
}

func (s *screen) repaintLocked() {
	s.lines, s.clear = nil, true
	s.want = 0 // the next view counts as changed even if its text is not
}

// draw takes the program's view after a message. An unchanged view costs
// one hash of the string and nothing else.
func (s *screen) draw(view string) {
	h := maphash.String(lineSeed, view)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || h == s.want {
		return
	}
	s.want, s.pending, s.dirty = h, view, true
	if wait := s.interval - time.Since(s.last); wait > 0 {
		if !s.armed {
			s.armed = true
			if s.timer == nil {
				s.timer = time.AfterFunc(wait, s.flushLater)
			} else {
				s.timer.Reset(wait)
			}
		}
		return
	}
	s.flushLocked()
}

func (s *screen) flushLater() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed = false
	s.flushLocked()
}

// flushLocked writes the pending view: the lines that changed, each at its
// row, in one write so that a frame is one SSH packet and other writers of
// the session (the clipboard sequence) land between frames.
func (s *screen) flushLocked() {
	if !s.dirty || s.closed {
		return
	}
	view := s.pending
	s.pending, s.dirty = "", false

	n := strings.Count(view, "\n") + 1
	skip := 0
	if s.height > 0 && n > s.height {
		// Like the standard renderer: keep the bottom of a view taller
		// than the terminal.
		skip = n - s.height
	}
	var b strings.Builder
	b.Grow(len(view) + 256)
	switch {
	case !s.opened:
		s.opened = true
		b.WriteString(seqOpen) // clears the screen too
	case s.clear:
		b.WriteString(ansi.EraseEntireScreen)
	}
	s.clear = false
	old := s.lines
	if cap(old) >= n-skip && old != nil {
		s.lines = old[:n-skip]
	} else {
		s.lines = make([]uint64, n-skip)
	}
	row := 0
	for i := 0; i < n; i++ {
		line, rest, _ := strings.Cut(view, "\n")
		view = rest
		if i < skip {
			continue
		}
		h := maphash.String(lineSeed, line)
		if row < len(old) && old[row] == h {
			s.lines[row] = h
			row++
			continue
		}
		s.lines[row] = h
		row++
		b.WriteString("\x1b[")
		b.WriteString(strconv.Itoa(row))
		b.WriteString(";1H")
		if s.width > 0 {
			// A line wider than the terminal would wrap and shift
			// everything below it.
			line = ansi.Truncate(line, s.width, "")
		}
		b.WriteString(line)
		if ansi.StringWidth(line) < s.width {
			b.WriteString(ansi.EraseLineRight)
		}
	}
	if len(old) > row {
		// The previous frame was taller: clear what is left below.
		b.WriteString("\x1b[")
		b.WriteString(strconv.Itoa(row + 1))
		b.WriteString(";1H")
		b.WriteString(ansi.EraseScreenBelow)
	}
	s.last = time.Now()
	if _, err := io.WriteString(s.out, b.String()); err != nil {
		s.closed = true
	}
}

// close stops drawing and gives the terminal back: main screen, cursor on,
// bracketed paste off. Called once the program has returned.
func (s *screen) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.closed {
		return
	}
	s.closed = true
	if s.opened {
		_, _ = io.WriteString(s.out, seqClose)
	}
}

// screenModel hands the inner model's view to a screen and gives Bubble
// Tea, running without its renderer, an empty one.
type screenModel struct {
	inner  tea.Model
	screen *screen
	// initCmd runs with the inner model's Init: the command of an update
	// made before the program started (the pty's size).
	initCmd tea.Cmd
}

func (m *screenModel) Init() tea.Cmd { return tea.Batch(m.inner.Init(), m.initCmd) }

func (m *screenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.screen.resize(msg.Width, msg.Height)
	default:
		// The standard renderer's own message; the comparison is safe for
		// any message: different dynamic types are simply unequal.
		if msg == tea.ClearScreen() {
			m.screen.repaint()
		}
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, cmd
}

// View draws: Bubble Tea calls it once at the start and after every
// message, which is exactly when the view can have changed.
func (m *screenModel) View() string {
	m.screen.draw(m.inner.View())
	return ""
}
