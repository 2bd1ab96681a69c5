package audio

import (
	"errors"
	"fmt"
	"io"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// decoderDelay is the fixed delay of the MPEG Layer III synthesis that the
// LAME tag's encoder delay does not include.
const decoderDelay = 529

type mp3File struct {
	data       []byte // the whole file
	start, end int    // audio frames (after the Xing/Info frame, before tags)
	first      mpa.Header
	frames     int
	vbr        bool
	bytes      int // audio bytes, for the average bitrate
	samples    int64
	cut        bool     // the last frame was cut off and dropped
	want       xingInfo // the first Xing/Info frame's
	infoSize   int      // its size, 0 without one
	// parts are the encoder runs of a file joined from several (see
	// mp3join.go), one for most files; jumps are where the frames go on
	// after tags or a Xing/Info frame between them.
	parts []mp3Part
	jumps []jump
	// lastStart is where the last frame starts; tailOpen says that
	// nothing confirms it (no header, tag or end of file follows it):
	// it may be junk that starts like a header (see dropLast).
	lastStart int
	tailOpen  bool
}

func (m *mp3File) info() Info {
	kbps := m.first.Bitrate / 1000
	mode := "CBR"
	if m.vbr {
		mode = "VBR"
		secs := float64(m.frames*m.first.Samples) / float64(m.first.SampleRate)
		kbps = int(float64(m.bytes)*8/secs/1000 + 0.5)
	}
	return Info{
		Format:     FormatMP3,
		Codec:      fmt.Sprintf("MP3 %d kbit/s %s", kbps, mode),
		SampleRate: m.first.SampleRate,
		Channels:   m.first.Channels(),
		Duration:   samplesToDuration(m.samples, m.first.SampleRate),
	}
}

// frameTime is the play time at the start of audio frame n.
func (m *mp3File) frameTime(n int) string {
	return fmtSeconds(samplesToDuration(int64(n*m.first.Samples), m.first.SampleRate))
}

// parseMP3 checks the frame structure of the whole file: tags, a
// continuous chain of consistent Layer III frames, and the frame count
// promised by a Xing/Info or VBRI header. Junk before the first frame is
// skipped (see streamStart) and anything after the last complete frame
// is ignored, as players do; but a gap in the middle is refused. The
// go-mp3 style of decoding ("resynchronise and carry on") would accept a
// truncated or spliced file; a hold-music loop that stops or glitches is
// exactly what the customer must hear about at upload time.
func parseMP3(b []byte) (*mp3File, error) {
	m := &mp3File{data: b}
	tag, inTag := skipID3v2(b)
	if inTag {
		return nil, newError("the mp3 file is truncated: it ends inside its ID3 tag", ErrTruncated, ErrCorrupt)
	}
	end := trimTrailers(b, tag)
	p, h, ok := streamStart(b, tag, end)
	if !ok || h.Layer != 3 {
		return nil, noStream(b[:end], tag)
	}
	m.first = h
	m.want = xingInfo{frames: -1, bytes: -1, delay: -1, padding: -1}
	if x, ok := parseXing(b[p:min(p+h.FrameSize, end)], h); ok {
		m.want = x
		m.vbr = x.vbr
		m.infoSize = h.FrameSize
		if p+h.FrameSize > end {
			return nil, newError("the mp3 file is truncated: it ends in its first frame", ErrTruncated, ErrCorrupt)
		}
		p += h.FrameSize
	}
	m.start = p
	if err := m.chain(end); err != nil {
		return nil, err
	}
	if last := m.parts[len(m.parts)-1]; m.tailOpen && last.want.frames >= 0 && last.frames == last.want.frames+1 {
		// One frame more than the Xing/Info header counts, and nothing
		// after it to confirm it: junk that starts like a header.
		m.dropLast()
	}
	if err := m.settle(); err != nil {
		return nil, err
	}
	return m, nil
}

// settle checks the frames found against what the Xing/Info headers
// promised and works out the play time and the samples to trim.
func (m *mp3File) settle() error {
	if m.frames == 0 {
		return detailed(DetailNoAudio, []string{"mp3"}, "the mp3 file contains no audio", ErrEmpty)
	}
	m.samples = 0
	for i := range m.parts {
		if err := m.settlePart(i); err != nil {
			return err
		}
		m.samples += m.parts[i].keep
	}
	return nil
}

// settlePart works out the samples of part i to drop at its start (the
// encoder delay, with the decoder's) and to play after them (less the
// padding at its end), as its LAME tag says; all of its frames' when the
// part has no LAME tag or other frames than it counts.
func (m *mp3File) settlePart(i int) error {
	pt := &m.parts[i]
	spf, x := int64(m.first.Samples), pt.want
	wantFrames, wantBytes := x.frames, x.bytes
	pt.skip, pt.keep = 0, 0
	if x.delay >= 0 {
		pt.skip = int64(x.delay + decoderDelay)
	}
	if wantFrames >= 0 && x.padding >= 0 {
		pt.keep = int64(wantFrames)*spf - int64(x.delay+x.padding)
	}
	last := i == len(m.parts)-1
	if last && m.cut && wantFrames == pt.frames+1 {
		// Only the cut last frame is missing: play the rest, as players
		// do, still without the encoder delay.
		wantFrames, wantBytes = pt.frames, -1
		pt.keep = min(pt.keep, int64(pt.frames)*spf-pt.skip)
	}
	if wantFrames > pt.frames || wantBytes > 0 && pt.bytes+pt.infoSize < wantBytes*99/100 {
		return m.truncated(i, wantFrames)
	}
	total := int64(pt.frames) * spf
	if !last {
		// Its padding may be shorter than the decoder's delay; what the
		// next part's frames bring out belongs to the next part.
		pt.keep = min(pt.keep, total-pt.skip)
	}
	if pt.keep <= 0 || pt.keep > total || wantFrames != pt.frames {
		pt.keep, pt.skip = total, 0
	}
	return nil
}

// chain follows the frames from m.start up to end and sets m.end after
// the last complete one. A last frame that is cut off is dropped; what
// follows the last frame is ignored unless the stream resumes after it:
// after tags, or at the Xing/Info frame of a part joined on (see
// mp3join.go), decoding goes on, as in players; anywhere else it means
// damage in the middle.
func (m *mp3File) chain(end int) error {
	b, p, bitrate := m.data, m.start, m.first.Bitrate
	m.frames, m.bytes, m.cut, m.tailOpen = 0, 0, false, false
	m.parts = []mp3Part{{want: m.want, infoSize: m.infoSize}}
	m.jumps = nil
	for p < end {
		f, ok := mpa.ParseHeader(b[p:end])
		if ok && f.FrameSize > 0 && m.first.SameStream(f) {
			if p+f.FrameSize > end {
				m.cut = true // a cut last frame: dropped
				break
			}
			if x, ok := joinedInfo(b[p:p+f.FrameSize], f); ok {
				p += f.FrameSize
				m.startPart(x, f.FrameSize, p)
				continue
			}
			if f.Bitrate != bitrate {
				m.vbr = true
			}
			m.frames++
			m.bytes += f.FrameSize
			pt := &m.parts[len(m.parts)-1]
			pt.frames++
			pt.bytes += f.FrameSize
			m.lastStart = p
			p += f.FrameSize
			continue
		}
		q, h, ok := resumeAfterTags(b, p, end)
		if ok && !m.first.SameStream(h) {
			return m.streamChange(h, p, q)
		}
		if ok {
			m.jumps = append(m.jumps, jump{frame: m.frames, pos: q})
			p = q
			continue
		}
		if h, ok := chainAt(b, p, end); ok && m.frames > 0 && h.Layer == 3 && !m.first.SameStream(h) {
			return m.streamChange(h, p, p) // a part joined on without tags
		}
		if trailerAt(b[p:end]) && (q == p || !m.resumesAfter(q, end)) {
			break
		}
		if q, _, ok := findSync(b, p+1, end, end); ok {
			if m.frames == 0 {
				return newError("the mp3 file is corrupt: no MPEG audio frame where one should start", ErrCorrupt)
			}
			return m.damaged(p, q)
		}
		m.tailOpen = m.frames > 0 // junk after the last frame
		break
	}
	m.end = p
	if n := len(m.parts); n > 1 && m.parts[n-1].frames == 0 && m.parts[n-1].want.frames <= 0 {
		m.parts = m.parts[:n-1] // a Xing/Info frame that counts nothing, at the end
	}
	return nil
}

// noStream explains why no MPEG audio stream was found after the ID3v2
// tag ending at tag (0: none).
func noStream(b []byte, tag int) error {
	_, err := detectAt(b, tag)
	if tag > 0 && (err == nil || nothingNamed(err)) {
		return detailed(DetailTagOnly, nil, "this mp3 file has a tag but no audio", ErrEmpty)
	}
	if err != nil {
		return err
	}
	return newError("the mp3 file is corrupt: no MPEG audio frame where one should start", ErrCorrupt)
}

// truncated refuses part i, which has fewer frames than its Xing/Info
// header promises: a cut copy.
func (m *mp3File) truncated(i, wantFrames int) error {
	pt := m.parts[i]
	stop := m.frameTime(pt.first + pt.frames)
	if i < len(m.parts)-1 {
		return newError(fmt.Sprintf("the mp3 file is truncated or corrupt: a part joined into it stops at %s of %s, where the next begins",
			stop, m.frameTime(pt.first+wantFrames)), ErrTruncated, ErrCorrupt)
	}
	msg, args := "the mp3 file is truncated or corrupt: decoding stopped at "+stop, []string{stop}
	if wantFrames > pt.frames {
		of := m.frameTime(pt.first + wantFrames)
		msg, args = msg+" of "+of, append(args, of)
	}
	return detailed(DetailStoppedAt, args, msg, ErrTruncated, ErrCorrupt)
}

// mp3Source decodes frame by frame into mono samples. Files at 44.1 and
// 48 kHz are synthesised at half rate: the renditions need nothing above
// 8 kHz, and it halves the most expensive decoding step.
type mp3Source struct {
	m    *mp3File
	dec  mpa.Decoder
	walk frameWalk
	part int   // the part of the frames being decoded
	skip int64 // samples of the part still to drop (encoder + decoder delay)
	left int64 // samples of the part still to deliver
	buf  []float32
	out  []float32 // what of the last frame's samples is delivered
	pos  int       // in out
	div  int
}

func newMP3Source(m *mp3File) *mp3Source {
	s := &mp3Source{m: m, walk: frameWalk{m: m, pos: m.start}, div: 1, buf: make([]float32, 1152)}
	if m.first.SampleRate >= 44100 {
		s.dec.HalfRate = true
		s.div = 2
	}
	s.startPart()
	return s
}

// startPart sets the samples of the current part to drop and deliver.
func (s *mp3Source) startPart() {
	pt := s.m.parts[s.part]
	s.skip, s.left = pt.skip/int64(s.div), pt.keep/int64(s.div)
}

func (s *mp3Source) rate() int { return s.m.first.SampleRate / s.div }

func (s *mp3Source) read(out []float32) (int, error) {
	n := 0
	for n < len(out) {
		if s.pos == len(s.out) {
			if err := s.next(); err != nil {
				if n > 0 && err == io.EOF {
					return n, nil
				}
				return n, err
			}
			continue
		}
		k := copy(out[n:], s.out[s.pos:])
		s.pos += k
		n += k
	}
	return n, nil
}

// next decodes the next frame and keeps what of it its part plays. The
// frames after a part's last played sample are decoded all the same: the
// next part's first frames overlap them.
func (s *mp3Source) next() error {
	m := s.m
	n := s.walk.n
	for s.part+1 < len(m.parts) && m.parts[s.part+1].first <= n {
		s.part++
		s.startPart()
	}
	if s.left == 0 && s.part == len(m.parts)-1 {
		return io.EOF
	}
	p, h, ok := s.walk.next()
	if !ok {
		return io.EOF
	}
	k, err := s.dec.Decode(m.data[p:p+h.FrameSize], s.buf)
	if err != nil && m.junkTail(n) {
		return io.EOF
	}
	if err != nil {
		return m.decodeError(n, err)
	}
	lo := int(min(s.skip, int64(k)))
	hi := lo + int(min(s.left, int64(k-lo)))
	s.skip -= int64(lo)
	s.left -= int64(hi - lo)
	s.out, s.pos = s.buf[lo:hi], 0
	return nil
}

func (m *mp3File) decodeError(frame int, err error) error {
	why := err.Error()
	if errors.Is(err, mpa.ErrCorrupt) {
		why = why[len(mpa.ErrCorrupt.Error())+2:]
	}
	at := m.frameTime(frame)
	return detailed(DetailDamagedAt, []string{at}, fmt.Sprintf("the mp3 file is truncated or corrupt: bad data at %s of %s (%s)",
		at, m.frameTime(m.frames), why), ErrCorrupt)
}

// damaged refuses data at b[p:q] where the frames should go on.
func (m *mp3File) damaged(p, q int) error {
	at := m.frameTime(m.frames)
	return detailed(DetailDamagedAt, []string{at}, fmt.Sprintf("the mp3 file is truncated or corrupt: unreadable data at %s (bytes %d to %d)",
		at, p, q), ErrCorrupt)
}

// validate runs the bit-stream decoding (side info, bit reservoir,
// scale factors, Huffman) of every frame without synthesis: what can
// fail, at a fraction of the cost.
func (m *mp3File) validate() error {
	var d mpa.Decoder
	w := frameWalk{m: m, pos: m.start}
	for {
		i := w.n
		p, h, ok := w.next()
		if !ok {
			return nil
		}
		_, err := d.Decode(m.data[p:p+h.FrameSize], nil)
		if err != nil && m.junkTail(i) {
			m.dropLast()
			return m.settle()
		}
		if err != nil {
			return m.decodeError(i, err)
		}
	}
}
