package audio

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func BenchmarkTranscode3MBMP3(b *testing.B) {
	data, err := os.ReadFile("testdata/bench-3mb.mp3")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Transcode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFFmpeg3MBMP3 is the yardstick of the budget: the same
// conversion by ffmpeg (all four renditions in one run). Skipped when
// ffmpeg is not installed.
func BenchmarkFFmpeg3MBMP3(b *testing.B) {
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		b.Skip("ffmpeg not installed")
	}
	dir := b.TempDir()
	for b.Loop() {
		cmd := exec.Command(ff, "-v", "error", "-y", "-i", "testdata/bench-3mb.mp3",
			"-ac", "1", "-ar", "8000", "-acodec", "pcm_s16le", filepath.Join(dir, "out.wav"),
			"-ac", "1", "-ar", "16000", "-acodec", "pcm_s16le", "-f", "wav", filepath.Join(dir, "out.wav16"),
			"-ac", "1", "-ar", "8000", "-f", "mulaw", filepath.Join(dir, "out.ulaw"),
			"-ac", "1", "-ar", "8000", "-f", "alaw", filepath.Join(dir, "out.alaw"))
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// BenchmarkDecode3MBMP3 is the upload check (frame chain, resync and
// bit-stream validation without synthesis).
func BenchmarkDecode3MBMP3(b *testing.B) {
	data, err := os.ReadFile("testdata/bench-3mb.mp3")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
