package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/portal"
)

// View draws the two slots, the upload commands, the limits in practice
// and the licence notice; it fits 80x24 with a waiting upload and a
// refusal on both slots.
func (p *musicPage) View() string {
	s := p.common.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Hold and queue music") + "\n")
	switch {
	case p.err != nil && len(p.slots) == 0:
		b.WriteString(s.Error.Render("Could not load your music; press r to try again.") + "\n")
	case !p.loaded:
		b.WriteString(s.Muted.Render("Loading...") + "\n")
	}
	for i, sl := range p.slots {
		b.WriteString(p.slotView(i, sl))
	}
	switch {
	case p.confirm && p.sel < len(p.slots):
		b.WriteString("\n" + s.Error.Render(fmt.Sprintf("Play the %s as your %s again? Your upload stops at once. y/n",
			portal.DefaultPieceName, p.slots[p.sel].Kind.Label())) + "\n")
	case p.busy:
		b.WriteString("\n" + s.Muted.Render("Saving...") + "\n")
	case p.notice != "":
		b.WriteString("\n" + s.OK.Render(p.notice) + "\n")
	default:
		b.WriteString("\n")
	}
	c := p.common
	b.WriteString(s.Key.Render("Upload wav or mp3") + s.Muted.Render(" (it plays within seconds, at most 10 minutes):") + "\n")
	for _, k := range portal.MusicKinds {
		fmt.Fprintf(&b, "  scp -P %d %s.mp3 %s@%s:music/%s\n", c.Port, k, c.Account.UserID, c.Host, k)
	}
	fmt.Fprintf(&b, "Limits: hold %s, queue %s.\n", portal.MusicHold.LimitText(), portal.MusicQueue.LimitText())
	fmt.Fprintf(&b, "1.5 MB ≈ %.0f s of CD-quality WAV or %.0f s of MP3 at 128 kbit/s; 3 MB twice that.\n",
		float64(portal.HoldMusicLimit)/176400, float64(portal.HoldMusicLimit)/16000)
	b.WriteString(s.Muted.Render(portal.MusicLicenceNotice))
	return b.String()
}

// slotView is one kind: what plays, its waveform, and what is waiting,
// failed or refused.
func (p *musicPage) slotView(i int, sl portal.MusicSlot) string {
	s := p.common.Styles
	var b strings.Builder
	marker := "  "
	if i == p.sel {
		marker = s.Key.Render("▸ ")
	}
	f := sl.Playing
	what, about := portal.DefaultPieceName+" · "+portal.FormatPlayTime(f.Duration), ""
	if !f.Default() {
		what = fmt.Sprintf("%s · %s · %s", shorten(f.Name, 28), shorten(f.Codec, 22), portal.FormatPlayTime(f.Duration))
		about = fmt.Sprintf("  %s bytes · since %s", portal.GroupDigits(f.Size), shortStamp(f.ActivatedAt))
	}
	fmt.Fprintf(&b, "%s%-12s %s\n", marker, sl.Kind.Title(), what)
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
