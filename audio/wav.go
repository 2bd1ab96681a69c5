package audio

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WAVE format tags we decode; WAVE_FORMAT_EXTENSIBLE wraps them.
const (
	wavPCM        = 0x0001
	wavFloat      = 0x0003
	wavALaw       = 0x0006
	wavMuLaw      = 0x0007
	wavExtensible = 0xFFFE
)

// wavCodecNames names tags customers meet in practice, for the refusal.
var wavCodecNames = map[uint16]string{
	0x0002: "MS ADPCM",
	0x0011: "IMA ADPCM",
	0x0016: "ITU G.723 ADPCM",
	0x0031: "GSM 6.10",
	0x0040: "G.721 ADPCM",
	0x0045: "G.726 ADPCM",
	0x0050: "MPEG",
	0x0055: "MP3",
	0x0064: "G.726 ADPCM",
	0x0133: "G.729",
	0x0161: "WMA",
	0x0022: "TrueSpeech",
}

// wavCodecOf names the codecs we decode, for a refusal of their sample
// width.
func wavCodecOf(tag uint16) string {
	switch tag {
	case wavFloat:
		return "IEEE float"
	case wavMuLaw:
		return "mu-law"
	case wavALaw:
		return "A-law"
	}
	return "PCM"
}

// ksdataformatSuffix is the part of the extensible SubFormat GUID after
// the format tag.
var ksdataformatSuffix = []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

const (
	minRate     = 8000
	maxRate     = 192000
	maxChannels = 32
)

type wavFile struct {
	tag        uint16 // resolved through EXTENSIBLE
	extensible bool
	channels   int
	rate       int
	bits       int // container bits per sample
	data       []byte
	frames     int
}

func (w *wavFile) info() Info {
	var codec string
	switch w.tag {
	case wavPCM:
		codec = fmt.Sprintf("WAV PCM %d-bit", w.bits)
	case wavFloat:
		codec = fmt.Sprintf("WAV float %d-bit", w.bits)
	case wavMuLaw:
		codec = "WAV mu-law (G.711)"
	case wavALaw:
		codec = "WAV A-law (G.711)"
	}
	return Info{
		Format:     FormatWAV,
		Codec:      codec,
		SampleRate: w.rate,
		Channels:   w.channels,
		Duration:   samplesToDuration(int64(w.frames), w.rate),
	}
}

// parseWAV checks the RIFF structure and the format and locates the
// samples. Nothing is allocated in proportion to what headers claim.
func parseWAV(b []byte) (*wavFile, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, ErrUnsupported
	}
	var w wavFile
	var fmtChunk, data []byte
	for p := 12; len(b)-p >= 8; {
		id := string(b[p : p+4])
		size := int64(binary.LittleEndian.Uint32(b[p+4:]))
		body := int64(p + 8)
		end := body + size
		switch id {
		case "fmt ":
			if end > int64(len(b)) {
				return nil, newError("the wav file is truncated: its format header is cut off", ErrTruncated, ErrCorrupt)
			}
			fmtChunk = b[body:end]
		case "data":
			if data != nil {
				break // a second data chunk is ignored, as players do
			}
			// A streamed WAV (sox or ffmpeg writing to a pipe, a
			// recorder that was stopped) cannot go back to fill in the
			// size: 0, 0xFFFFFFFF or anything past the end of the file
			// then means "until the end of the file", as in ffmpeg.
			if size == 0 || end > int64(len(b)) {
				end = int64(len(b))
			}
			data = b[body:end]
		}
		p = int(end + end&1) // chunks are word aligned
	}
	if fmtChunk == nil {
		if data == nil {
			return nil, newError("the wav file is truncated or corrupt: it has no format or data chunk", ErrCorrupt)
		}
		return nil, newError("the wav file is corrupt: it has no format chunk", ErrCorrupt)
	}
	if err := w.parseFmt(fmtChunk); err != nil {
		return nil, err
	}
	if data == nil {
		return nil, newError("the wav file is truncated or corrupt: it has no data chunk", ErrCorrupt)
	}
	block := w.channels * w.bits / 8
	w.frames = len(data) / block
	w.data = data[:w.frames*block]
	if w.frames == 0 {
		return nil, detailed(DetailNoAudio, []string{"wav"}, "the wav file contains no audio", ErrEmpty)
	}
	return &w, nil
}

