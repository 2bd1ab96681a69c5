package audio

import (
	"math"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// joinCase is an MP3 joined from parts (cat a.mp3 b.mp3), each also a
// file of its own.
type joinCase struct {
	name  string
	parts [][]byte
	data  []byte
	// seams is where tags or Info frames sit between frames, if not
	// only between the parts.
	seams int
}

// MP3s joined with cat, with tags between the parts (or an Info frame
// only), play on after the first part as in players (issue 16): each
// part as long as ffmpeg decodes it alone, since each part's own LAME
// tag trims its encoder delay and padding; and within a few frames of
// what ffmpeg decodes of the joined file, which trims by the first
// part's LAME tag only and stumbles at the join. At 32 kHz (decoded at
// full rate) the samples are ffmpeg's samples of the parts, in a row.
func TestJoinedMP3sAgainstFFmpeg(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sox := func(args ...string) { runTool(t, dir, "sox", append([]string{"-D", "-V1"}, args...)...) }
	lame := func(args ...string) []byte {
		runTool(t, dir, "lame", append([]string{"--quiet"}, args...)...)
		return readFile(t, dir, args[len(args)-1])
	}
	ffmpeg := func(args ...string) []byte {
		runTool(t, dir, "ffmpeg", append([]string{"-v", "error", "-nostdin", "-y"}, args...)...)
		return readFile(t, dir, args[len(args)-1])
	}
	sox("-n", "-r", "44100", "-c", "1", "-b", "16", "m44.wav", "synth", "3", "sine", "440", "gain", "-6")
	sox("-n", "-r", "44100", "-c", "2", "-b", "16", "s44.wav", "synth", "3", "sine", "440", "sine", "660", "gain", "-6")
	sox("-n", "-r", "44100", "-c", "2", "-b", "16", "s44x5.wav", "synth", "5", "sine", "440", "sine", "660", "gain", "-6")
	sox("-n", "-r", "32000", "-c", "1", "-b", "16", "m32.wav", "synth", "2", "sine", "550", "gain", "-6")
	sox("-n", "-r", "32000", "-c", "2", "-b", "16", "s32.wav", "synth", "2.5", "sine", "440", "sine", "660", "gain", "-6")

	// The hands-on trial's files: lame's ID3v2 and ID3v1 tags around
	// each part, mono then stereo; and ffmpeg's ID3v2 tag and Lavc
	// Info frame, twice.
	a := lame("-b", "128", "--tt", "A", "--add-id3v2", "m44.wav", "a.mp3")
	b := lame("-b", "128", "--tt", "B", "--add-id3v2", "s44.wav", "b.mp3")
	ff := ffmpeg("-i", "s44x5.wav", "-b:a", "128k", "ff.mp3")
	// At 32 kHz: tagged, untagged (an Info frame is all between them),
	// ffmpeg's.
	ma := lame("-b", "64", "-m", "m", "--tt", "A", "--add-id3v2", "m32.wav", "ma.mp3")
	sb := lame("-b", "128", "--tt", "B", "--add-id3v2", "s32.wav", "sb.mp3")
	mu := lame("-b", "64", "-m", "m", "m32.wav", "mu.mp3")
	su := lame("-b", "128", "s32.wav", "su.mp3")
	f32 := ffmpeg("-i", "s32.wav", "-b:a", "96k", "f32.mp3")
	v1 := lame("-b", "64", "-m", "m", "--tt", "A", "--id3v1-only", "m32.wav", "v1.mp3")
	// A tag put between two frames of one file (the trial's: ffmpeg
	// plays all but a frame of it).
	mid := frameOffset(t, su[startOf(su):], 30) + startOf(su)
	id3v1 := readFile(t, dir, "v1.mp3")
	id3v1 = id3v1[len(id3v1)-128:]

	cases := []joinCase{
		{"lame, ID3v1 and ID3v2 between, mono then stereo (44.1 kHz)", [][]byte{a, b}, cat(a, b), 0},
		{"ffmpeg's file twice (44.1 kHz)", [][]byte{ff, ff}, cat(ff, ff), 0},
		{"lame, ID3v1 and ID3v2 between, mono then stereo", [][]byte{ma, sb}, cat(ma, sb), 0},
		{"lame, stereo then mono", [][]byte{sb, ma}, cat(sb, ma), 0},
		{"lame without tags: an Info frame between", [][]byte{mu, su}, cat(mu, su), 0},
		{"ffmpeg's file twice", [][]byte{f32, f32}, cat(f32, f32), 0},
		{"three parts", [][]byte{su, ma, f32}, cat(su, ma, f32), 0},
		{"ID3v1 and APEv2 after the first, nothing before the second", [][]byte{v1, su}, cat(v1, apeTag(), su), 0},
		{"ID3v2 tag with junk after it before the second", [][]byte{su, mu}, cat(su, id3v2("B", 0, false), []byte("some junk a tool left"), mu), 0},
		{"ID3v1 tag between two frames of one file", [][]byte{su}, cat(su[:mid], id3v1, su[mid:]), 1},
		{"ID3v2 tag between two frames of one file", [][]byte{su}, cat(su[:mid], id3v2("Inserted", 100, false), su[mid:]), 1},
		{"APEv2 tag between two frames of one file", [][]byte{su}, cat(su[:mid], apeTag(), su[mid:]), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // its own bytes; ffmpeg runs as its own processes
			info, err := Decode(c.data)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			rate := info.SampleRate
			var parts []float32
			for _, p := range c.parts {
				parts = append(parts, ffmpegMono(t, p)...)
			}
			if d := info.Duration - samplesToDuration(int64(len(parts)), rate); d > time.Microsecond || d < -time.Microsecond {
				t.Errorf("plays %v, ffmpeg decodes the parts %v", info.Duration, samplesToDuration(int64(len(parts)), rate))
			}
			// ffmpeg plays the later parts' Xing/Info frames (as silence)
			// and encoder delay and padding, and at a join its parser may
			// lose a frame or two to the tags.
			joined, untrimmed := int64(len(ffmpegDecode(t, c.data, 1))), int64(0)
			for _, p := range c.parts[1:] {
				untrimmed += untrimmedOf(t, p)
			}
			frame := int64(1152)
			if rate < 32000 {
				frame = 576
			}
			off := joined - int64(len(parts)) - untrimmed
			t.Logf("plays %v; ffmpeg decodes the parts %v, the joined file %v (%+d samples; the later parts' Info frames, delay and padding: %d)",
				info.Duration, samplesToDuration(int64(len(parts)), rate), samplesToDuration(joined, rate), joined-int64(len(parts)), untrimmed)
			seams := int64(max(c.seams, len(c.parts)-1))
			if off > 2*seams*frame || off < -2*seams*frame {
				t.Errorf("ffmpeg decodes %d samples of the joined file, %d frames off ours and the later parts' untrimmed samples", joined, off/frame)
			}
			r, err := Transcode(c.data)
			if err != nil {
				t.Fatalf("Transcode: %v", err)
			}
			if d := r.Duration - info.Duration; d > 2*time.Millisecond || d < -2*time.Millisecond {
				t.Errorf("rendition lasts %v, source %v", r.Duration, info.Duration)
			}
			if rate != 32000 {
				return // decoded at half rate: no sample of ffmpeg's to compare
			}
			ours, _ := decodeAll(t, c.data)
			if len(ours) != len(parts) {
				t.Fatalf("we decode %d samples, ffmpeg %d of the parts", len(ours), len(parts))
			}
			if snr := snrOf(parts, ours); snr < 60 {
				t.Errorf("SNR against ffmpeg's parts %.1f dB, want >= 60", snr)
			} else {
				t.Logf("SNR against ffmpeg's parts %.1f dB", snr)
			}
		})
	}
}

