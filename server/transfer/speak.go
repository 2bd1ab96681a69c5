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

// Refusal is one of the upload paths' own refusals (too many uploads at
// once, too slow, …) in v's language; false for any other error, which
// the caller explains as usual.
func Refusal(v portal.Voice, err error) (string, bool) { return known(v, err) }

// say is err in v's language, or its English for an error this file does
// not know (the portal's explain the rest).
func say(v portal.Voice, err error) string {
	if text, ok := known(v, err); ok {
		return text
	}
	return err.Error()
}

// known is err in v's language when it is one of the transfer's own
// errors or a refusal; false for anything else (a store fault), which
// needs the portal's explanation with a reference instead.
func known(v portal.Voice, err error) (string, bool) {
	var (
		slow    *uploadTooSlowError
		dir     *dirError
		large   *tooLarge
		refused *portal.MusicRefusedError
	)
	switch {
	case errors.As(err, &refused):
		return RefusalLine(v, refused), true
	case errors.As(err, &large):
		return v.TooLargeRefusal(large.kind), true
	case errors.As(err, &slow) && slow.deadline > 0:
		return v.T("transfer.too_slow_deadline", int(slow.deadline.Minutes())), true
	case errors.As(err, &slow):
		return v.T("transfer.too_slow_rate", int(slow.rate), int(slow.min)), true
	case errors.As(err, &dir) && dir.scp:
		return v.T("transfer.is_directory_scp", dir.path), true
	case errors.As(err, &dir):
		return v.T("transfer.is_directory", dir.path), true
	case errors.Is(err, errUploadWhere):
		return v.T("transfer.upload_where"), true
	case errors.Is(err, errUploadsBusy):
		return v.T("transfer.uploads_busy"), true
	case errors.Is(err, errServerTooBusy):
		return v.T("transfer.server_busy"), true
	case errors.Is(err, errTooManyHandles):
		return v.T("transfer.too_many_handles", maxSFTPHandles), true
	case errors.Is(err, errConnectionLost):
		return v.T("transfer.connection_lost"), true
	case errors.Is(err, errRewrite):
		return v.T("transfer.rewrite"), true
	case errors.Is(err, errUploadPanicked):
		return v.T("transfer.check_failed"), true
	case errors.Is(err, errSCPLineTooLong):
		return v.T("transfer.scp_line_too_long", maxSCPLine), true
	case errors.Is(err, errSCPMode):
		return v.T("transfer.scp_mode"), true
	case errors.Is(err, errSCPProtocol):
		return v.T("transfer.scp_protocol"), true
	case errors.Is(err, errSCPHeader):
		return v.T("transfer.scp_header"), true
	case errors.Is(err, errSCPDirectory):
		return v.T("transfer.scp_directory"), true
	}
	return "", false
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
