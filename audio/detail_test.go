package audio

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"
)

// Every refusal that the sentinel alone would leave vague carries its
// exact reason as a detail code with values, which the portal stores and
// words in the customer's language: the files of the hands-on trial, made
// with ffmpeg, sox and lame, and the WAV headers no tool writes.
func TestRefusalsCarryTheirDetail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ff := func(out string, args ...string) []byte {
		t.Helper()
		runTool(t, dir, "ffmpeg", append(append([]string{"-v", "error", "-nostdin", "-y"}, args...), out)...)
		return readFile(t, dir, out)
	}
	runTool(t, dir, "sox", "-D", "-V1", "-n", "-r", "44100", "-c", "2", "-b", "16", "tone.wav", "synth", "2", "sine", "440", "sine", "660", "gain", "-6")
	runTool(t, dir, "sox", "-D", "-V1", "-n", "-r", "8000", "-c", "1", "-b", "16", "w8.wav", "synth", "2", "sine", "440", "gain", "-6")
	runTool(t, dir, "lame", "--quiet", "--freeformat", "-b", "640", "tone.wav", "free.mp3")
	w8 := readFile(t, dir, "w8.wav")
	runTool(t, dir, "lame", "--quiet", "-t", "-b", "128", "tone.wav", "bare.mp3")
	tagged := readFile(t, dir, "bare.mp3")
	withFmt := func(tag, channels, bits int) []byte {
		b := cat(w8)
		binary.LittleEndian.PutUint16(b[20:], uint16(tag))
		binary.LittleEndian.PutUint16(b[22:], uint16(channels))
		binary.LittleEndian.PutUint16(b[32:], uint16(channels*bits/8))
		binary.LittleEndian.PutUint16(b[34:], uint16(bits))
		return b
	}
	cases := []struct {
		name   string
		data   []byte
		err    error
		detail string
		args   []string
	}{
		{"ID3v2 tag only", id3v2("On hold", 1000, false), ErrEmpty, DetailTagOnly, nil},
		{"WAV header without samples", w8[:44], ErrEmpty, DetailNoAudio, []string{"wav"}},
		{"MS ADPCM", ff("msadpcm.wav", "-i", "w8.wav", "-c:a", "adpcm_ms"), ErrUnsupported, DetailWAVCodec, []string{"MS ADPCM"}},
		{"IMA ADPCM", ff("ima.wav", "-i", "w8.wav", "-c:a", "adpcm_ima_wav"), ErrUnsupported, DetailWAVCodec, []string{"IMA ADPCM"}},
		{"GSM", ff("gsm.wav", "-i", "w8.wav", "-c:a", "libgsm_ms"), ErrUnsupported, DetailWAVCodec, []string{"GSM 6.10"}},
		{"unknown WAV codec", withFmt(0x1234, 1, 16), ErrUnsupported, DetailWAVFormatTag, []string{"0x1234"}},
		{"16-bit float", withFmt(wavFloat, 1, 16), ErrUnsupported, DetailWAVBits, []string{"16", "IEEE float"}},
		{"40 channels", withFmt(wavPCM, 40, 16), ErrUnsupported, DetailWAVChannels, []string{"40", "32"}},
		{"2000 Hz pcm_u8", ff("u8.wav", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=2000:duration=2", "-c:a", "pcm_u8"),
			ErrUnsupported, DetailWAVRate, []string{"2000", "8000", "192000"}},
		{"RF64", ff("rf64.wav", "-i", "w8.wav", "-rf64", "always"), ErrUnsupported, DetailWAVVariant, []string{"RF64"}},
		{"Wave64", ff("w64.w64", "-i", "w8.wav", "-f", "w64"), ErrUnsupported, DetailWAVVariant, []string{"Wave64"}},
		{"AVI", ff("x.avi", "-i", "tone.wav"), ErrUnsupported, DetailLooksLike, []string{"AVI"}},
		{"Ogg Vorbis", ff("x.ogg", "-i", "tone.wav", "-c:a", "libvorbis"), ErrUnsupported, DetailLooksLike, []string{"Ogg Vorbis"}},
		{"Opus", ff("x.opus", "-i", "tone.wav", "-c:a", "libopus"), ErrUnsupported, DetailLooksLike, []string{"Ogg Opus"}},
		{"FLAC", ff("x.flac", "-i", "tone.wav"), ErrUnsupported, DetailLooksLike, []string{"FLAC"}},
		{"M4A", ff("x.m4a", "-i", "tone.wav", "-c:a", "aac"), ErrUnsupported, DetailLooksLike, []string{"M4A (AAC)"}},
		{"AAC (ADTS)", ff("x.aac", "-i", "tone.wav", "-c:a", "aac", "-f", "adts"), ErrUnsupported, DetailLooksLike, []string{"AAC"}},
		{"AIFF", ff("x.aiff", "-i", "tone.wav"), ErrUnsupported, DetailLooksLike, []string{"AIFF"}},
		{"mp2", ff("x.mp2", "-i", "tone.wav", "-c:a", "mp2"), ErrUnsupported, DetailLooksLike, []string{"MPEG Layer I/II (mp2)"}},
		{"AC-3", ff("x.ac3", "-i", "tone.wav", "-c:a", "ac3"), ErrUnsupported, DetailLooksLike, []string{"AC-3 (Dolby Digital)"}},
		{"E-AC-3", ff("x.eac3", "-i", "tone.wav", "-c:a", "eac3"), ErrUnsupported, DetailLooksLike, []string{"E-AC-3 (Dolby Digital Plus)"}},
		{"Matroska audio", ff("x.mka", "-i", "tone.wav", "-c:a", "flac"), ErrUnsupported, DetailLooksLike, []string{"Matroska/WebM"}},
		{"free-format mp3", readFile(t, dir, "free.mp3"), ErrUnsupported, DetailFreeFormat, nil},
		{"text", []byte("these are the lyrics, not the song\n"), ErrUnsupported, DetailText, nil},
		{"ID3v2 tag and text", cat(id3v2("On hold", 0, false), []byte("no music here\n")), ErrEmpty, DetailTagOnly, nil},
		{"a cut copy", readFixture(t, "mp3-truncated.mp3"), ErrTruncated, DetailStoppedAt, []string{"1.2 s", "2.0 s"}},
		{"junk in the middle", cat(tagged[:frameOffset(t, tagged, 40)], []byte("junk in the middle of the music"), tagged[frameOffset(t, tagged, 40):]),
			ErrCorrupt, DetailDamagedAt, []string{"1.0 s"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, run := range []struct {
				name string
				f    func([]byte) error
			}{
				{"Decode", func(b []byte) error { _, err := Decode(b); return err }},
				{"Transcode", func(b []byte) error { _, err := Transcode(b); return err }},
			} {
				err := run.f(c.data)
				var e *Error
				if !errors.Is(err, c.err) || !errors.As(err, &e) {
					t.Fatalf("%s: %v, want %v with a detail", run.name, err, c.err)
				}
				if e.Detail != c.detail || !slices.Equal(e.Args, c.args) {
					t.Errorf("%s: %q: detail %q %q, want %q %q", run.name, err, e.Detail, e.Args, c.detail, c.args)
				}
			}
		})
	}
}

// An unknown WAV codec is named by its tag in a sentence that reads.
func TestUnknownWAVCodecMessage(t *testing.T) {
	t.Parallel()
	b := makeWAV(8000, 1, 1, sine(440, 0.5))
	binary.LittleEndian.PutUint16(b[20:], 0x0270)
	_, err := Decode(b)
	const want = "this wav file uses an unknown codec (format tag 0x0270); only PCM, float, mu-law and A-law wav files are supported"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
