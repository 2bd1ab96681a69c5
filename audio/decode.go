package audio

import (
	"fmt"
	"time"
)

// Info describes a decoded upload.
type Info struct {
	Format     Format
	Codec      string // for people, e.g. "MP3 128 kbit/s CBR", "WAV PCM 16-bit"
	SampleRate int    // Hz
	Channels   int
	Duration   time.Duration
}

// source streams the decoded audio as mono float32 samples in [-1, 1]
// (float WAV files may exceed that; levelling takes care of it).
type source interface {
	rate() int
	// read fills buf and returns io.EOF once nothing is left.
	read(buf []float32) (int, error)
}

// Decode checks that data is a WAV or MP3 file that decodes completely and
// describes it. Errors match ErrEmpty, ErrWMA, ErrUnsupported, ErrCorrupt
// or ErrTruncated and say what is wrong in words a customer can act on.
//
// For MP3 it runs the whole bit-stream decoding (everything that can
// fail) but skips the synthesis filterbank, which cannot fail; Transcode
// does the full decoding.
func Decode(data []byte) (*Info, error) {
	info, _, err := open(data, true)
	if err != nil {
		return nil, err
	}
	return &info, nil
}

// MaxDuration is the longest upload accepted. Hold music loops, so
// anything longer is almost certainly a mistake (a podcast, an album);
// the cap also bounds memory, which follows play time, not file size:
// a 1.5 MB MP3 at 8 kbit/s would play for 25 minutes.
const MaxDuration = 10 * time.Minute

// MinDuration is the shortest upload accepted: anything shorter is a
// click or a mistake, never music, and would loop as a buzz.
const MinDuration = time.Second

func open(data []byte, validate bool) (Info, source, error) {
	info, src, err := openAny(data, validate)
	if err == nil && (info.Duration < MinDuration || info.Duration > MaxDuration) {
		return Info{}, nil, &LengthError{Duration: info.Duration}
	}
	return info, src, err
}

func openAny(data []byte, validate bool) (Info, source, error) {
	f, err := Detect(data)
	if err != nil {
		return Info{}, nil, err
	}
	switch f {
	case FormatWAV:
		w, err := parseWAV(data)
		if err != nil {
			return Info{}, nil, err
		}
		return w.info(), &wavSource{w: w}, nil
	default:
		m, err := parseMP3(data)
		if err != nil {
			return Info{}, nil, err
		}
		if validate {
			if err := m.validate(); err != nil {
				return Info{}, nil, err
			}
		}
		return m.info(), newMP3Source(m), nil
	}
}

func samplesToDuration(n int64, rate int) time.Duration {
	return time.Duration(float64(n) / float64(rate) * float64(time.Second))
}

// fmtSeconds renders a play time for messages: "1.2 s".
func fmtSeconds(d time.Duration) string {
	return fmt.Sprintf("%.1f s", d.Seconds())
}
