package audio

import (
	"math"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// The decoded samples of the files whose frames we find differently
// than before match ffmpeg's: a mode change and a CRC-protected stream
// (both at 32 kHz, decoded at full rate, so the samples align).
func TestCorpusAgainstFFmpeg(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sox := func(args ...string) { runTool(t, dir, "sox", append([]string{"-D", "-V1"}, args...)...) }
	lame := func(args ...string) { runTool(t, dir, "lame", append([]string{"--quiet"}, args...)...) }
	sox("-n", "-r", "32000", "-c", "2", "-b", "16", "s32.wav", "synth", "2", "sine", "440", "sine", "660", "gain", "-6")
	sox("-n", "-r", "32000", "-c", "1", "-b", "16", "m32.wav", "synth", "1.5", "sine", "550", "gain", "-6")
	lame("-p", "-b", "128", "s32.wav", "crc.mp3")
	lame("-t", "-b", "64", "-m", "m", "m32.wav", "mono.mp3")
	lame("-t", "-b", "128", "-m", "d", "s32.wav", "dual.mp3")
	mono, dual := readFile(t, dir, "mono.mp3"), readFile(t, dir, "dual.mp3")
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"CRC-protected", readFile(t, dir, "crc.mp3")},
		{"mono then dual channel", cat(mono, dual)},
		{"dual channel then mono", cat(dual, mono)},
		{"mono then dual channel, reservoir across the change", acrossChange(t, mono, dual)},
		{"dual channel then mono, reservoir across the change", acrossChange(t, dual, mono)},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each case decodes its own bytes; ffmpeg runs as its own process
			ours, rate := decodeAll(t, c.data)
			if rate != 32000 {
				t.Fatalf("decoded at %d Hz", rate)
			}
			// ffmpeg upmixes mono frames to both channels at -3 dB.
			lr := ffmpegDecode(t, c.data, 2)
			mono := monoFrames(c.data)
			ref := make([]float32, len(lr)/2)
			for i := range ref {
				ref[i] = (lr[2*i] + lr[2*i+1]) / 2
				if mono[i/1152] {
					ref[i] *= math.Sqrt2
				}
			}
			if len(ref) != len(ours) {
				t.Fatalf("ffmpeg decodes %d samples, we %d", len(ref), len(ours))
			}
			var sig, noise float64
			for i := range ref {
				d := float64(ref[i] - ours[i])
				sig += float64(ref[i]) * float64(ref[i])
				noise += d * d
			}
			snr := 10 * math.Log10(sig/noise)
			t.Logf("%d samples, SNR against ffmpeg %.1f dB", len(ours), snr)
			if snr < 60 {
				t.Errorf("SNR against ffmpeg %.1f dB, want >= 60", snr)
			}
		})
	}
}

// Every accepted fixture plays exactly as long as ffmpeg decodes it:
// encoder delay and padding trimmed alike, no frame more or less (but
// the cut last frame, which ffmpeg plays in part and we drop).
func TestLengthsMatchFFmpeg(t *testing.T) {
	t.Parallel()
	for _, f := range fixtures {
		if f.err != nil {
			continue
		}
		t.Run(f.file, func(t *testing.T) {
			t.Parallel() // one fixture file, one ffmpeg process
			data := readFixture(t, f.file)
			info, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			n := len(ffmpegDecode(t, data, 1))
			if f.file == "mp3-notag-truncated.mp3" {
				n -= 1152 // ffmpeg plays what is left of the cut last frame; we drop it
			}
			ff := samplesToDuration(int64(n), info.SampleRate)
			t.Logf("%v, ffmpeg %v", info.Duration, ff)
			if d := info.Duration - ff; d > time.Microsecond || d < -time.Microsecond {
				t.Errorf("plays for %v, ffmpeg decodes %v", info.Duration, ff)
			}
		})
	}
}

// monoFrames reports for each frame of a file of bare frames (at most
// one Info frame, which ffmpeg does not output) whether it is mono.
func monoFrames(b []byte) []bool {
	var mono []bool
	for p := 0; ; {
		h, ok := mpa.ParseHeader(b[p:])
		if !ok || p+h.FrameSize > len(b) {
			return mono
		}
		if _, info := parseXing(b[p:p+h.FrameSize], h); !info || p > 0 {
			mono = append(mono, h.Channels() == 1)
		}
		p += h.FrameSize
	}
}

// acrossChange joins two files of bare frames of different channel modes
// and repacks the main data so that the first frame after the join takes
// part of its data from the bit reservoir the frames before it left.
func acrossChange(t *testing.T, a, b []byte) []byte {
	t.Helper()
	joined, mdbs := repackReservoir(t, cat(a, b))
	if k := len(monoFrames(a)); mdbs[k] == 0 {
		t.Fatalf("main_data_begin 0 at the change of mode (frame %d): the reservoir does not cross it", k)
	}
	return joined
}
