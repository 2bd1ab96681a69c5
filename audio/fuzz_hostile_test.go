package audio

import (
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// hostileBases are the MP3s FuzzResyncHostile wraps in junk: MPEG-1,
// MPEG-2 and MPEG-2.5, mono and stereo, CBR and VBR, with and without a
// LAME tag (see testdata/make-fixtures.sh).
var hostileBases = []string{
	"mp3-cbr128-stereo-44k.mp3",
	"mp3-notag-cbr96-stereo-44k.mp3",
	"mp3-vbr-stereo-48k.mp3",
	"mp3-vbr-mono-44k.mp3",
	"mp3-cbr64-mono-22k.mp3",
	"mp3-cbr32-mono-11k.mp3",
	"mp3-cbr16-mono-8k.mp3",
}

// Limits of one Decode of a base file in junk: far above what it takes
// (milliseconds, no buffer that grows with the junk), far below a hang or
// a claim believed.
const (
	hostileTime  = 5 * time.Second
	hostileAlloc = 8 << 20
)

// FuzzResyncHostile is FuzzResync without its gloves: the junk before and
// after the audio may hold 0xFF, false frame headers, partial frames and
// tag magic, and glue puts the base file's own header bytes or a cut
// frame at the seams, where false syncs hurt most. Every outcome must be
// sane: no panic, bounded time and memory, and either a refusal that
// matches a sentinel or a play time that the base's frames and the
// frames that could fit in the junk explain.
func FuzzResyncHostile(f *testing.F) {
	type base struct {
		data     []byte
		dur      time.Duration
		first    mpa.Header
		minFrame int // bytes of the smallest frame of the base's stream
	}
	var bases []base
	for _, name := range hostileBases {
		b := readFixture(f, name)
		info, err := Decode(b)
		if err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		p, h, ok := streamStart(b, 0, len(b))
		if !ok {
			f.Fatalf("%s: no stream", name)
		}
		bases = append(bases, base{data: b, dur: info.Duration, first: h, minFrame: smallestFrame(b[p:])})
	}
	for i := range hostileBases {
		w := uint8(i)
		f.Add([]byte{}, []byte{}, w, uint8(0), int8(0))
		f.Add([]byte{0xFF, 0xFB, 0x90, 0x64, 0xFF}, []byte{0xFF, 0xFB, 0x61, 0xFC, 1, 2, 3}, w, uint8(0), int8(0))
		f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x10"), []byte("TAGAPETAGEX3DI\x04\x00"), w, uint8(1), int8(-7))
		f.Add(make([]byte, 300), []byte("LYRICSBEGIN\xff\xf3"), w, uint8(2), int8(3))
		f.Add([]byte("\xff\xe3\x18\xc0"), []byte("\xff\xe3\x18\xc0\x00\x00"), w, uint8(3), int8(20))
		f.Add([]byte{0xFF, 0xFF, 0xFF, 0xFF}, []byte{0xFF}, w, uint8(4|8), int8(-20))
	}
	f.Fuzz(func(t *testing.T, prefix, suffix []byte, which, glue uint8, delta int8) {
		b := bases[int(which)%len(bases)]
		prefix, suffix = prefix[:min(len(prefix), syncWindow/2)], suffix[:min(len(suffix), 8192)]
		hdr := b.data[startOf(b.data) : startOf(b.data)+4]
		switch glue & 3 {
		case 1: // a false sync right before the real one
			prefix = cat(prefix, hdr)
		case 2: // a frame cut at its start, as in a stream cut out
			prefix = cat(b.data[len(b.data)/2:len(b.data)/2+min(len(prefix), 2000)], prefix)
		case 3: // a cut frame, then the junk
			suffix = cat(b.data[len(b.data)/3:len(b.data)/3+min(len(suffix)+4, 1500)], suffix)
		}
		if glue&4 != 0 { // the junk after starts like one of the stream's frames
			suffix = cat(hdr, suffix)
		}
		var data []byte
		if glue&8 != 0 {
			tag := id3v2("On hold", 0, false)
			copy(tag[6:], synchsafe(max(0, len(tag)-10+int(delta)%40)))
			data = tag
		}
		realStart := len(data) + len(prefix)
		data = cat(data, prefix, b.data, suffix)
		junk := len(data) - len(b.data)
		lo := b.dur - samplesToDuration(int64(b.first.Samples), b.first.SampleRate)
		if tagEnd, _ := skipID3v2(data); tagEnd-syncBack > realStart {
			// An ID3v2 header in the junk whose size reaches into the
			// audio hides its start, from ffmpeg too (it played 1.296 s
			// of a 2 s base that the fuzzer wrapped so); the file still
			// plays, shorter.
			lo = 0
		}

		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		info, err := Decode(data)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		if took > hostileTime {
			t.Fatalf("Decode of %d bytes took %v", len(data), took)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > hostileAlloc+8*uint64(len(data)) {
			t.Fatalf("Decode of %d bytes allocated %d bytes", len(data), alloc)
		}
		if err != nil {
			t.Logf("%d bytes of junk: refused: %v", junk, err)
			if !isSentinel(err) {
				t.Fatalf("error matches no sentinel: %v", err)
			}
			return
		}
		t.Logf("%d bytes of junk: plays %v, the base %v", junk, info.Duration, b.dur)
		// Frames the junk could hold, plus the Info frame and the encoder
		// delay and padding that are not trimmed once the count is off.
		frame := samplesToDuration(int64(b.first.Samples), b.first.SampleRate)
		extra := time.Duration(junk/b.minFrame+3) * frame
		if info.Duration < lo || info.Duration > b.dur+extra {
			t.Fatalf("%d bytes of junk: plays %v, the base %v (allowed %v to %v)",
				junk, info.Duration, b.dur, lo, b.dur+extra)
		}
	})
}

func isSentinel(err error) bool {
	for _, s := range []error{ErrEmpty, ErrWMA, ErrUnsupported, ErrCorrupt, ErrTruncated, ErrTooLong, ErrTooShort} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// startOf is where the first frame of a fixture starts (after its tag).
func startOf(b []byte) int {
	tag, _ := skipID3v2(b)
	p, _, _ := streamStart(b, tag, len(b))
	return p
}

// smallestFrame is the size of the smallest frame of the stream
// starting at b: its header with the lowest bit rate (index 1).
func smallestFrame(b []byte) int {
	h := append([]byte(nil), b[:4]...)
	h[2] = h[2]&0x0D | 0x10 // bit rate index 1, no padding
	small, _ := mpa.ParseHeader(h)
	return small.FrameSize
}
