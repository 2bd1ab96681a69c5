package audio

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// needTool finds an encoder the corpus is made with. Without it the
// corpus cannot be built: a developer's run skips (and says so), CI fails.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must build the audio corpus with %s: install it (.ci/run does)", name)
		}
		t.Skipf("SKIPPED: %s not installed; the audio corpus is not tested", name)
	}
	return path
}

// runTool runs a command and returns its standard output (a pipe, so a
// WAV writer cannot seek back to fill in sizes: a streamed WAV).
func runTool(t *testing.T, dir string, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(needTool(t, name), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr.Bytes())
	}
	return out
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ffmpegDecode decodes data with ffmpeg to float samples with the given
// channel count at the file's own rate.
func ffmpegDecode(t *testing.T, data []byte, channels int) []float32 {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	out := runTool(t, dir, "ffmpeg", "-v", "error", "-nostdin", "-i", "in",
		"-ac", string(rune('0'+channels)), "-f", "f32le", "-")
	x := make([]float32, len(out)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(out[4*i:]))
	}
	return x
}

// decodeAll runs our decoder over the whole file, as Transcode does.
func decodeAll(t *testing.T, data []byte) ([]float32, int) {
	t.Helper()
	_, src, err := open(data, true)
	if err != nil {
		t.Fatal(err)
	}
	var out []float32
	buf := make([]float32, 4096)
	for {
		n, err := src.read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			break
		}
	}
	return out, src.rate()
}

// id3v2 builds an ID3v2.4 tag with one text frame and the given padding;
// footer writes the "3DI" footer of a tag appended at the end of a file.
func id3v2(title string, padding int, footer bool) []byte {
	frame := append([]byte("TIT2"), synchsafe(len(title)+1)...)
	frame = append(frame, 0, 0, 3)
	frame = append(frame, title...)
	body := append(frame, make([]byte, padding)...)
	flags := byte(0)
	if footer {
		flags = 0x10
	}
	tag := append([]byte{'I', 'D', '3', 4, 0, flags}, synchsafe(len(body))...)
	tag = append(tag, body...)
	if footer {
		tag = append(tag, '3', 'D', 'I', 4, 0, flags)
		tag = append(tag, synchsafe(len(body))...)
	}
	return tag
}

func synchsafe(n int) []byte {
	return []byte{byte(n >> 21 & 0x7F), byte(n >> 14 & 0x7F), byte(n >> 7 & 0x7F), byte(n & 0x7F)}
}

// apeTag builds an APEv2 tag with header and footer and one item.
func apeTag() []byte {
	item := append(binary.LittleEndian.AppendUint32(nil, 7), 0, 0, 0, 0)
	item = append(item, "Title\x00On hold"...)
	part := func(header bool) []byte {
		b := append([]byte("APETAGEX"), binary.LittleEndian.AppendUint32(nil, 2000)...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(item)+32))
		b = binary.LittleEndian.AppendUint32(b, 1)
		flags := uint32(1 << 31) // has a header
		if header {
			flags |= 1 << 29
		}
		b = binary.LittleEndian.AppendUint32(b, flags)
		return append(b, make([]byte, 8)...)
	}
	return append(append(part(true), item...), part(false)...)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
