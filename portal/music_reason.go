package portal

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/audio"
)

// Refusal codes: why an upload was refused, stable and stored with the
// refusal (db.MusicRefusal.ReasonCode, --json's reason_code), so every
// reader sees the reason in their own language. The English reason stays
// beside it for customer care and the log.
const (
	RefusedTooLarge    = "too_large"          // read past the limit; no size known
	RefusedDeclared    = "too_large_declared" // the client declared the size: args[0] bytes
	RefusedInterrupted = "interrupted"        // args[0]: bytes received
	RefusedEmpty       = "empty"
	RefusedWMA         = "wma"
	RefusedUnsupported = "unsupported"
	RefusedCorrupt     = "corrupt"
	RefusedTruncated   = "truncated"
	RefusedTooShort    = "too_short" // args[0]: the play time, "0.02 s"
	RefusedTooLong     = "too_long"  // args[0]: the play time, "11:00"
)

// refusalCode is a refusal's code and parameters as stored: tab-separated.
// RefusedEmpty, RefusedUnsupported, RefusedTruncated and RefusedCorrupt
// take the audio package's detail and
// its values as parameters ("unsupported\tlooks_like\tOgg Vorbis"); a row
// stored with the bare code, from before details or by a version that
// knew none, reads as the code's general text.
func refusalCode(code string, args ...string) string {
	return strings.Join(append([]string{code}, args...), "\t")
}

// withDetail is code followed by the exact reason err carries, if any.
func withDetail(code string, err error) string {
	var ae *audio.Error
	if !errors.As(err, &ae) || ae.Detail == "" {
		return code
	}
	args := []string{ae.Detail}
	for _, a := range ae.Args {
		// The audio package's names and numbers hold no tab; a value
		// that did would shift every later one.
		args = append(args, strings.ReplaceAll(a, "\t", " "))
	}
	return refusalCode(code, args...)
}

// audioRefusalCode is the code of an audio package error, "" for one it
// does not know (its English is shown then).
func audioRefusalCode(err error) string {
	var le *audio.LengthError
	switch {
	case errors.As(err, &le) && errors.Is(err, audio.ErrTooShort):
		return refusalCode(RefusedTooShort, le.PlayTime())
	case errors.As(err, &le):
		return refusalCode(RefusedTooLong, le.PlayTime())
	case errors.Is(err, audio.ErrWMA):
		return RefusedWMA
	case errors.Is(err, audio.ErrEmpty):
		return withDetail(RefusedEmpty, err)
	case errors.Is(err, audio.ErrTruncated):
		return withDetail(RefusedTruncated, err)
	case errors.Is(err, audio.ErrCorrupt):
		return withDetail(RefusedCorrupt, err)
	case errors.Is(err, audio.ErrUnsupported):
		return withDetail(RefusedUnsupported, err)
	}
	return ""
}

// MusicRefusal is why an upload of kind was refused, in the customer's
// language: code as stored (refusalCode), english the stored English,
// shown for a refusal from before codes or of a code this version does
// not know.
func (v Voice) MusicRefusal(kind MusicKind, code, english string) string {
	c, arg, _ := strings.Cut(code, "\t")
	args := strings.Split(arg, "\t")
	label := v.MusicLabel(kind)
	switch c {
	case RefusedTooLarge:
		return v.T("music.too_large", label, v.MusicLimit(kind))
	case RefusedDeclared:
		return v.T("music.refusal.declared", label, v.MusicLimit(kind), count(arg))
	case RefusedInterrupted:
		return v.T("music.refusal.interrupted", count(arg))
	case RefusedEmpty:
		if text, ok := v.audioDetail(args); ok {
			return text
		}
		return v.T("music.refusal.empty")
	case RefusedWMA:
		return v.T("music.unsupported_wma")
	case RefusedUnsupported:
		if text, ok := v.audioDetail(args); ok {
			return text
		}
		return v.T("music.unsupported")
	case RefusedCorrupt:
		if text, ok := v.audioDetail(args); ok {
			return text
		}
		return v.T("music.refusal.corrupt")
	case RefusedTruncated:
		if text, ok := v.audioDetail(args); ok {
			return text
		}
		return v.T("music.refusal.truncated")
	case RefusedTooShort:
		return v.T("music.refusal.too_short", v.storedSeconds(arg), label)
	case RefusedTooLong:
		return v.T("music.refusal.too_long", arg, label)
	}
	return english
}

