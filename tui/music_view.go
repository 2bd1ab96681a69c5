package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
)

// View draws the two slots, the upload commands, the limits in practice
// and the licence notice, wrapped to the page's width and scrolled where
// they do not fit its height.
func (p *musicPage) View() string {
	c := p.common
	s := c.Styles
	w := pageWidth(p.common)
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(s.Title.Render(c.T("music.title")) + "\n")
	switch {
	case p.err != nil && len(p.slots) == 0:
		b.WriteString(s.Error.Width(w).Render(c.T("music.load_failed")+" "+p.err.Error()) + "\n")
	case !p.loaded:
		b.WriteString(s.Muted.Render(c.T("state.loading")) + "\n")
	}
	var selFrom, selTo int // the selected slot's lines
	for i, sl := range p.slots {
		from := strings.Count(b.String(), "\n")
		b.WriteString(p.slotView(i, sl, w))
		if i == p.list.cursor {
			selFrom, selTo = from, strings.Count(b.String(), "\n")
		}
	}
	switch {
	case p.confirm && p.list.cursor < len(p.slots):
		question, _ := c.V().MusicResetQuestion(p.slots[p.list.cursor])
		b.WriteString("\n" + s.Error.Width(w).Render(question+" "+c.V().ConfirmKey()+"/n") + "\n")
		b.WriteString(hint(p.common, p.yesKey()) + " • " + hint(p.common, musicKeys.No) + "\n")
	case p.busy:
		b.WriteString("\n" + s.Muted.Render(c.T("state.saving")) + "\n")
	case p.notice != "":
		b.WriteString("\n" + s.OK.Width(w).Render(p.notice) + "\n")
	default:
		b.WriteString("\n")
	}
	b.WriteString(wrap.Render(s.Key.Render(c.T("music.upload_heading"))+s.Muted.Render(" "+c.T("music.upload_when"))) + "\n")
	// The -o User= form is the same upload with the user ID an argument of
	// its own, so a long ID needs no line as wide as ID, host and path.
	var cmds [][]string
	for _, k := range portal.MusicKinds {
		cmds = append(cmds, []string{
			fmt.Sprintf("scp -P %d %s.mp3 %s@%s:music/%s", c.Port, k, c.Account.UserID, c.Host, k),
			fmt.Sprintf("scp -P%s%d -o%sUser=%s %s.mp3 %s:music/%s", optionJoin, c.Port, optionJoin, c.Account.UserID, k, c.Host, k)})
	}
	b.WriteString(copyCommands(c, w, c.ScreenWidth, cmds...) + "\n")
	b.WriteString(wrap.Render(c.T("music.limits", c.V().MusicLimit(portal.MusicHold), c.V().MusicLimit(portal.MusicQueue))) + "\n")
	b.WriteString(wrap.Render(c.T("music.play_time_limits",
		int(portal.MusicMinPlayTime.Seconds()), int(portal.MusicMaxPlayTime.Minutes()))) + "\n")
	b.WriteString(wrap.Render(c.T("music.limit_seconds", c.V().MusicMegabytes(portal.MusicHold),
		int(math.Round(float64(portal.HoldMusicLimit)/176400)), int(math.Round(float64(portal.HoldMusicLimit)/16000)),
		c.V().MusicMegabytes(portal.MusicQueue))) + "\n")
	b.WriteString(s.Muted.Width(w).Render(c.T("music.licence")))
	if p.follow && len(p.slots) > 0 {
		p.scroll.reveal(selFrom, selTo, p.common.Height)
		p.follow = false
	}
	return p.scroll.view(p.common, b.String(), p.common.Height)
}

