package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sipdesk/sipdesk/portal"
)

// View draws the two slots, the upload commands, the limits in practice
// and the licence notice, wrapped to the page's width and scrolled where
// they do not fit its height.
func (p *musicPage) View() string {
	s := p.common.Styles
	w := pageWidth(p.common)
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(s.Title.Render("Hold and queue music") + "\n")
	switch {
	case p.err != nil && len(p.slots) == 0:
		b.WriteString(s.Error.Width(w).Render("Could not load your music: "+p.err.Error()+". Press r to try again.") + "\n")
	case !p.loaded:
		b.WriteString(s.Muted.Render("Loading...") + "\n")
	}
	for i, sl := range p.slots {
		for _, line := range strings.Split(strings.TrimSuffix(p.slotView(i, sl), "\n"), "\n") {
			b.WriteString(ansi.Truncate(line, w, "…") + "\n")
		}
	}
	switch {
	case p.confirm && p.list.cursor < len(p.slots):
		b.WriteString("\n" + s.Error.Width(w).Render(fmt.Sprintf("Play the %s as your %s again? Your upload stops at once.",
			portal.DefaultPieceName, p.slots[p.list.cursor].Kind.Label())) + "\n")
		b.WriteString(hint(s, musicKeys.Yes) + " • " + hint(s, musicKeys.No) + "\n")
	case p.busy:
		b.WriteString("\n" + s.Muted.Render("Saving...") + "\n")
	case p.notice != "":
		b.WriteString("\n" + s.OK.Width(w).Render(p.notice) + "\n")
	default:
		b.WriteString("\n")
	}
	c := p.common
	b.WriteString(wrap.Render(s.Key.Render("Upload wav or mp3")+s.Muted.Render(" (it plays within seconds, at most 10 minutes):")) + "\n")
	for _, k := range portal.MusicKinds {
		b.WriteString(copyLine(fmt.Sprintf("scp -P %d %s.mp3 %s@%s:music/%s", c.Port, k, c.Account.UserID, c.Host, k), w) + "\n")
	}
	b.WriteString(wrap.Render(fmt.Sprintf("Limits: hold %s, queue %s.", portal.MusicHold.LimitText(), portal.MusicQueue.LimitText())) + "\n")
	b.WriteString(wrap.Render(fmt.Sprintf("1.5 MB ≈ %.0f s of CD-quality WAV or %.0f s of MP3 at 128 kbit/s; 3 MB twice that.",
		float64(portal.HoldMusicLimit)/176400, float64(portal.HoldMusicLimit)/16000)) + "\n")
	b.WriteString(s.Muted.Width(w).Render(portal.MusicLicenceNotice))
	return p.scroll.view(s, b.String(), p.common.Height)
}

// slotView is one kind: what plays, its waveform, and what is waiting,
// failed or refused.
func (p *musicPage) slotView(i int, sl portal.MusicSlot) string {
	s := p.common.Styles
	var b strings.Builder
	mark := marker(i == p.list.cursor)
	f := sl.Playing
	what, about := portal.DefaultPieceName+" · "+portal.FormatPlayTime(f.Duration), ""
	if !f.Default() {
		what = fmt.Sprintf("%s · %s · %s", shorten(f.Name, 28), shorten(f.Codec, 22), portal.FormatPlayTime(f.Duration))
		about = fmt.Sprintf("  %s bytes · since %s", portal.GroupDigits(f.Size), shortStamp(f.ActivatedAt))
	}
	title := fmt.Sprintf("%-12s", sl.Kind.Title())
	if i == p.list.cursor {
		title = s.Selected.Render(title)
	}
	fmt.Fprintf(&b, "%s%s %s\n", mark, title, what)
	b.WriteString("  " + s.OK.Render(waveform(f.Peaks, 32)) + s.Muted.Render(about) + "\n")
	if w := sl.Pending; w != nil {
		state := "waiting for activation"
		if w.Status == "processing" {
			state = "being converted"
		}
		b.WriteString("  " + s.Key.Render("pending") + fmt.Sprintf(" %s · %s · %s",
			shorten(w.Name, 24), portal.FormatPlayTime(w.Duration), state) + "\n")
	}
	if e := sl.LastFailure; e != nil {
		b.WriteString("  " + s.Error.Render("failed "+shorten(e.Name, 24)+": "+e.Error) + "\n")
	}
	if r := sl.LastRefusal; r != nil {
		name := r.Name
		if name == "" {
			name = "upload"
		}
		b.WriteString("  " + s.Error.Render("refused "+shorten(name, 24)+": "+r.Reason) + "\n")
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

func shortStamp(t time.Time) string { return t.UTC().Format("2 Jan 15:04 UTC") }
