package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
)

// longUserID is the longest user ID customers have: it fits no 60-column
// line, and with a host and path no 80-column one.
const longUserID = "maximilian.mustermann-oberhofer@buchhaltung.grossunternehmen.ch"

// copiedCommands are the commands on a screen as they paste into a shell:
// each starts at a line holding only the command ("ssh -p", "scp -P"), and
// lines ending in " \" continue it.
func copiedCommands(screen string) []string {
	var cmds []string
	lines := strings.Split(ansi.Strip(screen), "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(l, "ssh -p ") && !strings.HasPrefix(l, "scp -P ") {
			continue
		}
		cmd := l
		for strings.HasSuffix(cmd, " \\") && i+1 < len(lines) {
			i++
			cmd = strings.TrimSuffix(cmd, " \\") + " " + strings.TrimSpace(lines[i])
		}
		cmds = append(cmds, cmd)
	}
	return cmds
}

var widenNote = regexp.MustCompile(`widen it to (\d+) columns`)

// checkCopyable is what every screen with a command to copy keeps: no line
// wider than the window, every command shown whole (one of want), and
// where one is missing, the note saying how wide the window must be.
func checkCopyable(t *testing.T, screen string, width int, want ...[]string) (note int) {
	t.Helper()
	for i, line := range strings.Split(screen, "\n") {
		if w := lipgloss.Width(line); w > width {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, width, ansi.Strip(line))
		}
	}
	got := copiedCommands(screen)
	flat := strings.Join(strings.Fields(ansi.Strip(screen)), " ")
	if m := widenNote.FindStringSubmatch(flat); m != nil {
		note, _ = strconv.Atoi(m[1])
	}
	if len(got) != len(want) && note == 0 {
		t.Errorf("%d commands and no note to widen the window, want %d commands:\n%s", len(got), len(want), ansi.Strip(screen))
	}
	for _, g := range got {
		whole := false
		for _, forms := range want {
			for _, f := range forms {
				whole = whole || g == f
			}
		}
		if !whole {
			t.Errorf("command %q is not one of %q", g, want)
		}
	}
	return note
}

func longIDCommon(t *testing.T) Common {
	c := goldenCommon(t, false)
	c.Account.UserID = longUserID
	c.Host = "portal.example.ch"
	return c
}

// The Music page's upload commands with the longest user ID: whole at 80
// columns (the -o User= form), replaced by the note at 60, and whole again
// at the width the note names; never cut.
func TestMusicUploadCommandsAreNeverCut(t *testing.T) {
	t.Parallel()
	c := longIDCommon(t)
	forms := func(kind portal.MusicKind) []string {
		return []string{
			fmt.Sprintf("scp -P 2222 %s.mp3 %s@portal.example.ch:music/%s", kind, longUserID, kind),
			fmt.Sprintf("scp -P 2222 -o User=%s %s.mp3 portal.example.ch:music/%s", longUserID, kind, kind),
		}
	}
	want := [][]string{forms(portal.MusicHold), forms(portal.MusicQueue)}
	screen := func(width int) string {
		app := newQuickApp(c)
		// Tall enough for the whole page: the commands are not scrolled away.
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: width, Height: 80})
		run(t, app, keys2("3")...)
		return app.View()
	}
	if note := checkCopyable(t, screen(80), 80, want...); note != 0 || len(copiedCommands(screen(80))) != 2 {
		t.Errorf("80 columns: want both commands whole, got %q (note %d)", copiedCommands(screen(80)), note)
	}
	note := checkCopyable(t, screen(60), 60, want...)
	if note == 0 {
		t.Fatalf("60 columns: no note to widen the window:\n%s", screen(60))
	}
	if got := copiedCommands(screen(note)); len(got) != 2 {
		t.Errorf("at the %d columns the note names, the commands are %q", note, got)
	}
	checkCopyable(t, screen(note), note, want...)
	if got := copiedCommands(screen(note - 1)); len(got) == 2 {
		t.Errorf("the note names %d columns, but %d are enough", note, note-1)
	}
}

// The reset form's success screen with the longest user ID: the login
// command whole, or the note, at every size; never past the window.
func TestResetSuccessLoginCommandIsNeverCut(t *testing.T) {
	t.Parallel()
	c := longIDCommon(t)
	acct := c.Account
	want := []string{
		"ssh -p 2222 " + longUserID + "@portal.example.ch",
		"ssh -p 2222 -l " + longUserID + " portal.example.ch",
	}
	screen := func(w, h int) string {
		m := NewReset(FlowCommon{Common: c, Region: portal.RegionCH}, "token", acct)
		m.Init()
		m.Update(tea.WindowSizeMsg{Width: w, Height: h})
		m.Update(resetDoneMsg{})
		return m.View()
	}
	for _, size := range goldenSizes {
		v := screen(size[0], size[1])
		note := checkCopyable(t, v, size[0], want)
		if size[0] >= 80 && note != 0 {
			t.Errorf("%dx%d: the note instead of the command:\n%s", size[0], size[1], v)
		}
		if note != 0 {
			if got := copiedCommands(screen(note, size[1])); len(got) != 1 {
				t.Errorf("%dx%d: at the %d columns the note names, the command is %q", size[0], size[1], note, got)
			}
		}
	}
}