// untrimmedOf is what a player that ignores a file's LAME tag plays more
// of it than ffmpeg decodes of it alone: its Xing/Info frame, encoder
// delay and padding, in samples.
func untrimmedOf(t *testing.T, data []byte) int64 {
	t.Helper()
	n, spf := int64(0), 0
	for p := startOf(data); ; n++ {
		h, ok := mpa.ParseHeader(data[p:])
		if !ok || p+h.FrameSize > len(data) {
			break
		}
		p, spf = p+h.FrameSize, h.Samples
	}
	return n*int64(spf) - int64(len(ffmpegMono(t, data)))
}

// ffmpegMono is ffmpeg's decoding of a file of one channel mode, downmixed
// as our decoder does: (L+R)/2, a mono file as it is.
func ffmpegMono(t *testing.T, data []byte) []float32 {
	t.Helper()
	lr := ffmpegDecode(t, data, 2)
	k := float32(1)
	if monoFrames(data[startOf(data):])[0] {
		k = math.Sqrt2 // ffmpeg upmixes mono to both channels at -3 dB
	}
	out := make([]float32, len(lr)/2)
	for i := range out {
		out[i] = (lr[2*i] + lr[2*i+1]) / 2 * k
	}
	return out
}

// snrOf is the signal-to-noise ratio of got against ref, in dB.
func snrOf(ref, got []float32) float64 {
	var sig, noise float64
	for i := range ref {
		d := float64(ref[i] - got[i])
		sig += float64(ref[i]) * float64(ref[i])
		noise += d * d
	}
	return 10 * math.Log10(sig/noise)
}
