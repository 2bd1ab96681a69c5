// Package audio validates hold and queue music uploads and turns them into
// the telephony renditions Asterisk plays without transcoding.
//
// Only WAV and MP3 are accepted (the FAQ promises exactly that), and the
// format is decided by content, never by file name, because customers
// rename files. Everything works on a byte slice: uploads are small (the
// domain layer caps them) and a slice lets the parsers check every length
// against what is really there, so a hostile header cannot make us
// allocate more than a small multiple of the input.
package audio

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// Format is an accepted container format, named like its file extension.
type Format string

// The accepted formats.
const (
	FormatWAV Format = "wav"
	FormatMP3 Format = "mp3"
)

// Errors callers can test with errors.Is. The messages are written for the
// customer; the errors actually returned often carry a more specific
// message (what the file looks like, where it is broken) but still match
// these sentinels.
var (
	// ErrEmpty: the upload has no bytes, or no audio samples.
	ErrEmpty = errors.New("the file is empty")
	// ErrWMA: Windows Media (ASF) files get their own message because the
	// FAQ names them explicitly and customers ask about them.
	ErrWMA = errors.New("wma and wmv are not supported; upload wav or mp3")
	// ErrUnsupported: anything that is not a WAV or MP3 we can play, from
	// Ogg to a renamed text file to a WAV with an exotic codec.
	ErrUnsupported = errors.New("only wav and mp3 files are supported")
	// ErrCorrupt: a WAV or MP3 that does not decode completely.
	ErrCorrupt = errors.New("the file is truncated or corrupt")
	// ErrTruncated: the file ends early (an interrupted upload or copy).
	// Errors matching it match ErrCorrupt too.
	ErrTruncated = errors.New("the file is truncated")
)

// Error is a refusal with its exact reason. Error() is the English for
// customer care and the log; errors.Is matches its sentinel (ErrEmpty,
// ErrUnsupported, ...); Detail and Args say the reason in a form that can
// be stored and put into a sentence of any language.
type Error struct {
	msg   string
	kinds []error
	// Detail is the reason's stable code (the Detail* constants), "" when
	// the sentinel says all there is to say.
	Detail string
	// Args are the detail's values, as its constant documents: names of
	// formats and codecs are proper nouns ("Ogg Vorbis", "MS ADPCM"),
	// numbers are decimal.
	Args []string
}

func (e *Error) Error() string   { return e.msg }
func (e *Error) Unwrap() []error { return e.kinds }

// The details an *Error carries. They are stored with refusals, so a code
// never changes its meaning; a new reason gets a new code.
const (
	// DetailLooksLike: another format; Args[0] its name ("Ogg Vorbis",
	// "FLAC", "M4A (AAC)", "AIFF", "MPEG Layer I/II (mp2)").
	DetailLooksLike = "looks_like"
	// DetailWAVVariant: a WAV relative players of wav files do not read;
	// Args[0] its name ("RF64", "Wave64", "RIFX").
	DetailWAVVariant = "wav_variant"
	// DetailText: a text file.
	DetailText = "text"
	// DetailRIFF: a RIFF file that is neither WAV nor AVI.
	DetailRIFF = "riff"
	// DetailFreeFormat: a free-format (non-standard bit rate) mp3.
	DetailFreeFormat = "free_format"
	// DetailWAVCodec: a wav of a codec we do not decode; Args[0] its name
	// ("MS ADPCM", "GSM 6.10").
	DetailWAVCodec = "wav_codec"
	// DetailWAVFormatTag: a wav of a codec we cannot name; Args[0] its
	// format tag ("0x0270").
	DetailWAVFormatTag = "wav_format_tag"
	// DetailWAVSubformat: an extensible wav whose sub-format is not one of
	// the standard ones.
	DetailWAVSubformat = "wav_subformat"
	// DetailWAVChannels: too many channels; Args: the file's, the most
	// accepted.
	DetailWAVChannels = "wav_channels"
	// DetailWAVRate: a sample rate out of range; Args: the file's, the
	// lowest and the highest accepted, in Hz.
	DetailWAVRate = "wav_rate"
	// DetailWAVBits: a sample width the codec does not have; Args: the
	// bits, the codec's name ("PCM", "IEEE float", "mu-law", "A-law").
	DetailWAVBits = "wav_bits"
	// DetailTagOnly: an ID3v2 tag and no audio after it.
	DetailTagOnly = "tag_only"
	// DetailNoAudio: a wav or mp3 without a single sample; Args[0]
	// "wav" or "mp3".
	DetailNoAudio = "no_audio"
	// DetailRateChange: an mp3 joined from parts of different sample
	// rates; Args: where the change is (the play time, "3.0 s"), the
	// rate before and the rate after it, in Hz.
	DetailRateChange = "rate_change"
	// DetailLateStart: an mp3 whose first frame lies beyond the window
	// searched for it (see streamStart); Args: the window in KiB, the
	// byte where the frames start.
	DetailLateStart = "late_start"
	// DetailStoppedAt: an mp3 that ends before its Xing/Info header says
	// (a cut copy); Args: the play time where it stops and, when known,
	// the one promised ("1.2 s", "2.0 s").
	DetailStoppedAt = "stopped_at"
	// DetailDamagedAt: an mp3 damaged in the middle; Args[0] the play
	// time where ("1.0 s").
	DetailDamagedAt = "damaged_at"
)

