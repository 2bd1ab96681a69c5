package portal

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sipdesk/sipdesk/audio"
)

// Failure codes: why an accepted upload could not be converted, stored
// with the failure (db.MusicFile.ErrorCode, --json's error_code) beside
// the English, like the refusal codes, which a conversion failure reuses
// when the audio package names the reason.
const (
	FailedAttempts     = "attempts"      // args[0]: how many attempts were made
	FailedNotConverted = "not_converted" // the converter failed for a reason of its own
)

// conversionFailure is the English reason and the code a failed
// conversion is stored with. A play time out of bounds names the kind, as
// the upload path does: an upload accepted before the limits existed
// fails here, not at upload.
func conversionFailure(kind MusicKind, err error) (english, code string) {
	english = err.Error()
	var le *audio.LengthError
	if errors.As(err, &le) {
		english = le.For(kind.Label())
	}
	if code = audioRefusalCode(err); code == "" {
		code = FailedNotConverted
	}
	return english, code
}

// attemptsFailure is the failure of a file that used up its attempts
// (each one ended its worker).
func attemptsFailure(attempts int) (english, code string) {
	return fmt.Sprintf("the file could not be converted after %d attempts; please upload it again", attempts),
		refusalCode(FailedAttempts, strconv.Itoa(attempts))
}

// MusicFailure is why an upload of kind could not be converted, in v's
// language: code as stored, english the stored English, shown for a
// failure from before codes or of a code this version does not know.
func (v Voice) MusicFailure(kind MusicKind, code, english string) string {
	c, arg, _ := strings.Cut(code, "\t")
	switch c {
	case FailedAttempts:
		return v.T("music.failure.attempts", count(arg))
	case FailedNotConverted:
		return v.T("music.failure.not_converted")
	}
	return v.MusicRefusal(kind, code, english)
}
