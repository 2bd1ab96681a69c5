package audio

import (
	"bytes"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// Finding the frames. Players do not expect the first frame at byte 0 or
// right after the ID3v2 tag: a file cut out of a stream starts with part
// of a frame, some tools leave junk or zeros after the tag, and some write
// the tag's size a little wrong. Like ffmpeg and mpg123 we look for the
// first place where several frame headers follow each other exactly, which
// four random bytes almost never do, within a bounded window so that a
// file of junk costs little.
const (
	// syncWindow is how far past the expected start we search (ffmpeg
	// searches 64 KiB too).
	syncWindow = 64 << 10
	// syncBack is how far before the end an ID3v2 tag declares we look,
	// for tags whose declared size is slightly too large.
	syncBack = 512
	// syncFrames consecutive headers make a stream.
	syncFrames = 4
)

// chainAt reports whether an MPEG audio stream starts at b[p:]: syncFrames
// consecutive frames of one stream, or fewer that reach end or a trailer
// (a short file). It returns the first header.
func chainAt(b []byte, p, end int) (mpa.Header, bool) {
	first, ok := mpa.ParseHeader(b[p:end])
	if !ok || first.FrameSize == 0 {
		return mpa.Header{}, false
	}
	q := p
	for n := 0; n < syncFrames; n++ {
		h, ok := mpa.ParseHeader(b[q:end])
		if !ok || h.FrameSize == 0 || !first.SameStream(h) {
			return first, n > 0 && trailerAt(b[q:end])
		}
		if q+h.FrameSize >= end { // the stream reaches the end, perhaps cut
			return first, n > 0 || q+h.FrameSize == end
		}
		q += h.FrameSize
	}
	return first, true
}

// findSync returns the first offset in [from, limit) where chainAt holds.
func findSync(b []byte, from, limit, end int) (int, mpa.Header, bool) {
	limit = min(limit, end-3)
	for p := max(from, 0); p < limit; p++ {
		i := bytes.IndexByte(b[p:limit], 0xFF)
		if i < 0 {
			break
		}
		p += i
		if h, ok := chainAt(b, p, end); ok {
			return p, h, true
		}
	}
	return 0, mpa.Header{}, false
}

// streamStart finds the first frame of the stream in b[:end], tag is the
// end of any ID3v2 tag at the start (0 if none). It returns false when no
// stream starts within the search window.
func streamStart(b []byte, tag, end int) (int, mpa.Header, bool) {
	if h, ok := chainAt(b, tag, end); ok {
		return tag, h, true
	}
	from := 0
	if tag > 0 {
		from = max(10, tag-syncBack)
	}
	return findSync(b, from, tag+syncWindow, end)
}

// trailerAt reports data that may legitimately follow the last frame:
// tags, and the zeros some tools pad with.
func trailerAt(b []byte) bool {
	for _, t := range []string{"TAG", "APETAGEX", "LYRICSBEGIN", "ID3"} {
		if bytes.HasPrefix(b, []byte(t)) {
			return true
		}
	}
	return allZero(b)
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