// audioDetail is the exact reason of an audio refusal in v's language:
// args are the stored audio.Error detail and its values. It reports false
// for none, or one this version does not know (a newer replica's), whose
// code's general text is shown then.
func (v Voice) audioDetail(args []string) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	d, a := args[0], args[1:]
	if len(a) < detailArgs[d] {
		return "", false
	}
	switch d {
	case audio.DetailLooksLike:
		return v.T("music.refusal.looks_like", a[0]), true
	case audio.DetailWAVVariant:
		return v.T("music.refusal.wav_variant", a[0]), true
	case audio.DetailText:
		return v.T("music.refusal.text"), true
	case audio.DetailRIFF:
		return v.T("music.refusal.riff"), true
	case audio.DetailFreeFormat:
		return v.T("music.refusal.free_format"), true
	case audio.DetailWAVCodec:
		return v.T("music.refusal.wav_codec", a[0]), true
	case audio.DetailWAVFormatTag:
		return v.T("music.refusal.wav_format_tag", a[0]), true
	case audio.DetailWAVSubformat:
		return v.T("music.refusal.wav_subformat"), true
	case audio.DetailWAVChannels:
		return v.T("music.refusal.wav_channels", count(a[0]), count(a[1])), true
	case audio.DetailWAVRate:
		return v.T("music.refusal.wav_rate", count(a[0]), count(a[1]), count(a[2])), true
	case audio.DetailWAVBits:
		return v.T("music.refusal.wav_bits", count(a[0]), a[1]), true
	case audio.DetailTagOnly:
		return v.T("music.refusal.tag_only"), true
	case audio.DetailNoAudio:
		return v.T("music.refusal.no_audio", a[0]), true
	case audio.DetailRateChange:
		return v.T("music.refusal.rate_change", count(a[1]), count(a[2]), v.storedSeconds(a[0])), true
	case audio.DetailLateStart:
		return v.T("music.refusal.late_start", count(a[0]), count(a[1])), true
	case audio.DetailStoppedAt:
		if len(a) > 1 {
			return v.T("music.refusal.stopped_at_of", v.storedSeconds(a[0]), v.storedSeconds(a[1])), true
		}
		return v.T("music.refusal.stopped_at", v.storedSeconds(a[0])), true
	case audio.DetailDamagedAt:
		return v.T("music.refusal.damaged_at", v.storedSeconds(a[0])), true
	}
	return "", false
}

// detailArgs is how many values each detail is stored with.
var detailArgs = map[string]int{
	audio.DetailLooksLike: 1, audio.DetailWAVVariant: 1, audio.DetailWAVCodec: 1, audio.DetailWAVFormatTag: 1,
	audio.DetailWAVChannels: 2, audio.DetailWAVRate: 3, audio.DetailWAVBits: 2, audio.DetailNoAudio: 1,
	audio.DetailRateChange: 3, audio.DetailLateStart: 2, audio.DetailStoppedAt: 1, audio.DetailDamagedAt: 1,
}

// count is a stored count for a %d, which the catalogue groups the
// locale's way.
func count(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// storedSeconds is a play time stored with a refusal ("0.02 s", written
// by the audio package with a point) in v's way of writing decimals
// ("0,02 s" in French), with as many decimals as it was stored with;
// anything else ("11:00") as stored.
func (v Voice) storedSeconds(s string) string {
	num, ok := strings.CutSuffix(s, " s")
	x, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil {
		return s
	}
	digits := 0
	if _, frac, found := strings.Cut(num, "."); found {
		digits = len(frac)
	}
	return v.Decimal(x, digits) + " s"
}

// MusicLimit is kind's limit in v's words: "1’572’864 Bytes (1.5 MB)",
// "1 572 864 octets (1,5 Mo)".
func (v Voice) MusicLimit(kind MusicKind) string {
	return v.T("music.limit_text", int(kind.Limit()), v.MusicMegabytes(kind))
}

// MusicMegabytes is kind's limit as people round it, in v's decimals and
// unit: "1.5 MB", "1,5 MB" (Austria), "1,5 Mo" (French).
func (v Voice) MusicMegabytes(kind MusicKind) string {
	if kind == MusicQueue {
		return v.T("music.megabytes", 3.0)
	}
	return v.T("music.megabytes", 1.5)
}

// PlayTime writes a play time in v's way: "2.0 s", "2,0 s" below a
// minute, "1:35" above (FormatPlayTime's English for customer care).
func (v Voice) PlayTime(d time.Duration) string {
	if d < time.Minute {
		return v.T("music.seconds", d.Seconds())
	}
	return FormatPlayTime(d)
}

// TooLargeRefusal is the refusal of a file over kind's limit whose size
// is not known, in v's language (the sftp and scp paths stop reading).
func (v Voice) TooLargeRefusal(kind MusicKind) string {
	return v.MusicRefusal(kind, RefusedTooLarge, kind.TooLargeReason())
}