func newError(msg string, kinds ...error) error { return &Error{msg: msg, kinds: kinds} }

// detailed is newError with the exact reason for storing.
func detailed(detail string, args []string, msg string, kinds ...error) error {
	return &Error{msg: msg, kinds: kinds, Detail: detail, Args: args}
}

// looksLike builds an ErrUnsupported naming what the file appears to be.
func looksLike(l lookalike) error {
	return detailed(l.detail, l.args(), "this looks like "+l.en+"; only wav and mp3 files are supported", ErrUnsupported)
}

var asfGUID = []byte{0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C}

// Detect tells by content whether head, the start of an upload, is a WAV
// or an MP3 file. A few kilobytes are enough in most cases; an MP3 whose
// ID3v2 tag (cover art) reaches past head is assumed to be an MP3, which
// Decode then verifies. Pass the whole file when you have it.
//
// Junk before the first MP3 frame is skipped as players do (see
// streamStart), so head must reach past it: the first 4 KiB are enough
// for what tools write.
//
// It returns ErrEmpty for no bytes, ErrWMA for ASF (wma/wmv) and an error
// matching ErrUnsupported for everything else, naming the format when it
// is recognisable.
func Detect(head []byte) (Format, error) {
	if len(head) == 0 {
		return "", ErrEmpty
	}
	if bytes.HasPrefix(head, asfGUID) {
		return "", ErrWMA
	}
	if len(head) >= 12 && string(head[:4]) == "RIFF" {
		switch string(head[8:12]) {
		case "WAVE":
			return FormatWAV, nil
		case "AVI ":
			return "", looksLike(like("AVI", "an AVI video"))
		}
		return "", looksLike(lookalike{detail: DetailRIFF, en: "a RIFF file that is not WAV"})
	}
	p, inTag := skipID3v2(head)
	if inTag || p > 0 && p >= len(head) {
		return FormatMP3, nil // the tag hides the rest; Decode checks it
	}
	f, err := detectAt(head, p)
	if p > 0 && nothingNamed(err) {
		// An ID3v2 tag says the file was meant to be an MP3; Decode
		// tells the customer that there is no audio after it.
		return FormatMP3, nil
	}
	return f, err
}

// nothingNamed reports a refusal by detectAt that names no format but
// text: after an ID3v2 tag it means a tag without audio.
func nothingNamed(err error) bool {
	var e *Error
	return err == ErrUnsupported || errors.As(err, &e) && e.Detail == DetailText
}

