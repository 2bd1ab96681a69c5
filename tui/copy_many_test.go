package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// widenNotes counts the notes asking to widen the window on a screen.
func widenNotes(screen string) int {
	flat := strings.Join(strings.Fields(ansi.Strip(screen)), " ")
	return len(widenNote.FindAllString(flat, -1))
}

// At 60x20 with the longest user ID neither scp command of the Music page
// fits: one note stands for both, naming the width at which both fit.
func TestMusicWidenNoteShownOnceForBothCommands(t *testing.T) {
	t.Parallel()
	c := longIDCommon(t)
	for _, size := range [][2]int{{60, 20}, {60, 80}} {
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		run(t, app, keys2("3")...)
		// At 60x20 the note is on the first screenful (end selects the
		// last slot on Music; it does not scroll).
		screen := app.View()
		if n := widenNotes(screen); n != 1 {
			t.Errorf("%dx%d: %d notes to widen the window, want 1:\n%s", size[0], size[1], n, ansi.Strip(screen))
		}
		if !strings.Contains(strings.Join(strings.Fields(ansi.Strip(screen)), " "), "The commands to copy are wider") {
			t.Errorf("%dx%d: the note does not speak of both commands:\n%s", size[0], size[1], ansi.Strip(screen))
		}
	}
}

// A command that fits is shown; the one that does not gets the note in its
// place, in the singular.
func TestCopyCommandsShowsWhatFits(t *testing.T) {
	t.Parallel()
	c := goldenCommon(t, false)
	short := []string{"scp -P 2222 a.mp3 host:music/hold"}
	long := []string{"scp -P 2222 " + strings.Repeat("x", 70) + ".mp3 host:music/queue"}
	out := ansi.Strip(copyCommands(c, 60, 60, short, long))
	flat := strings.Join(strings.Fields(out), " ")
	if !strings.HasPrefix(strings.TrimSpace(out), short[0]) {
		t.Errorf("the command that fits is not shown first:\n%s", out)
	}
	if widenNotes(out) != 1 || !strings.Contains(flat, "The command to copy is wider") {
		t.Errorf("want one note for the one command that does not fit:\n%s", out)
	}
}