func (w *wavFile) parseFmt(f []byte) error {
	if len(f) < 16 {
		return newError("the wav file is corrupt: its format header is too short", ErrCorrupt)
	}
	w.tag = binary.LittleEndian.Uint16(f[0:])
	w.channels = int(binary.LittleEndian.Uint16(f[2:]))
	w.rate = int(binary.LittleEndian.Uint32(f[4:]))
	blockAlign := int(binary.LittleEndian.Uint16(f[12:]))
	w.bits = int(binary.LittleEndian.Uint16(f[14:]))
	if w.tag == wavExtensible {
		if len(f) < 40 {
			return newError("the wav file is corrupt: its extensible format header is too short", ErrCorrupt)
		}
		w.extensible = true
		if string(f[26:40]) != string(ksdataformatSuffix) {
			return detailed(DetailWAVSubformat, nil, "this wav file uses an unknown codec; only PCM, float, mu-law and A-law wav files are supported", ErrUnsupported)
		}
		w.tag = binary.LittleEndian.Uint16(f[24:])
	}
	switch w.tag {
	case wavPCM, wavFloat, wavMuLaw, wavALaw:
	default:
		const only = "; only PCM, float, mu-law and A-law wav files are supported"
		name := wavCodecNames[w.tag]
		if name == "" {
			tag := fmt.Sprintf("0x%04X", w.tag)
			return detailed(DetailWAVFormatTag, []string{tag}, "this wav file uses an unknown codec (format tag "+tag+")"+only, ErrUnsupported)
		}
		return detailed(DetailWAVCodec, []string{name}, "this wav file uses the "+name+" codec"+only, ErrUnsupported)
	}
	if w.channels == 0 {
		return newError("the wav file is corrupt: it declares no channels", ErrCorrupt)
	}
	if w.channels > maxChannels {
		return detailed(DetailWAVChannels, []string{strconv.Itoa(w.channels), strconv.Itoa(maxChannels)},
			fmt.Sprintf("wav files with %d channels are not supported", w.channels), ErrUnsupported)
	}
	if w.rate < minRate || w.rate > maxRate {
		return detailed(DetailWAVRate, []string{strconv.Itoa(w.rate), strconv.Itoa(minRate), strconv.Itoa(maxRate)},
			fmt.Sprintf("a sample rate of %d Hz is not supported; use %d to %d Hz", w.rate, minRate, maxRate), ErrUnsupported)
	}
	// Containers are whole bytes; odd widths (12, 20 bits) sit in the
	// next size up, left-justified, so reading the container is right.
	bits := (w.bits + 7) / 8 * 8
	ok := false
	switch w.tag {
	case wavPCM:
		ok = bits >= 8 && bits <= 32
	case wavFloat:
		ok = bits == 32 || bits == 64
	case wavMuLaw, wavALaw:
		ok = bits == 8
	}
	if !ok {
		return detailed(DetailWAVBits, []string{strconv.Itoa(w.bits), wavCodecOf(w.tag)},
			fmt.Sprintf("%d-bit samples are not supported in this wav codec", w.bits), ErrUnsupported)
	}
	w.bits = bits
	if blockAlign != w.channels*bits/8 {
		return newError("the wav file is corrupt: its block size does not match its sample format", ErrCorrupt)
	}
	return nil
}

// wavSource streams the samples as mono float32 in [-1, 1].
type wavSource struct {
	w   *wavFile
	pos int // byte offset into w.data
}

func (s *wavSource) rate() int { return s.w.rate }

func (s *wavSource) read(buf []float32) (int, error) {
	w := s.w
	block := w.channels * w.bits / 8
	n := min(len(buf), (len(w.data)-s.pos)/block)
	if n == 0 {
		return 0, io.EOF
	}
	d := w.data[s.pos : s.pos+n*block]
	s.pos += n * block
	ch := w.channels
	scale := 1 / float32(ch)
	bps := w.bits / 8
	for i := 0; i < n; i++ {
		var sum float32
		f := d[i*block : i*block+block]
		for c := 0; c < ch; c++ {
			sum += sampleAt(w.tag, bps, f[c*bps:c*bps+bps])
		}
		buf[i] = sum * scale
	}
	return n, nil
}

func sampleAt(tag uint16, bps int, b []byte) float32 {
	switch tag {
	case wavPCM:
		switch bps {
		case 1:
			return (float32(b[0]) - 128) / 128
		case 2:
			return float32(int16(binary.LittleEndian.Uint16(b))) / 32768
		case 3:
			v := int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8
			return float32(v) / (1 << 23)
		default:
			return float32(float64(int32(binary.LittleEndian.Uint32(b))) / (1 << 31))
		}
	case wavFloat:
		var v float64
		if bps == 4 {
			v = float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
		} else {
			v = math.Float64frombits(binary.LittleEndian.Uint64(b))
		}
		if v != v || v > 1e6 || v < -1e6 { // NaN or absurd: treat as silence / clamp later
			if v != v {
				return 0
			}
			return float32(math.Copysign(1e6, v))
		}
		return float32(v)
	case wavMuLaw:
		return float32(ulawDecode(b[0])) / 32768
	case wavALaw:
		return float32(alawDecode(b[0])) / 32768
	}
	return 0
}
