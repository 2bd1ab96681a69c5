package audio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixture expectations; see testdata/make-fixtures.sh for how each file
// was made. tol is the allowed duration error: one frame for MP3 (more
// for files without a LAME tag, whose length includes encoder delay and
// padding), none for WAV.
var fixtures = []struct {
	file     string
	format   Format
	rate     int
	channels int
	dur      time.Duration
	tol      time.Duration
	err      error
	msg      string // substring of the error message
}{
	{file: "mp3-cbr128-stereo-44k.mp3", format: FormatMP3, rate: 44100, channels: 2, dur: 2 * time.Second, tol: frame(1152, 44100)},
	{file: "mp3-vbr-stereo-48k.mp3", format: FormatMP3, rate: 48000, channels: 2, dur: 2 * time.Second, tol: frame(1152, 48000)},
	{file: "mp3-vbr-mono-44k.mp3", format: FormatMP3, rate: 44100, channels: 1, dur: 2 * time.Second, tol: frame(1152, 44100)},
	{file: "mp3-cbr64-mono-22k.mp3", format: FormatMP3, rate: 22050, channels: 1, dur: 2 * time.Second, tol: frame(576, 22050)},
	{file: "mp3-cbr32-mono-11k.mp3", format: FormatMP3, rate: 11025, channels: 1, dur: 2 * time.Second, tol: frame(576, 11025)},
	// The 144-byte frames at 8 kHz have no room for a LAME tag.
	{file: "mp3-cbr16-mono-8k.mp3", format: FormatMP3, rate: 8000, channels: 1, dur: 2 * time.Second, tol: 3 * frame(576, 8000)},
	{file: "mp3-notag-cbr96-stereo-44k.mp3", format: FormatMP3, rate: 44100, channels: 2, dur: 2 * time.Second, tol: 2 * frame(1152, 44100)},
	{file: "mp3-id3v2-cover.mp3", format: FormatMP3, rate: 44100, channels: 1, dur: 2 * time.Second, tol: frame(1152, 44100)},
	{file: "mp3-id3v1.mp3", format: FormatMP3, rate: 44100, channels: 1, dur: 2 * time.Second, tol: frame(1152, 44100)},
	{file: "mp3-renamed.wav", format: FormatMP3, rate: 22050, channels: 1, dur: 2 * time.Second, tol: frame(576, 22050)},
	{file: "wav-renamed.mp3", format: FormatWAV, rate: 16000, channels: 1, dur: time.Second},
	{file: "wav-pcm8-mono-8k.wav", format: FormatWAV, rate: 8000, channels: 1, dur: 2 * time.Second},
	{file: "wav-pcm16-mono-22k.wav", format: FormatWAV, rate: 22050, channels: 1, dur: time.Second},
	{file: "wav-pcm16-stereo-44k.wav", format: FormatWAV, rate: 44100, channels: 2, dur: time.Second},
	{file: "wav-pcm16-mono-192k.wav", format: FormatWAV, rate: 192000, channels: 1, dur: time.Second},
	{file: "wav-pcm24-mono-16k.wav", format: FormatWAV, rate: 16000, channels: 1, dur: time.Second},
	{file: "wav-pcm32-mono-8k.wav", format: FormatWAV, rate: 8000, channels: 1, dur: time.Second},
	{file: "wav-float32-mono-48k.wav", format: FormatWAV, rate: 48000, channels: 1, dur: time.Second},
	{file: "wav-float64-mono-8k.wav", format: FormatWAV, rate: 8000, channels: 1, dur: time.Second},
	{file: "wav-mulaw-mono-8k.wav", format: FormatWAV, rate: 8000, channels: 1, dur: 2 * time.Second},
	{file: "wav-alaw-mono-8k.wav", format: FormatWAV, rate: 8000, channels: 1, dur: 2 * time.Second},
	{file: "wav-extensible-pcm24-mono-16k.wav", format: FormatWAV, rate: 16000, channels: 1, dur: time.Second},
	{file: "wav-extensible-6ch-8k.wav", format: FormatWAV, rate: 8000, channels: 6, dur: time.Second},
	// Cut files play as far as they go, as in players: the tagless MP3
	// without its cut last frame (39 frames), the WAV to its last sample.
	{file: "mp3-notag-truncated.mp3", format: FormatMP3, rate: 44100, channels: 2, dur: frame(39*1152, 44100)},
	{file: "wav-truncated.wav", format: FormatWAV, rate: 8000, channels: 1, dur: frame(12000-44, 8000)},

	{file: "empty.wav", err: ErrEmpty, msg: "the file is empty"},
	{file: "wma.wma", err: ErrWMA, msg: "wma and wmv are not supported; upload wav or mp3"},
	{file: "wmv.wmv", err: ErrWMA},
	{file: "ogg-vorbis.ogg", err: ErrUnsupported, msg: "Ogg Vorbis"},
	{file: "ogg-opus.opus", err: ErrUnsupported, msg: "Ogg Opus"},
	{file: "flac.flac", err: ErrUnsupported, msg: "FLAC"},
	{file: "m4a.m4a", err: ErrUnsupported, msg: "M4A"},
	{file: "aac-as.mp3", err: ErrUnsupported, msg: "AAC"},
	{file: "mp2-as.mp3", err: ErrUnsupported, msg: "Layer I/II"},
	{file: "video.mp4", err: ErrUnsupported, msg: "MP4"},
	{file: "text-as.mp3", err: ErrUnsupported, msg: "text file"},
	{file: "mp3-truncated.mp3", err: ErrTruncated, msg: "decoding stopped at 1.2 s of 2.0 s"},
}

