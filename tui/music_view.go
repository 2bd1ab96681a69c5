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
	for i, sl := range p.slots {
		for _, line := range strings.Split(strings.TrimSuffix(p.slotView(i, sl), "\n"), "\n") {
			b.WriteString(ansi.Truncate(line, w, "…") + "\n")
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
	return p.scroll.view(p.common, b.String(), p.common.Height)
}

// slotView is one kind: what plays, its waveform, and what is waiting,
// failed or refused.
func (p *musicPage) slotView(i int, sl portal.MusicSlot) string {
	c := p.common
	s := c.Styles
	var b strings.Builder
	mark := marker(i == p.list.cursor)
	f := sl.Playing
	what, about := c.T("term.default_piece")+" · "+c.V().PlayTime(f.Duration), ""
	if !f.Default() {
		what = fmt.Sprintf("%s · %s · %s", shorten(f.Name, 28), shorten(f.Codec, 22), c.V().PlayTime(f.Duration))
		about = "  " + c.T("music.bytes", int(f.Size)) + " · " + c.T("music.active_since", c.V().Clock.DateTime(f.ActivatedAt))
	}
	// Both titles in one column, however long the language makes them.
	titleW := max(ansi.StringWidth(c.V().MusicTitle(portal.MusicHold)), ansi.StringWidth(c.V().MusicTitle(portal.MusicQueue)))
	title := fmt.Sprintf("%-*s", titleW+1, c.V().MusicTitle(sl.Kind))
	if i == p.list.cursor {
		title = s.Selected.Render(title)
	}
	fmt.Fprintf(&b, "%s%s %s\n", mark, title, what)
	b.WriteString("  " + s.OK.Render(waveform(f.Peaks, 32)) + s.Muted.Render(about) + "\n")
	if w := sl.Pending; w != nil {
		state := c.T("music.state_waiting")
		if w.Status == "processing" {
			state = c.T("music.state_converting")
		}
		b.WriteString("  " + s.Key.Render(c.T("music.word_pending")) + fmt.Sprintf(" %s · %s · %s",
			shorten(w.Name, 24), c.V().PlayTime(w.Duration), state) + "\n")
	}
	if e := sl.LastFailure; e != nil {
		b.WriteString("  " + s.Error.Render(c.T("music.word_failed")+" "+shorten(e.Name, 24)+": "+c.V().MusicFailure(sl.Kind, e.Code, e.Error)) + "\n")
	}
	if r := sl.LastRefusal; r != nil {
		name := r.Name
		if name == "" {
			name = c.T("music.word_upload")
		}
		b.WriteString("  " + s.Error.Render(c.T("music.word_refused")+" "+shorten(name, 24)+": "+c.V().MusicRefusal(sl.Kind, r.Code, r.Reason)) + "\n")
	}
	return b.String()
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
