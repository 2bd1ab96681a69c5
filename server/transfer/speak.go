package transfer

import (
	"errors"

	"github.com/sipdesk/sipdesk/portal"
)

// The transfer paths' own refusals keep their English as the error (the
// log's); the person reads them in the session's language through say.

// dirError is a download of a directory; scp adds how to copy its files.
type dirError struct {
	path string
	scp  bool
}

func (e *dirError) Error() string {
	if e.scp {
		return e.path + " is a directory; copy its files one by one"
	}
	return e.path + " is a directory"
}

// errRewrite is an sftp client writing over part of an upload.
var errRewrite = errors.New("rewriting part of an upload is not supported; send the file again")

// tooLarge refuses a file over kind's limit that is not read further.
type tooLarge struct{ kind portal.MusicKind }

func (e *tooLarge) Error() string { return e.kind.TooLargeReason() }

// say is err in v's language, or its English for an error this file does
// not know (the portal's explain the rest).
func say(v portal.Voice, err error) string {
	var (
		slow    *uploadTooSlowError
		dir     *dirError
		large   *tooLarge
		refused *portal.MusicRefusedError
	)
	switch {
	case errors.As(err, &refused):
		return RefusalLine(v, refused)
	case errors.As(err, &large):
		return v.TooLargeRefusal(large.kind)
	case errors.As(err, &slow) && slow.deadline > 0:
		return v.T("transfer.too_slow_deadline", int(slow.deadline.Minutes()))
	case errors.As(err, &slow):
		return v.T("transfer.too_slow_rate", int(slow.rate), int(slow.min))
	case errors.As(err, &dir) && dir.scp:
		return v.T("transfer.is_directory_scp", dir.path)
	case errors.As(err, &dir):
		return v.T("transfer.is_directory", dir.path)
	case errors.Is(err, errUploadWhere):
		return v.T("transfer.upload_where")
	case errors.Is(err, errUploadsBusy):
		return v.T("transfer.uploads_busy")
	case errors.Is(err, errServerTooBusy):
		return v.T("transfer.server_busy")
	case errors.Is(err, errTooManyHandles):
		return v.T("transfer.too_many_handles", maxSFTPHandles)
	case errors.Is(err, errConnectionLost):
		return v.T("transfer.connection_lost")
	case errors.Is(err, errRewrite):
		return v.T("transfer.rewrite")
	case errors.Is(err, errUploadPanicked):
		return v.T("transfer.check_failed")
	}
	return err.Error()
}

// spoken is an error whose message is say's: what an sftp client shows
// in its status line. errors.Is and errors.As still see the cause.
type spoken struct {
	text string
	err  error
}

func (e *spoken) Error() string { return e.text }
func (e *spoken) Unwrap() error { return e.err }

// speak is err as an error in v's language; nil stays nil.
func speak(v portal.Voice, err error) error {
	if err == nil {
		return nil
	}
	return &spoken{text: say(v, err), err: err}
}