// detectAt classifies the data at b[p:], p being the end of any ID3v2
// tag: an MPEG audio stream there or, after junk, within the search
// window (see streamStart), or a format we can name.
func detectAt(b []byte, p int) (Format, error) {
	if h, ok := chainAt(b, p, len(b)); ok {
		return mpegFormat(h)
	}
	rest := b[p:]
	if h, ok := mpa.ParseHeader(rest); ok && h.Layer == 3 && h.FrameSize == 0 {
		return "", detailed(DetailFreeFormat, nil, "free-format mp3 files are not supported; re-encode at a standard bitrate", ErrUnsupported)
	}
	if len(rest) >= 2 && rest[0] == 0xFF && rest[1]&0xF6 == 0xF0 {
		return "", looksLike(like("AAC", "an AAC file"))
	}
	what := sniff(rest)
	if what.known() && what.detail != DetailText {
		return "", looksLike(what)
	}
	if _, h, ok := streamStart(b, p, len(b)); ok {
		return mpegFormat(h)
	}
	// The window bounds the search; what lies beyond it is named, so the
	// customer learns why a file that plays elsewhere is refused.
	if q, h, ok := findSync(b, p+syncWindow, len(b), len(b)); ok {
		if h.Layer != 3 {
			return mpegFormat(h)
		}
		return "", detailed(DetailLateStart, []string{strconv.Itoa(syncWindow >> 10), strconv.Itoa(q)},
			fmt.Sprintf("the mp3 audio starts only at byte %d, after at least %d KiB of other data; remove what comes before it or re-encode the file", q, syncWindow>>10),
			ErrUnsupported)
	}
	if what.known() {
		return "", looksLike(what)
	}
	// Two sync bytes are weak evidence: named only when no MP3 stream
	// starts within the window.
	if l := sniffAC3(rest); l.known() {
		return "", looksLike(l)
	}
	if h, ok := mpa.ParseHeader(rest); ok && h.Layer != 3 {
		return mpegFormat(h)
	}
	return "", ErrUnsupported
}

// mpegFormat accepts Layer III and names Layers I and II.
func mpegFormat(h mpa.Header) (Format, error) {
	if h.Layer != 3 {
		return "", looksLike(like("MPEG Layer I/II (mp2)", "an MPEG Layer I/II (mp2) file"))
	}
	return FormatMP3, nil
}

// skipID3v2 returns the offset after any ID3v2 tags (and zero padding
// after them) at the start of b, or 0 when there is none; inTag reports
// that b ends inside a tag.
func skipID3v2(b []byte) (p int, inTag bool) {
	for len(b)-p >= 10 && string(b[p:p+3]) == "ID3" && b[p+3] != 0xFF && b[p+4] != 0xFF &&
		b[p+6]|b[p+7]|b[p+8]|b[p+9] < 0x80 {
		size := int(b[p+6])<<21 | int(b[p+7])<<14 | int(b[p+8])<<7 | int(b[p+9])
		size += 10
		if b[p+5]&0x10 != 0 { // footer present
			size += 10
		}
		p += size
		if p > len(b) {
			return len(b), true
		}
		for p < len(b) && b[p] == 0 {
			p++
		}
	}
	return p, false
}

// lookalike is what a file that is not WAV or MP3 looks like: the detail
// and the name stored with the refusal (a proper noun; none for a text
// file) and the words of the English refusal.
type lookalike struct {
	detail string // DetailLooksLike, DetailWAVVariant, DetailText or DetailRIFF
	name   string // "Ogg Vorbis"
	en     string // "an Ogg Vorbis file"
}

// like is a lookalike of another format.
func like(name, en string) lookalike { return lookalike{DetailLooksLike, name, en} }

func (l lookalike) known() bool { return l.en != "" }

func (l lookalike) args() []string {
	if l.name == "" {
		return nil
	}
	return []string{l.name}
}

