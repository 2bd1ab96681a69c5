package audio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// corpusCase is one file customers' tools produce, with what the portal
// must say about it: accepted with the exact play time (within tol), or
// refused with the exact message.
type corpusCase struct {
	name string
	data []byte
	dur  time.Duration
	tol  time.Duration
	err  error
	msg  string
}

// TestCorpus builds every case of issue 16 from real encoders (sox, lame,
// ffmpeg) and the byte surgery players survive, and checks the outcome.
func TestCorpus(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sox := func(args ...string) { runTool(t, dir, "sox", append([]string{"-D", "-V1"}, args...)...) }
	lame := func(args ...string) { runTool(t, dir, "lame", append([]string{"--quiet"}, args...)...) }
	sox("-n", "-r", "44100", "-c", "2", "-b", "16", "s44.wav", "synth", "2", "sine", "440", "sine", "660", "gain", "-6")
	sox("-n", "-r", "32000", "-c", "2", "-b", "16", "s32.wav", "synth", "2", "sine", "440", "sine", "660", "gain", "-6")
	sox("-n", "-r", "32000", "-c", "1", "-b", "16", "m32.wav", "synth", "1.5", "sine", "440", "gain", "-6")
	sox("-n", "-r", "44100", "-c", "1", "-b", "16", "half.wav", "synth", "0.5", "sine", "440", "gain", "-6")
	sox("-n", "-r", "8000", "-c", "1", "-b", "16", "w8.wav", "synth", "2", "sine", "440", "gain", "-6")
	sox("-n", "-r", "48000", "-c", "2", "-b", "16", "s48.wav", "synth", "2", "sine", "440", "sine", "660", "gain", "-6")
	sox("-n", "-r", "22050", "-c", "1", "-b", "16", "m22.wav", "synth", "2", "sine", "440", "gain", "-6")
	lame("-b", "128", "s44.wav", "tagged.mp3")
	lame("-t", "-b", "128", "s44.wav", "bare.mp3")
	lame("-p", "-b", "128", "s32.wav", "crc.mp3")
	lame("-t", "-b", "64", "-m", "m", "m32.wav", "mono.mp3")
	lame("-t", "-b", "128", "-m", "d", "s32.wav", "dual.mp3")
	lame("-b", "128", "half.wav", "half.mp3")
	lame("-b", "128", "--tt", "A", "--add-id3v2", "s44.wav", "a44.mp3")
	lame("-b", "128", "--tt", "B", "--add-id3v2", "s48.wav", "b48.mp3")
	lame("-t", "-b", "64", "-m", "m", "m22.wav", "bare22.mp3")
	runTool(t, dir, "ffmpeg", "-v", "error", "-nostdin", "-i", "w8.wav", "-rf64", "always", "rf64.wav")
	runTool(t, dir, "ffmpeg", "-v", "error", "-nostdin", "-i", "w8.wav", "-f", "w64", "wave64.w64")

	tagged, bare, wav := readFile(t, dir, "tagged.mp3"), readFile(t, dir, "bare.mp3"), readFile(t, dir, "w8.wav")
	const two = 2 * time.Second
	// A file without a LAME tag plays all its frames: ffmpeg says how long.
	bareDur := samplesToDuration(int64(len(ffmpegDecode(t, bare, 1))), 44100)
	frame44 := frame(1152, 44100)
	rng := rand.New(rand.NewSource(16))
	junk := func(n int) []byte {
		b := make([]byte, n)
		rng.Read(b)
		return b
	}
	title := "On hold: the best of our queue, in a tag whose size is written wrong"
	tagShort := id3v2(title, 0, false)
	copy(tagShort[6:], synchsafe(len(tagShort)-10-20))
	tagLong := id3v2(title, 0, false)
	copy(tagLong[6:], synchsafe(len(tagLong)-10+20))
	across := acrossChange(t, readFile(t, dir, "mono.mp3"), readFile(t, dir, "dual.mp3"))
	headerJunk := cat([]byte{0xFF, 0xFB, 0x61, 0xFC}, junk(396))
	midJunk := cat(tagged[:len(tagged)/2], junk(300), tagged[len(tagged)/2:])
	withSize := func(size uint32) []byte {
		b := cat(wav)
		binary.LittleEndian.PutUint32(b[40:], size)
		return b
	}
	// Cut out of a stream: the first frames refer to data before the cut
	// (the bit reservoir) and play as silence; ffmpeg says how long.
	cutStream := bare[frameOffset(t, bare, 30)-215:]
	cutDur := samplesToDuration(int64(len(ffmpegDecode(t, cutStream, 1))), 44100)
	tooShort := func(d string) string { return "this file is " + d + " long; hold or queue music must be at least 1 s" }

	cases := []corpusCase{
		// 1. Bytes before the first frame.
		{name: "215 bytes of a cut frame before the first", data: cat(bare[len(bare)/2:len(bare)/2+215], bare), dur: bareDur},
		{name: "a stream cut 215 bytes before a frame", data: cutStream, dur: cutDur, tol: frame44},
		{name: "zeros before the first frame", data: cat(make([]byte, 1000), tagged), dur: two},
		{name: "junk before the first frame", data: cat(junk(777), tagged), dur: two},
		{name: "ID3v2 tag followed by junk", data: cat(id3v2("On hold", 0, false), junk(300), tagged), dur: two},
		{name: "ID3v2 tag declaring 20 bytes too few", data: cat(tagShort, tagged), dur: two},
		{name: "ID3v2 tag declaring 20 bytes too many", data: cat(tagLong, tagged), dur: two},
		// 2. Anything after the last complete frame.
		{name: "one stray byte after the last frame", data: cat(tagged, []byte("x")), dur: two},
		{name: "a newline after the last frame", data: cat(tagged, []byte("\n")), dur: two},
		{name: "300 bytes of junk after the last frame", data: cat(tagged, junk(300)), dur: two},
		// Junk that starts like a frame header (MPEG-1 Layer III, 80 kbit/s,
		// 44.1 kHz, mono: 261 bytes) whose "frame" fits before the end:
		// players fail on it or hear a blip and stop; it is not corruption.
		{name: "junk after the last frame starting with a frame header", data: cat(tagged, headerJunk), dur: two},
		{name: "junk starting with a frame header, no LAME tag", data: cat(bare, headerJunk), dur: bareDur},
		{name: "300 bytes of junk starting with a frame header", data: cat(tagged, headerJunk[:300]), dur: two},
		{name: "APEv2 tag", data: cat(tagged, apeTag()), dur: two},
		{name: "ID3v2 tag appended with its 3DI footer", data: cat(tagged, id3v2("On hold", 0, true)), dur: two},
		{name: "ID3v2 tag appended, then ID3v1", data: cat(tagged, id3v2("On hold", 0, true), readFixture(t, "mp3-id3v1.mp3")[len(readFixture(t, "mp3-id3v1.mp3"))-128:]), dur: two},
		{name: "cut last frame, no LAME tag", data: bare[:len(bare)-100], dur: bareDur - frame44},
		{name: "cut last frame, LAME tag", data: tagged[:len(tagged)-100], dur: two, tol: frame44},
		// 3. A legal change of channel mode.
		{name: "mono then dual channel", data: cat(readFile(t, dir, "mono.mp3"), readFile(t, dir, "dual.mp3")),
			dur: samplesToDuration(int64(len(ffmpegDecode(t, cat(readFile(t, dir, "mono.mp3"), readFile(t, dir, "dual.mp3")), 1))), 32000)},
		{name: "mono then dual channel, reservoir across the change", data: across, dur: samplesToDuration(int64(len(ffmpegDecode(t, across, 1))), 32000)},
		// 4. Streamed WAVs.
		{name: "WAV streamed by sox to a pipe", data: runTool(t, dir, "sox", "-D", "-V1", "w8.wav", "-t", "wav", "-"), dur: two},
		{name: "WAV streamed by ffmpeg to a pipe", data: runTool(t, dir, "ffmpeg", "-v", "error", "-nostdin", "-i", "w8.wav", "-f", "wav", "-"), dur: two},
		{name: "WAV data size 0", data: withSize(0), dur: two},
		{name: "WAV data size 0x7FFFFFFF", data: withSize(0x7FFFFFFF), dur: two},
		{name: "WAV data size 0xFFFFFFFF", data: withSize(0xFFFFFFFF), dur: two},
		{name: "WAV data size past the end", data: withSize(32000 + 1000), dur: two},
		{name: "WAV one byte short", data: wav[:len(wav)-1], dur: two - frame(1, 8000)},
		{name: "RF64", data: readFile(t, dir, "rf64.wav"), err: ErrUnsupported,
			msg: "this looks like an RF64 (64-bit WAV) file; only wav and mp3 files are supported"},
		{name: "Wave64", data: readFile(t, dir, "wave64.w64"), err: ErrUnsupported,
			msg: "this looks like a Wave64 (W64) file; only wav and mp3 files are supported"},
		// 5. CRC-protected MP3: the LAME tag is found and trimmed exactly.
		{name: "CRC-protected MP3 (lame -p)", data: readFile(t, dir, "crc.mp3"), dur: two},
		// 6. Too short to be music.
		{name: "WAV of one sample", data: makeWAV(44100, 1, 1.0/44100, sine(440, 0.5)), err: ErrTooShort, msg: tooShort("0.00002 s")},
		{name: "WAV of 0.1 ms", data: makeWAV(48000, 1, 0.0001, sine(440, 0.5)), err: ErrTooShort, msg: tooShort("0.00008 s")},
		{name: "WAV of 1 ms", data: makeWAV(8000, 1, 0.001, sine(440, 0.5)), err: ErrTooShort, msg: tooShort("0.001 s")},
		{name: "WAV of 0.02 s", data: makeWAV(8000, 1, 0.02, sine(440, 0.5)), err: ErrTooShort, msg: tooShort("0.02 s")},
		{name: "MP3 of 0.5 s", data: readFile(t, dir, "half.mp3"), err: ErrTooShort, msg: tooShort("0.50 s")},
		// 7. Messages that name the right thing.
		{name: "ID3v2 tag and no audio", data: id3v2("On hold", 1000, false), err: ErrEmpty, msg: "this mp3 file has a tag but no audio"},
		{name: "ID3v2 tag and text", data: cat(id3v2("On hold", 0, false), []byte("no music here\n")), err: ErrEmpty, msg: "this mp3 file has a tag but no audio"},
		{name: "11 minutes", data: silentMP3(11 * time.Minute), err: ErrTooLong,
			msg: "this file plays for 11:00; hold or queue music can be at most 10 minutes long"},
		// Damage in the middle is still refused: a loop that glitches.
		{name: "junk in the middle", data: midJunk, err: ErrCorrupt, msg: "the mp3 file is truncated or corrupt: unreadable data at 1.0 s"},
		{name: "junk starting with a frame header in the middle", data: cat(tagged[:frameOffset(t, tagged, 41)], headerJunk, tagged[frameOffset(t, tagged, 41):]),
			err: ErrCorrupt, msg: "the mp3 file is truncated or corrupt: unreadable data at 1.1 s"},
		// 8. Files joined with cat (see TestJoinedMP3sAgainstFFmpeg for
		// those that play): the conversion resamples from one rate, so a
		// part of another is refused, saying where; tags between the
		// parts and then junk are damage, not the end of the music.
		{name: "a part at another sample rate joined on", data: cat(readFile(t, dir, "a44.mp3"), readFile(t, dir, "b48.mp3")), err: ErrUnsupported,
			msg: "the mp3 file changes its sample rate at 2.0 s, from 44100 Hz to 48000 Hz; join only parts of one sample rate, or re-encode the whole file"},
		{name: "an MPEG-2 part joined on without tags", data: cat(bare, readFile(t, dir, "bare22.mp3")), err: ErrUnsupported,
			msg: "the mp3 file changes its sample rate at 2.0 s, from 44100 Hz to 22050 Hz; join only parts of one sample rate, or re-encode the whole file"},
		{name: "tags, junk, then a second part", data: cat(tagged, readFixture(t, "mp3-id3v1.mp3")[len(readFixture(t, "mp3-id3v1.mp3"))-128:], junk(500), tagged),
			err: ErrCorrupt, msg: "the mp3 file is truncated or corrupt: unreadable data at 2.0 s"},
	}
	for _, c := range cases {
		if c.err == nil && c.tol == 0 {
			c.tol = time.Microsecond // rounding of samples to nanoseconds
		}
		t.Run(c.name, func(t *testing.T) { c.check(t) })
	}
}

