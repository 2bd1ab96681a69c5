package portal

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// MusicKind is where a piece of music plays: on hold or in the call queue.
type MusicKind string

// The two kinds of music an account has.
const (
	MusicHold  MusicKind = "hold"
	MusicQueue MusicKind = "queue"
)

// MusicKinds lists the kinds in display order.
var MusicKinds = []MusicKind{MusicHold, MusicQueue}

// The FAQ's limits, "1.5 MB (hold music) or 3 MB (call queue)", in exact
// bytes. We read MB as the binary megabyte (MiB) that Windows Explorer
// and most upload tools show as "MB": a file the customer's computer
// shows as "1.5 MB" must never be refused as too large. The decimal
// reading (1,500,000 and 3,000,000 bytes) would refuse files of up to
// 72,864 and 145,728 bytes more that the customer was told are fine.
const (
	HoldMusicLimit  int64 = 1_572_864 // 1.5 MiB
	QueueMusicLimit int64 = 3_145_728 // 3 MiB
)

// ErrBadMusicKind is an upload target that is neither hold nor queue.
var ErrBadMusicKind = errors.New("music is either hold or queue")

// ParseMusicKind reads "hold" or "queue" (any case).
func ParseMusicKind(s string) (MusicKind, error) {
	switch k := MusicKind(strings.ToLower(strings.TrimSpace(s))); k {
	case MusicHold, MusicQueue:
		return k, nil
	}
	return "", fmt.Errorf("%w, not %q", ErrBadMusicKind, s)
}

// Limit is the largest upload accepted for the kind, in bytes.
func (k MusicKind) Limit() int64 {
	if k == MusicQueue {
		return QueueMusicLimit
	}
	return HoldMusicLimit
}

// LimitText is the limit as customers read it: "1,572,864 bytes (1.5 MB)".
func (k MusicKind) LimitText() string {
	mb := "1.5 MB"
	if k == MusicQueue {
		mb = "3 MB"
	}
	return GroupDigits(k.Limit()) + " bytes (" + mb + ")"
}

// TooLargeReason is the refusal of a file over the limit whose size is
// not known (it is not read past the limit).
func (k MusicKind) TooLargeReason() string {
	return k.Label() + " may be at most " + k.LimitText() + "; this file is larger"
}

// Label names the kind in a sentence: "hold music", "queue music".
func (k MusicKind) Label() string { return string(k) + " music" }

// Title names the kind as a heading: "Hold music", "Queue music".
func (k MusicKind) Title() string { return strings.ToUpper(string(k[:1])) + string(k[1:]) + " music" }

// LimitMeaning says what the limit holds in practice: play time shrinks
// with the bit rate, and customers think in minutes, not bytes.
func (k MusicKind) LimitMeaning() string {
	l := float64(k.Limit())
	return fmt.Sprintf("%s holds about %.0f s of CD-quality WAV (176,400 bytes/s) or %.0f s of a 128 kbit/s MP3; "+
		"an 8 kHz 16-bit mono WAV (telephone quality, 16,000 bytes/s) plays for %.0f s.",
		k.LimitText(), l/176400, l/16000, l/16000)
}

// GroupDigits writes n with thousands separators: 1572864 -> "1,572,864".
func GroupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// MusicLicenceNotice is shown wherever music is uploaded (FAQ: "Do I need
// to pay license fees?").
const MusicLicenceNotice = "Licence: for music you upload, you are responsible for its legal use and for any " +
	"copyright fees (e.g. SUISA). The default piece is licence-free: no fees are due for it."

// MusicActivationNote is what happens after an upload (FAQ: "it may take
// up to 10 minutes").
const MusicActivationNote = "It is being activated; that usually takes seconds and at most 10 minutes. " +
	"Until then the previous music keeps playing."

// FormatPlayTime writes a play time in English: "2.0 s" below a minute,
// "1:35" above. Customers read Voice.PlayTime, in their decimals.
func FormatPlayTime(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	sec := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}
