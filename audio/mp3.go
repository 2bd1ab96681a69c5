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
	delay      int // samples to drop at the start (LAME tag), 0 if unknown
	samples    int64
	cut        bool // the last frame was cut off and dropped
	want       xingInfo
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
		if p+h.FrameSize > end {
			return nil, newError("the mp3 file is truncated: it ends in its first frame", ErrTruncated, ErrCorrupt)
		}
		p += h.FrameSize
	}
	m.start = p
	if err := m.chain(end); err != nil {
		return nil, err
	}
	if m.tailOpen && m.want.frames >= 0 && m.frames == m.want.frames+1 {
		// One frame more than the Xing/Info header counts, and nothing
		// after it to confirm it: junk that starts like a header.
		m.dropLast()
	}
	if err := m.settle(); err != nil {
		return nil, err
	}
	return m, nil
}

// settle checks the frames found against what the Xing/Info header
// promised and works out the play time and the samples to trim.
func (m *mp3File) settle() error {
	h, x := m.first, m.want
	wantFrames, wantBytes := x.frames, x.bytes
	m.delay, m.samples = 0, 0
	if x.delay >= 0 {
		m.delay = x.delay + decoderDelay
	}
	if wantFrames >= 0 && x.padding >= 0 {
		m.samples = int64(wantFrames*h.Samples - x.delay - x.padding)
	}
	if m.frames == 0 {
		return detailed(DetailNoAudio, []string{"mp3"}, "the mp3 file contains no audio", ErrEmpty)
	}
	if m.cut && wantFrames == m.frames+1 {
		// Only the cut last frame is missing: play the rest, as players
		// do, still without the encoder delay.
		wantFrames, wantBytes = m.frames, -1
		m.samples = min(m.samples, int64(m.frames*h.Samples-m.delay))
	}
	if wantFrames > m.frames || wantBytes > 0 && m.bytes+h.FrameSize < wantBytes*99/100 {
		return m.truncated(wantFrames, "")
	}
	total := int64(m.frames * h.Samples)
	if m.samples <= 0 || m.samples > total || wantFrames != m.frames {
		m.samples = total
		m.delay = 0
	}
	return nil
}

// chain follows the frames from m.start up to end and sets m.end after
// the last complete one. A last frame that is cut off is dropped; what
// follows the last frame is ignored unless the stream resumes after it,
// which means damage in the middle.
func (m *mp3File) chain(end int) error {
	b, p, bitrate := m.data, m.start, m.first.Bitrate
	for p < end {
		f, ok := mpa.ParseHeader(b[p:end])
		if ok && f.FrameSize > 0 && m.first.SameStream(f) {
			if p+f.FrameSize > end {
				m.cut = true // a cut last frame: dropped
				break
			}
			if f.Bitrate != bitrate {
				m.vbr = true
			}
			m.frames++
			m.bytes += f.FrameSize
			m.lastStart = p
			p += f.FrameSize
			continue
		}
		if trailerAt(b[p:end]) {
			break
		}
		if q, _, ok := findSync(b, p+1, end, end); ok {
			if m.frames == 0 {
				return newError("the mp3 file is corrupt: no MPEG audio frame where one should start", ErrCorrupt)
			}
			return newError(fmt.Sprintf("the mp3 file is truncated or corrupt: unreadable data at %s (bytes %d to %d)",
				m.frameTime(m.frames), p, q), ErrCorrupt)
		}
		m.tailOpen = m.frames > 0 // junk after the last frame
		break
	}
	m.end = p
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

func (m *mp3File) truncated(wantFrames int, why string) error {
	msg := "the mp3 file is truncated or corrupt: decoding stopped at " + m.frameTime(m.frames)
	if wantFrames > m.frames {
		msg += " of " + m.frameTime(wantFrames)
	}
	if why != "" {
		msg += " (" + why + ")"
	}
	return newError(msg, ErrTruncated, ErrCorrupt)
}

// mp3Source decodes frame by frame into mono samples. Files at 44.1 and
// 48 kHz are synthesised at half rate: the renditions need nothing above
// 8 kHz, and it halves the most expensive decoding step.
type mp3Source struct {
	m      *mp3File
	dec    mpa.Decoder
	pos    int   // next frame offset
	frame  int   // frames decoded
	skip   int64 // samples still to drop (encoder + decoder delay)
	left   int64 // samples still to deliver
	buf    []float32
	bufPos int
	div    int
}

func newMP3Source(m *mp3File) *mp3Source {
	s := &mp3Source{m: m, pos: m.start, div: 1, buf: make([]float32, 0, 1152)}
	if m.first.SampleRate >= 44100 {
		s.dec.HalfRate = true
		s.div = 2
	}
	s.skip = int64(m.delay / s.div)
	s.left = m.samples / int64(s.div)
	return s
}

func (s *mp3Source) rate() int { return s.m.first.SampleRate / s.div }

func (s *mp3Source) read(out []float32) (int, error) {
	n := 0
	for n < len(out) && s.left > 0 {
		if s.bufPos == len(s.buf) {
			if err := s.next(); err != nil {
				if n > 0 && err == io.EOF {
					return n, nil
				}
				return n, err
			}
			continue
		}
		k := min(len(out)-n, len(s.buf)-s.bufPos)
		if int64(k) > s.left {
			k = int(s.left)
		}
		copy(out[n:n+k], s.buf[s.bufPos:])
		s.bufPos += k
		s.left -= int64(k)
		n += k
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (s *mp3Source) next() error {
	m := s.m
	if s.pos >= m.end || s.frame >= m.frames {
		return io.EOF
	}
	h, _ := mpa.ParseHeader(m.data[s.pos:])
	buf := s.buf[:cap(s.buf)]
	n, err := s.dec.Decode(m.data[s.pos:s.pos+h.FrameSize], buf)
	if err != nil && m.junkTail(s.frame) {
		return io.EOF
	}
	if err != nil {
		return m.decodeError(s.frame, err)
	}
	s.pos += h.FrameSize
	s.frame++
	s.buf = buf[:n]
	s.bufPos = 0
	if s.skip > 0 {
		k := int(min(s.skip, int64(n)))
		s.bufPos = k
		s.skip -= int64(k)
	}
	return nil
}

func (m *mp3File) decodeError(frame int, err error) error {
	why := err.Error()
	if errors.Is(err, mpa.ErrCorrupt) {
		why = why[len(mpa.ErrCorrupt.Error())+2:]
	}
	return newError(fmt.Sprintf("the mp3 file is truncated or corrupt: bad data at %s of %s (%s)",
		m.frameTime(frame), m.frameTime(m.frames), why), ErrCorrupt)
}

// validate runs the bit-stream decoding (side info, bit reservoir,
// scale factors, Huffman) of every frame without synthesis: what can
// fail, at a fraction of the cost.
func (m *mp3File) validate() error {
	var d mpa.Decoder
	for i, p := 0, m.start; i < m.frames; i++ {
		h, _ := mpa.ParseHeader(m.data[p:])
		_, err := d.Decode(m.data[p:p+h.FrameSize], nil)
		if err != nil && m.junkTail(i) {
			m.dropLast()
			return m.settle()
		}
		if err != nil {
			return m.decodeError(i, err)
		}
		p += h.FrameSize
	}
	return nil
}