func (c corpusCase) check(t *testing.T) {
	info, err := Decode(c.data)
	if err != nil {
		t.Logf("refused: %v", err)
	} else {
		t.Logf("accepted: %s, %v", info.Codec, info.Duration)
	}
	if c.err != nil {
		if !errors.Is(err, c.err) || err.Error() != c.msg && !(c.err == ErrCorrupt && len(err.Error()) > len(c.msg) && err.Error()[:len(c.msg)] == c.msg) {
			t.Fatalf("Decode error %v, want %q (%v)", err, c.msg, c.err)
		}
		if _, err := Transcode(c.data); !errors.Is(err, c.err) {
			t.Errorf("Transcode error %v, want %v", err, c.err)
		}
		return
	}
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if d := info.Duration - c.dur; d > c.tol || d < -c.tol {
		t.Errorf("plays for %v, want %v ± %v", info.Duration, c.dur, c.tol)
	}
	// An upload handler sniffs the first bytes before the rest arrives.
	if f, err := Detect(c.data[:min(len(c.data), 4096)]); err != nil || f != info.Format {
		t.Errorf("Detect on the first 4 KiB: %q, %v; want %q", f, err, info.Format)
	}
	r, err := Transcode(c.data)
	if err != nil {
		t.Fatalf("Decode accepted, Transcode refused: %v", err)
	}
	if d := r.Duration - info.Duration; d > 2*time.Millisecond || d < -2*time.Millisecond {
		t.Errorf("rendition lasts %v, source %v", r.Duration, info.Duration)
	}
	checkRenditions(t, r)
}

