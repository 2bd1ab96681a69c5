package audio

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func addSeeds(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		if filepath.Base(n) == "bench-3mb.mp3" || filepath.Ext(n) == ".sh" {
			continue
		}
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
}

func FuzzDetect(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := Detect(data)
		if err == nil && format != FormatWAV && format != FormatMP3 {
			t.Fatalf("format %q without error", format)
		}
		if err != nil && format != "" {
			t.Fatalf("format %q with error %v", format, err)
		}
	})
}

// FuzzDecode: no panics, errors always match a sentinel, and whatever
// Decode accepts, Transcode converts.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Decode(data)
		if err != nil {
			for _, s := range []error{ErrEmpty, ErrWMA, ErrUnsupported, ErrCorrupt, ErrTooLong, ErrTooShort} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error matches no sentinel: %v", err)
		}
		r, err := Transcode(data)
		if err != nil {
			t.Fatalf("Decode accepted (%+v) but Transcode failed: %v", *info, err)
		}
		if d := r.Duration - info.Duration; d > 2e6 || d < -2e6 {
			t.Fatalf("rendition %v, source %v", r.Duration, info.Duration)
		}
	})
}

// Headers that claim far more than the file holds must be refused
// without allocating what they claim. Not parallel: it reads the process's
// allocation total, which other tests running at once would add to (CI saw
// 5.9 MB "allocated" for a 16 KB input that way).
func TestHostileHeaders(t *testing.T) {
	wav := makeWAV(8000, 1, 1, sine(440, 0.5))
	huge := append([]byte(nil), wav...)
	binary.LittleEndian.PutUint32(huge[40:], 0xFFFFFFF0) // data: 4 GB
	binary.LittleEndian.PutUint32(huge[4:], 0xFFFFFFF8)
	streamed := append([]byte(nil), wav...)
	binary.LittleEndian.PutUint32(streamed[40:], 0xFFFFFFFF) // "until the end"
	fmtHuge := append([]byte(nil), wav...)
	binary.LittleEndian.PutUint32(fmtHuge[16:], 0x7FFFFFFF) // fmt chunk: 2 GB
	mp3 := readFixture(t, "mp3-cbr128-stereo-44k.mp3")
	xing := append([]byte(nil), mp3...)
	// The Info tag's frame count (MPEG-1 stereo: after 4+32 bytes + "Info" + flags).
	binary.BigEndian.PutUint32(xing[4+32+8:], 0x7FFFFFFF)
	id3 := append([]byte("ID3\x03\x00\x00\x7f\x7f\x7f\x7f"), mp3...)

	cases := []struct {
		name string
		data []byte
		err  error
	}{
		{"wav data 4 GB", huge, nil}, // streamed: until the end
		{"wav streamed", streamed, nil},
		{"wav fmt 2 GB", fmtHuge, ErrTruncated},
		{"mp3 Xing 2^31 frames", xing, ErrTruncated},
		{"ID3 tag 256 MB", id3, ErrTruncated},
	}
	for _, c := range cases {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Transcode(c.data)
		runtime.ReadMemStats(&after)
		if c.err == nil && err != nil || c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*uint64(len(c.data))+(4<<20) {
			t.Errorf("%s: allocated %d bytes for a %d-byte input", c.name, alloc, len(c.data))
		}
	}
}

func TestTooLong(t *testing.T) {
	t.Parallel()
	// 11 minutes of 8 kHz mu-law silence in a tiny header-only claim is
	// refused as truncated; a real long file is refused as too long.
	n := int(MaxDuration.Seconds()+60) * 8000
	b := wavHeader(n/2, 8000)
	binary.LittleEndian.PutUint16(b[20:], wavMuLaw)
	binary.LittleEndian.PutUint32(b[28:], 8000)
	binary.LittleEndian.PutUint16(b[32:], 1)
	binary.LittleEndian.PutUint16(b[34:], 8)
	for i := 44; i < len(b); i++ {
		b[i] = 0xFF
	}
	if _, err := Decode(b); !errors.Is(err, ErrTooLong) {
		t.Errorf("got %v, want ErrTooLong", err)
	}
}

// FuzzResync: whatever junk comes before the first frame (within the
// search window) and after the last, behind a correct or slightly wrong
// ID3v2 tag, the file plays exactly as long as without it. The junk holds
// no 0xFF (no frame header can start in it) and no upper case or digits
// (no tag magic), and names no other format; otherwise anything goes.
func FuzzResync(f *testing.F) {
	f.Add([]byte{}, []byte{}, uint8(0), int8(0))
	f.Add([]byte("some junk"), []byte("\n"), uint8(1), int8(-20))
	f.Add(make([]byte, 215), []byte("x"), uint8(2), int8(20))
	f.Add([]byte{0x7f, 0xfb, 0x90}, make([]byte, 300), uint8(3), int8(5))
	files := [][]byte{readFixture(f, "mp3-cbr128-stereo-44k.mp3"), readFixture(f, "mp3-notag-cbr96-stereo-44k.mp3")}
	var want []time.Duration
	for _, b := range files {
		info, err := Decode(b)
		if err != nil {
			f.Fatal(err)
		}
		want = append(want, info.Duration)
	}
	f.Fuzz(func(t *testing.T, prefix, suffix []byte, which uint8, delta int8) {
		prefix, suffix = junkOnly(prefix[:min(len(prefix), syncWindow/2)]), junkOnly(suffix[:min(len(suffix), 8192)])
		if l := sniff(prefix); l.known() && l.detail != DetailText {
			return // a prefix that names another format may be refused as that
		}
		var data []byte
		if which&2 != 0 {
			tag := id3v2("On hold", 0, false)
			size := max(0, len(tag)-10+int(delta)%40)
			copy(tag[6:], synchsafe(size))
			data = tag
		}
		i := int(which & 1)
		data = cat(data, prefix, files[i], suffix)
		info, err := Decode(data)
		if err != nil {
			t.Fatalf("refused %d bytes of junk before and %d after: %v", len(prefix), len(suffix), err)
		}
		if info.Duration != want[i] {
			t.Fatalf("plays %v, without the junk %v", info.Duration, want[i])
		}
	})
}

// junkOnly maps b to bytes that cannot start a frame header or a tag.
func junkOnly(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		c &= 0x7F
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			c += 0x40 // lower case and punctuation
		}
		out[i] = c
	}
	return out
}