// sniff names common non-WAV/MP3 formats so the refusal can say what the
// customer uploaded.
func sniff(b []byte) lookalike {
	has := func(off int, s string) bool {
		return len(b) >= off+len(s) && string(b[off:off+len(s)]) == s
	}
	switch {
	case has(0, "OggS"):
		n := min(len(b), 128)
		switch {
		case bytes.Contains(b[:n], []byte("OpusHead")):
			return like("Ogg Opus", "an Ogg Opus file")
		case bytes.Contains(b[:n], []byte("\x01vorbis")):
			return like("Ogg Vorbis", "an Ogg Vorbis file")
		case bytes.Contains(b[:n], []byte("FLAC")):
			return like("Ogg FLAC", "an Ogg FLAC file")
		case bytes.Contains(b[:n], []byte("theora")):
			return like("Ogg Theora", "an Ogg video")
		}
		return like("Ogg", "an Ogg file")
	case has(0, "fLaC"):
		return like("FLAC", "a FLAC file")
	case has(4, "ftyp"):
		switch {
		case has(8, "M4A"), has(8, "M4B"), has(8, "M4P"):
			return like("M4A (AAC)", "an M4A (AAC) file")
		case has(8, "qt  "):
			return like("QuickTime", "a QuickTime video")
		case has(8, "3g"):
			return like("3GP", "a 3GP file")
		}
		return like("MP4", "an MP4 file")
	case has(0, "RF64"):
		return lookalike{DetailWAVVariant, "RF64", "an RF64 (64-bit WAV) file"}
	case has(0, "riff\x2E\x91\xCF\x11"):
		return lookalike{DetailWAVVariant, "Wave64", "a Wave64 (W64) file"}
	case has(0, "RIFX"):
		return lookalike{DetailWAVVariant, "RIFX", "a big-endian (RIFX) WAV file"}
	case has(0, "FORM") && (has(8, "AIFF") || has(8, "AIFC")):
		return like("AIFF", "an AIFF file")
	case has(0, "\x1A\x45\xDF\xA3"):
		return like("Matroska/WebM", "a Matroska or WebM file")
	case has(0, "#!AMR"):
		return like("AMR", "an AMR file")
	case has(0, ".snd"):
		return like("Sun AU", "a Sun AU file")
	case has(0, "MThd"):
		return like("MIDI", "a MIDI file")
	case has(0, "caff"):
		return like("Core Audio (CAF)", "a Core Audio (CAF) file")
	case has(0, "MAC "):
		return like("Monkey's Audio", "a Monkey's Audio file")
	case has(0, "wvpk"):
		return like("WavPack", "a WavPack file")
	case has(0, "FLV"):
		return like("Flash Video", "a Flash video")
	case has(0, "\x00\x00\x01\xBA"), has(0, "\x00\x00\x01\xB3"):
		return like("MPEG Video", "an MPEG video")
	case len(b) > 188 && b[0] == 0x47 && b[188] == 0x47:
		return like("MPEG-TS", "an MPEG transport stream")
	case has(0, "%PDF"):
		return like("PDF", "a PDF document")
	case has(0, "PK\x03\x04"):
		return like("ZIP", "a ZIP archive")
	case has(0, "\x89PNG"):
		return like("PNG", "a PNG image")
	case has(0, "\xFF\xD8\xFF"):
		return like("JPEG", "a JPEG image")
	case has(0, "GIF8"):
		return like("GIF", "a GIF image")
	}
	if isText(b) {
		return lookalike{detail: DetailText, en: "a text file"}
	}
	return lookalike{}
}

// sniffAC3 names an AC-3 or E-AC-3 (Dolby Digital) stream by its first
// sync frame: sync word, then a sample-rate code, frame size code and
// bit-stream id in range.
func sniffAC3(b []byte) lookalike {
	if len(b) < 6 || b[0] != 0x0B || b[1] != 0x77 {
		return lookalike{}
	}
	switch bsid := b[5] >> 3; {
	case bsid <= 8 && b[4]>>6 != 3 && b[4]&0x3F < 38:
		return like("AC-3 (Dolby Digital)", "an AC-3 (Dolby Digital) file")
	case bsid >= 11 && bsid <= 16:
		return like("E-AC-3 (Dolby Digital Plus)", "an E-AC-3 (Dolby Digital Plus) file")
	}
	return lookalike{}
}

// isText reports printable UTF-8 (a truncated last rune is fine).
func isText(b []byte) bool {
	b = b[:min(len(b), 4096)]
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			return false
		}
		b = b[n:]
	}
	return true
}