// frameOffset is where frame n of a file of bare frames starts.
func frameOffset(t *testing.T, b []byte, n int) int {
	p := 0
	for range n {
		h, ok := mpa.ParseHeader(b[p:])
		if !ok {
			t.Fatalf("no frame at %d", p)
		}
		p += h.FrameSize
	}
	return p
}

// silentMP3 is d of valid silent MPEG-2.5 frames (8 kHz mono, 8 kbit/s,
// 72 bytes each, no main data): long play times in little space.
func silentMP3(d time.Duration) []byte {
	n := int(d.Seconds() * 8000 / 576)
	b := make([]byte, n*72)
	for i := 0; i < n; i++ {
		copy(b[i*72:], []byte{0xFF, 0xE3, 0x18, 0xC0})
	}
	return b
}

// The search for the first frame is bounded, so a file of junk costs
// little: up to 64 KiB of junk before it are skipped (ffmpeg searches as
// far), more is refused saying where the audio starts, not that only wav
// and mp3 are accepted (issue 16).
func TestJunkBeforeTheFirstFrameIsBounded(t *testing.T) {
	t.Parallel()
	tagged := readFixture(t, "mp3-cbr128-stereo-44k.mp3")
	junk := make([]byte, syncWindow)
	rand.New(rand.NewSource(64)).Read(junk)
	if info, err := Decode(cat(junk[:syncWindow-1], tagged)); err != nil || info.Duration < time.Second {
		t.Errorf("64 KiB less a byte of junk: %v, %v", info, err)
	}
	tag := id3v2("On hold", 0, false)
	for _, c := range []struct {
		name  string
		data  []byte
		start int
	}{
		{"64 KiB of junk", cat(junk, tagged), syncWindow},
		{"an ID3v2 tag, then 64 KiB of junk", cat(tag, junk, tagged), len(tag) + syncWindow},
	} {
		_, err := Decode(c.data)
		var e *Error
		want := fmt.Sprintf("the mp3 audio starts only at byte %d, after at least 64 KiB of other data; remove what comes before it or re-encode the file", c.start)
		if !errors.Is(err, ErrUnsupported) || !errors.As(err, &e) || err.Error() != want {
			t.Errorf("%s: %v, want %q", c.name, err, want)
			continue
		}
		if e.Detail != DetailLateStart || !slices.Equal(e.Args, []string{"64", strconv.Itoa(c.start)}) {
			t.Errorf("%s: detail %q %q", c.name, e.Detail, e.Args)
		}
	}
}
