package audio

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Errors for play times outside MinDuration..MaxDuration; the error
// returned is a *LengthError matching one of them.
var (
	ErrTooLong  = errors.New("the file plays for too long to be hold or queue music")
	ErrTooShort = errors.New("the file is too short to be hold or queue music")
)

// LengthError is an upload whose play time is outside
// MinDuration..MaxDuration. The audio package does not know where the
// music will play; For names it in the message.
type LengthError struct {
	Duration time.Duration
}

// Error names no kind of music; callers that know it use For.
func (e *LengthError) Error() string { return e.For("hold or queue music") }

// Unwrap makes the error match ErrTooShort or ErrTooLong.
func (e *LengthError) Unwrap() error {
	if e.Duration < MinDuration {
		return ErrTooShort
	}
	return ErrTooLong
}

// For is the refusal for music of the kind what ("hold music"):
// "this file is 0.02 s long; hold music must be at least 1 s".
func (e *LengthError) For(what string) string {
	if e.Duration < MinDuration {
		return fmt.Sprintf("this file is %s long; %s must be at least %s", shortSeconds(e.Duration), what, fmtLimit(MinDuration))
	}
	return fmt.Sprintf("this file plays for %s; %s can be at most %s long", playTime(e.Duration), what, fmtLimit(MaxDuration))
}

// PlayTime is the file's play time as For writes it: "0.02 s" for one
// too short, "11:00" for one too long; callers that word the refusal in
// another language put it in their own sentence.
func (e *LengthError) PlayTime() string {
	if e.Duration < MinDuration {
		return shortSeconds(e.Duration)
	}
	return playTime(e.Duration)
}

// shortSeconds writes a play time under a second with its first
// significant digit, rounded down so it never reads as the limit:
// "0.57 s", "0.02 s", "0.00002 s".
func shortSeconds(d time.Duration) string {
	s := d.Seconds()
	dec := 2
	if s > 0 {
		dec = max(2, int(-math.Floor(math.Log10(s))))
	}
	p := math.Pow(10, float64(dec))
	return fmt.Sprintf("%.*f s", dec, math.Floor(s*p)/p)
}

// playTime writes a long play time as players show it, rounded up so it
// never reads as the limit: "11:00".
func playTime(d time.Duration) string {
	sec := int(math.Ceil(d.Seconds()))
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

// fmtLimit writes a limit in words: "1 s", "10 minutes".
func fmtLimit(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%g s", d.Seconds())
	}
	return fmt.Sprintf("%g minutes", d.Minutes())
}
