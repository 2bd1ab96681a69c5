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
func refusalCode(code string, args ...string) string {
	return strings.Join(append([]string{code}, args...), "\t")
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
		return RefusedEmpty
	case errors.Is(err, audio.ErrTruncated):
		return RefusedTruncated
	case errors.Is(err, audio.ErrCorrupt):
		return RefusedCorrupt
	case errors.Is(err, audio.ErrUnsupported):
		return RefusedUnsupported
	}
	return ""
}

// MusicRefusal is why an upload of kind was refused, in the customer's
// language: code as stored (refusalCode), english the stored English,
// shown for a refusal from before codes or of a code this version does
// not know.
func (v Voice) MusicRefusal(kind MusicKind, code, english string) string {
	c, arg, _ := strings.Cut(code, "\t")
	label := v.MusicLabel(kind)
	switch c {
	case RefusedTooLarge:
		return v.T("music.too_large", label, v.MusicLimit(kind))
	case RefusedDeclared:
		return v.T("music.refusal.declared", label, v.MusicLimit(kind), count(arg))
	case RefusedInterrupted:
		return v.T("music.refusal.interrupted", count(arg))
	case RefusedEmpty:
		return v.T("music.refusal.empty")
	case RefusedWMA:
		return v.T("music.unsupported_wma")
	case RefusedUnsupported:
		return v.T("music.unsupported")
	case RefusedCorrupt:
		return v.T("music.refusal.corrupt")
	case RefusedTruncated:
		return v.T("music.refusal.truncated")
	case RefusedTooShort:
		return v.T("music.refusal.too_short", v.storedSeconds(arg), label)
	case RefusedTooLong:
		return v.T("music.refusal.too_long", arg, label)
	}
	return english
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
