package audio

import (
	"testing"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// repackReservoir rewrites a file of bare MPEG-1 Layer III frames (no
// CRC) so that each frame's main data starts as early as the bit
// reservoir allows (main_data_begin up to 511 bytes back): the frames,
// their side information and their main data are unchanged, only where
// the main data sits moves. Joined files (mono.mp3 then dual.mp3) start
// each part with an empty reservoir; repacked, the first frame after the
// join takes its data from the frames before it, across the change of
// channel mode, as an encoder that switches modes mid-stream does. It
// returns the new file and each frame's main_data_begin.
func repackReservoir(t *testing.T, b []byte) ([]byte, []int) {
	t.Helper()
	type frame struct {
		h        mpa.Header
		side     []byte
		section  int // bytes after the side information
		main     []byte
		sectionP int // where its section starts in the main data stream
	}
	var frames []frame
	var stream []byte // every section, in order
	for p := 0; p < len(b); {
		h, ok := mpa.ParseHeader(b[p:])
		if !ok || h.Version != mpa.MPEG1 || h.Layer != 3 || h.CRC || p+h.FrameSize > len(b) {
			t.Fatalf("not a bare MPEG-1 Layer III frame without CRC at %d", p)
		}
		sis := h.SideInfoSize()
		f := frame{h: h, side: b[p+4 : p+4+sis], section: h.FrameSize - 4 - sis, sectionP: len(stream)}
		stream = append(stream, b[p+4+sis:p+h.FrameSize]...)
		frames = append(frames, f)
		p += h.FrameSize
	}
	// Each frame's main data: part2_3_length bits of every granule and
	// channel, from main_data_begin bytes before its section.
	for i := range frames {
		f := &frames[i]
		bits, nch := 0, f.h.Channels()
		for gc := range 2 * nch {
			bits += sideBits(f.side, 9+(5-2*(nch-1))+4*nch+59*gc, 12)
		}
		start := f.sectionP - sideBits(f.side, 0, 9)
		f.main = stream[start : start+(bits+7)/8]
	}
	out := make([]byte, 0, len(b))
	packed := make([]byte, len(stream))
	var mdbs []int
	next := 0 // where the next main data goes in packed
	for _, f := range frames {
		at := max(next, f.sectionP-511)
		if at+len(f.main) > f.sectionP+f.section {
			t.Fatalf("main data does not fit: %d+%d > %d", at, len(f.main), f.sectionP+f.section)
		}
		copy(packed[at:], f.main)
		next = at + len(f.main)
		mdbs = append(mdbs, f.sectionP-at)
	}
	p := 0
	for i, f := range frames {
		side := append([]byte(nil), f.side...)
		side[0], side[1] = byte(mdbs[i]>>1), side[1]&0x7F|byte(mdbs[i]&1)<<7
		hdr := b[p : p+4]
		out = append(append(append(out, hdr...), side...), packed[f.sectionP:f.sectionP+f.section]...)
		p += f.h.FrameSize
	}
	return out, mdbs
}

// sideBits reads n bits at bit offset off of the side information.
func sideBits(side []byte, off, n int) int {
	v := 0
	for i := off; i < off+n; i++ {
		v = v<<1 | int(side[i/8]>>(7-i%8)&1)
	}
	return v
}

// The repacking itself is checked on a file that is not joined: it must
// decode exactly as before, since no frame's data changed.
func TestRepackReservoirKeepsTheAudio(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	runTool(t, dir, "sox", "-D", "-V1", "-n", "-r", "32000", "-c", "2", "-b", "16", "s32.wav", "synth", "1.5", "sine", "440", "sine", "660", "gain", "-6")
	runTool(t, dir, "lame", "--quiet", "-t", "-b", "160", "-m", "d", "s32.wav", "dual.mp3")
	orig := readFile(t, dir, "dual.mp3")
	repacked, _ := repackReservoir(t, orig)
	a, _ := decodeAll(t, orig)
	b, _ := decodeAll(t, repacked)
	if len(a) != len(b) {
		t.Fatalf("%d samples before, %d after", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("sample %d differs: %v, %v", i, a[i], b[i])
		}
	}
}