func frame(samples, rate int) time.Duration {
	return samplesToDuration(int64(samples), rate)
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	for _, f := range fixtures {
		t.Run(f.file, func(t *testing.T) {
			data := readFixture(t, f.file)
			info, err := Decode(data)
			if f.err != nil {
				if !errors.Is(err, f.err) {
					t.Fatalf("Decode error = %v, want %v", err, f.err)
				}
				if !strings.Contains(err.Error(), f.msg) {
					t.Errorf("message %q does not mention %q", err, f.msg)
				}
				if f.err == ErrTruncated && !errors.Is(err, ErrCorrupt) {
					t.Errorf("truncation %v should match ErrCorrupt too", err)
				}
				if _, err2 := Transcode(data); !errors.Is(err2, f.err) {
					t.Errorf("Transcode error = %v, want %v", err2, f.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if info.Format != f.format || info.SampleRate != f.rate || info.Channels != f.channels {
				t.Errorf("got %+v, want %s %d Hz %d ch", *info, f.format, f.rate, f.channels)
			}
			if d := info.Duration - f.dur; d > f.tol || d < -f.tol {
				t.Errorf("duration %v, want %v ± %v", info.Duration, f.dur, f.tol)
			}
			if format, err := Detect(data); err != nil || format != f.format {
				t.Errorf("Detect = %q, %v", format, err)
			}
			if info.Codec == "" {
				t.Error("no codec description")
			}
			r, err := Transcode(data)
			if err != nil {
				t.Fatalf("Transcode: %v", err)
			}
			if d := r.Duration - info.Duration; d > 2*time.Millisecond || d < -2*time.Millisecond {
				t.Errorf("rendition lasts %v, source %v", r.Duration, info.Duration)
			}
			checkRenditions(t, r)
		})
	}
}

// checkRenditions verifies the container details Asterisk relies on.
func checkRenditions(t *testing.T, r *Renditions) {
	t.Helper()
	for _, c := range []struct {
		name string
		wav  []byte
		rate int
	}{{"WAV8k", r.WAV8k, 8000}, {"WAV16k", r.WAV16k, 16000}} {
		w, err := parseWAV(c.wav)
		if err != nil {
			t.Fatalf("%s does not parse: %v", c.name, err)
		}
		if w.tag != wavPCM || w.extensible || w.rate != c.rate || w.channels != 1 || w.bits != 16 {
			t.Errorf("%s: %+v", c.name, w)
		}
	}
	n8 := (len(r.WAV8k) - 44) / 2
	if len(r.ULaw) != n8 || len(r.ALaw) != n8 {
		t.Errorf("G.711 lengths %d/%d, want %d", len(r.ULaw), len(r.ALaw), n8)
	}
	if n16 := (len(r.WAV16k) - 44) / 2; n16 < 2*n8-2 || n16 > 2*n8+2 {
		t.Errorf("16 kHz rendition has %d samples, 8 kHz %d", n16, n8)
	}
	if len(r.Peaks) != PeakBuckets {
		t.Errorf("%d peaks", len(r.Peaks))
	}
	files := r.Files()
	for _, ext := range []string{"wav", "wav16", "ulaw", "alaw"} {
		if len(files[ext]) == 0 {
			t.Errorf("no .%s file", ext)
		}
	}
}

// Detect must work on just the start of a file, as an upload handler
// would call it before the body has arrived.
func TestDetectHead(t *testing.T) {
	t.Parallel()
	for _, f := range fixtures {
		data := readFixture(t, f.file)
		head := data[:min(len(data), 4096)]
		format, err := Detect(head)
		switch {
		case f.err == ErrTruncated:
		case f.err != nil:
			if !errors.Is(err, f.err) {
				t.Errorf("%s: Detect = %v, want %v", f.file, err, f.err)
			}
		case err != nil || format != f.format:
			t.Errorf("%s: Detect = %q, %v; want %q", f.file, format, err, f.format)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	if ErrWMA.Error() != "wma and wmv are not supported; upload wav or mp3" {
		t.Error(ErrWMA)
	}
	if ErrUnsupported.Error() != "only wav and mp3 files are supported" {
		t.Error(ErrUnsupported)
	}
	_, err := Detect([]byte("OggS\x00\x02" + strings.Repeat("\x00", 22) + "\x01vorbis"))
	if err == nil || err.Error() != "this looks like an Ogg Vorbis file; only wav and mp3 files are supported" {
		t.Errorf("got %v", err)
	}
	if _, err := Detect(nil); !errors.Is(err, ErrEmpty) || err.Error() != "the file is empty" {
		t.Errorf("got %v", err)
	}
	if _, err := Detect([]byte{0x13, 0x37, 0x00, 0xff, 0x80}); err != ErrUnsupported {
		t.Errorf("unknown binary: got %v", err)
	}
}
