package audio

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// Joined files. Customers join pieces with `cat a.mp3 b.mp3 > ab.mp3`:
// between the frames of the parts then sit the first part's trailing tags
// (ID3v1, APEv2, Lyrics3), the second's ID3v2 tag and its Xing/Info
// frame. Players skip the tags and play on; so do we. Each part keeps its
// own LAME tag: its encoder delay and padding are trimmed where they are,
// so the parts follow each other without a gap, as each plays alone. A
// part of another sample rate is refused: the conversion resamples the
// whole file from one rate.

// mp3Part is one encoder run in the file: its Xing/Info header and the
// frames it covers.
type mp3Part struct {
	first    int // index of its first audio frame in the file
	frames   int
	bytes    int
	want     xingInfo
	infoSize int // bytes of its Xing/Info frame, 0 without one
	// skip and keep are the decoded samples to drop at its start and to
	// play after them (settlePart).
	skip, keep int64
}

// jump says that audio frame frame starts at pos, not right after the
// one before it: tags or a Xing/Info frame are between them.
type jump struct{ frame, pos int }

// startPart begins a part at a joined file's Xing/Info header x (a frame
// of size bytes) whose audio frames start at pos.
func (m *mp3File) startPart(x xingInfo, size, pos int) {
	m.jumps = append(m.jumps, jump{frame: m.frames, pos: pos})
	if pt := &m.parts[len(m.parts)-1]; pt.frames == 0 {
		pt.want, pt.infoSize = x, size // nothing before it counts
		return
	}
	m.parts = append(m.parts, mp3Part{first: m.frames, want: x, infoSize: size})
}

// joinedInfo reads the Xing/Info frame that starts a part joined on. Its
// side information is zeros, as every encoder writes it; a frame of audio
// never is.
func joinedInfo(f []byte, h mpa.Header) (xingInfo, bool) {
	x, ok := parseXing(f, h)
	if !ok {
		return x, false
	}
	from, to := 4, 36 // VBRI sits at a fixed offset
	if h.CRC {
		from += 2
	}
	if off, ok := xingOffset(f, h); ok {
		to = off
	}
	return x, allZero(f[from:to])
}

// resumeAfterTags skips the tags at b[p:end] that sit between two parts
// (and the zeros some tools pad them with) and reports where the frames
// go on: right after them, or after an ID3v2 tag within the window a
// file's first frame is sought in (see streamStart), as in a file of its
// own. It reports false when no tag is at p or no frames follow; q is
// then where the tags end (p without tags).
func resumeAfterTags(b []byte, p, end int) (q int, h mpa.Header, ok bool) {
	q, id3 := p, -1
	for q < end {
		n, id3v2 := tagAt(b[q:end])
		if n == 0 {
			break
		}
		if id3v2 {
			id3 = q
		}
		q += n
		for q < end && b[q] == 0 {
			q++
		}
	}
	if q == p {
		return p, h, false
	}
	if h, ok := chainAt(b, q, end); ok {
		return q, h, true
	}
	if id3 >= 0 {
		if r, h, ok := findSync(b, max(id3+10, q-syncBack), q+syncWindow, end); ok {
			return r, h, true
		}
	}
	return q, h, false
}

// resumesAfter reports frames somewhere after tags that end at q but are
// followed by something else: damage between two parts, which is refused
// rather than the second part dropped unheard.
func (m *mp3File) resumesAfter(q, end int) bool {
	_, _, ok := findSync(m.data, q, end, end)
	return ok
}

// tagAt returns the size of the tag that starts t: ID3v2 (with its
// footer), ID3v1 (128 bytes; "TAG+" 227 more), an APEv2 tag with a
// header, or Lyrics3; 0 for none or one that does not fit.
func tagAt(t []byte) (n int, id3v2 bool) {
	switch {
	case len(t) >= 10 && string(t[:3]) == "ID3" && t[3] != 0xFF && t[4] != 0xFF && t[6]|t[7]|t[8]|t[9] < 0x80:
		n, id3v2 = 10+(int(t[6])<<21|int(t[7])<<14|int(t[8])<<7|int(t[9])), true
		if t[5]&0x10 != 0 {
			n += 10
		}
	case bytes.HasPrefix(t, []byte("TAG+")):
		n = 227
	case bytes.HasPrefix(t, []byte("TAG")):
		n = 128
	case len(t) >= 32 && string(t[:8]) == "APETAGEX" && binary.LittleEndian.Uint32(t[20:])&(1<<29) != 0:
		n = 32 + int(binary.LittleEndian.Uint32(t[12:]))
	case bytes.HasPrefix(t, []byte("LYRICSBEGIN")):
		// Lyrics3 v2 ends in a 6-digit size and "LYRICS200", v1 in
		// "LYRICSEND" within 5100 bytes.
		if i := bytes.Index(t[:min(len(t), 1_000_015)], []byte("LYRICS200")); i >= 6 {
			if size, err := strconv.Atoi(string(t[i-6 : i])); err == nil && size+6 == i {
				n = i + 9
			}
		} else if i := bytes.Index(t[:min(len(t), 5100+11)], []byte("LYRICSEND")); i > 0 {
			n = i + 9
		}
	}
	if n > len(t) {
		return 0, false
	}
	return n, id3v2
}

// streamChange refuses a part joined on at another sample rate, found
// at b[p:] (after tags, at q). Another layer is no MP3 to join: damage.
func (m *mp3File) streamChange(h mpa.Header, p, q int) error {
	if h.Layer != 3 {
		return m.damaged(p, q)
	}
	at := m.frameTime(m.frames)
	from, to := strconv.Itoa(m.first.SampleRate), strconv.Itoa(h.SampleRate)
	return detailed(DetailRateChange, []string{at, from, to},
		fmt.Sprintf("the mp3 file changes its sample rate at %s, from %s Hz to %s Hz; join only parts of one sample rate, or re-encode the whole file",
			at, from, to), ErrUnsupported)
}

// frameWalk steps through the audio frames, over what chain jumped.
type frameWalk struct {
	m    *mp3File
	n    int // frames taken
	pos  int
	jump int // the next of m.jumps
}

// next returns where the next audio frame starts and its header.
func (w *frameWalk) next() (int, mpa.Header, bool) {
	m := w.m
	if w.n >= m.frames {
		return 0, mpa.Header{}, false
	}
	for w.jump < len(m.jumps) && m.jumps[w.jump].frame == w.n {
		w.pos = m.jumps[w.jump].pos
		w.jump++
	}
	p := w.pos
	h, _ := mpa.ParseHeader(m.data[p:])
	w.pos += h.FrameSize
	w.n++
	return p, h, true
}