// slotView is one kind: what plays, its waveform, and what is waiting,
// failed or refused, wrapped at w columns between words: a status cut
// with "…" could not be read anywhere else (the page scrolls instead).
func (p *musicPage) slotView(i int, sl portal.MusicSlot, w int) string {
	c := p.common
	s := c.Styles
	var b strings.Builder
	f := sl.Playing
	what, about := c.T("term.default_piece")+" · "+c.V().PlayTime(f.Duration), ""
	if !f.Default() {
		what = fmt.Sprintf("%s · %s · %s", shorten(f.Name, 28), shorten(f.Codec, 22), c.V().PlayTime(f.Duration))
		about = c.T("music.bytes", int(f.Size)) + " · " + c.T("music.active_since", c.V().Clock.DateTime(f.ActivatedAt))
	}
	// Both titles in one column, however long the language makes them;
	// what plays goes on beside it, continued under itself.
	titleW := max(ansi.StringWidth(c.V().MusicTitle(portal.MusicHold)), ansi.StringWidth(c.V().MusicTitle(portal.MusicQueue)))
	title := fmt.Sprintf("%-*s", titleW+1, c.V().MusicTitle(sl.Kind))
	if i == p.list.cursor {
		title = s.Selected.Render(title)
	}
	head := marker(i == p.list.cursor) + title + " "
	col := ansi.StringWidth(head)
	if w-col < 16 { // a title too wide to leave room beside it: below it
		b.WriteString(strings.TrimRight(head, " ") + "\n")
		head, col = strings.Repeat(" ", statusIndent), statusIndent
	}
	for j, line := range wrapHanging(what, w-col, w-col) {
		if j == 0 {
			b.WriteString(head + line + "\n")
		} else {
			b.WriteString(strings.Repeat(" ", col) + line + "\n")
		}
	}
	wave := "  " + s.OK.Render(waveform(f.Peaks, 32))
	switch {
	case about == "":
		b.WriteString(wave + "\n")
	case ansi.StringWidth(wave)+2+ansi.StringWidth(about) <= w:
		b.WriteString(wave + s.Muted.Render("  "+about) + "\n")
	default: // under the waveform when it does not fit beside it
		b.WriteString(wave + "\n" + statusLines(s.Muted, "", about, w))
	}
	if pw := sl.Pending; pw != nil {
		state := c.T("music.state_waiting")
		if pw.Status == "processing" {
			state = c.T("music.state_converting")
		}
		b.WriteString(statusLines(s.Plain, s.Key.Render(c.T("music.word_pending")),
			fmt.Sprintf("%s · %s · %s", shorten(pw.Name, 24), c.V().PlayTime(pw.Duration), state), w))
	}
	if e := sl.LastFailure; e != nil {
		b.WriteString(statusLines(s.Error, s.Error.Render(c.T("music.word_failed")),
			shorten(e.Name, 24)+": "+c.V().MusicFailure(sl.Kind, e.Code, e.Error), w))
	}
	if r := sl.LastRefusal; r != nil {
		name := r.Name
		if name == "" {
			name = c.T("music.word_upload")
		}
		b.WriteString(statusLines(s.Error, s.Error.Render(c.T("music.word_refused")),
			shorten(name, 24)+": "+c.V().MusicRefusal(sl.Kind, r.Code, r.Reason), w))
	}
	return b.String()
}

// statusIndent is where a slot's wrapped status lines go on: two columns
// in from the line they continue.
const statusIndent = 4

// statusLines is a status of a slot, indented by two columns: word (styled
// already, may be empty) and text in st, wrapped at w columns, continued
// lines indented by statusIndent.
func statusLines(st lipgloss.Style, word, text string, w int) string {
	lead := "  "
	if word != "" {
		lead += word + " "
	}
	var b strings.Builder
	for j, line := range wrapHanging(text, w-ansi.StringWidth(lead), w-statusIndent) {
		if j == 0 {
			b.WriteString(lead + st.Render(line) + "\n")
		} else {
			b.WriteString(strings.Repeat(" ", statusIndent) + st.Render(line) + "\n")
		}
	}
	return b.String()
}

// wrapHanging breaks text between words into lines of at most first
// columns (the first line) and rest columns (the others); a word wider
// than its line is broken at the column.
func wrapHanging(text string, first, rest int) []string {
	head, more := breakLine(text, max(first, 1), true)
	lines := []string{head}
	if more != "" {
		lines = append(lines, strings.Split(wrapWords(more, max(rest, 1)), "\n")...)
	}
	return lines
}

// waveform draws peak levels as a row of at most width block characters
// (neighbouring peaks merge by their maximum), relative to the loudest:
// the renditions are levelled, so absolute peaks would all look alike.
func waveform(peaks []float32, width int) string {
	levels := []rune("▁▂▃▄▅▆▇█")
	step := max(1, (len(peaks)+width-1)/width)
	var top float32
	for _, p := range peaks {
		top = max(top, p)
	}
	var b strings.Builder
	for i := 0; i < len(peaks); i += step {
		var v float32
		for _, p := range peaks[i:min(i+step, len(peaks))] {
			v = max(v, p)
		}
		if top > 0 {
			v /= top
		}
		b.WriteRune(levels[max(0, min(int(v*float32(len(levels))), len(levels)-1))])
	}
	return b.String()
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
