package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// sftpUpload is the io.WriterAt an SFTP upload writes into. The request
// server handles writes on several goroutines, so they may arrive out of
// order; sftpUpload puts them back in order and streams them through a
// pipe into the portal's one upload function, which applies the limit and
// the content checks.
//
// Memory stays bounded by the upload's limit plus one packet: the bytes
// streamed so far plus the bytes parked ahead of their turn may not pass
// the limit (overlapping writes at offsets 1, 2, 3... each count in full,
// issue 11), and once the upload has failed every parked write is dropped
// and every further write refused.
type sftpUpload struct {
	kind   portal.MusicKind
	mu     sync.Mutex
	pr     *io.PipeReader
	pw     *io.PipeWriter
	next   int64            // offset the stream expects next
	parked map[int64][]byte // writes that arrived ahead of their turn
	held   int64            // bytes in parked
	failed error            // the first refusal; later writes get it too

	done chan struct{}
	file portal.MusicFile // the result, once done is closed
	err  error
}

var (
	// errUploadGap is a client that closed a file with holes in it.
	errUploadGap = errors.New("parts of the file never arrived")
	// errUploadPanicked is an upload whose checks failed unexpectedly.
	errUploadPanicked = errors.New("the file could not be checked because of an internal error; nothing was changed, please try again or contact customer care")
)

// pipeSource is the upload's end of the pipe; a too-slow upload closes it.
type pipeSource struct{ *io.PipeReader }

func (p pipeSource) abortUpload(err error) { p.CloseWithError(err) }

func (s *Music) startSFTPUpload(ctx context.Context, acct db.Account, up portal.MusicUpload) *sftpUpload {
	pr, pw := io.Pipe()
	u := &sftpUpload{kind: up.Kind, pr: pr, pw: pw, parked: map[int64][]byte{}, done: make(chan struct{})}
	go func() {
		defer close(u.done)
		// The decoders run here, outside the session's recovery: a panic
		// in them must refuse this upload, not end the whole server.
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("upload panicked", "account", acct.UserID, "via", up.Via, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				u.file, u.err = portal.MusicFile{}, errUploadPanicked
				u.fail(errUploadPanicked)
			}
		}()
		u.file, u.err = s.Upload(ctx, acct, up, pipeSource{pr})
		// Writes after a refusal fail with it: the client stops sending.
		if u.err != nil {
			u.fail(u.err)
		} else {
			pr.Close()
		}
	}()
	return u
}

// fail ends the upload with the upload's own error: pending and later
// writes fail with it, and the parked writes are dropped.
func (u *sftpUpload) fail(err error) {
	// Closed before the lock: a WriteAt holding it may be blocked in a
	// pipe write that only this ends.
	u.pr.CloseWithError(err)
	u.mu.Lock()
	defer u.mu.Unlock()
	u.drop(err)
}

// drop forgets the parked writes and refuses every later one with err.
func (u *sftpUpload) drop(err error) {
	if u.failed == nil {
		u.failed = err
	}
	u.parked, u.held = nil, 0
}

// WriteAt implements io.WriterAt.
func (u *sftpUpload) WriteAt(p []byte, off int64) (int, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.failed != nil {
		return 0, u.failed
	}
	switch {
	case off > u.kind.Limit():
		return 0, &tooLarge{kind: u.kind}
	case off < u.next:
		return 0, errRewrite
	case off > u.next && u.next+u.held+int64(len(p)) > u.kind.Limit()+1:
		// More would be held than a whole file can hold: the client
		// overlaps its writes or sends beyond the limit. Refuse it all.
		err := &tooLarge{kind: u.kind}
		u.drop(err)
		u.pw.CloseWithError(err) // the upload reads it as its end
		return 0, err
	case off > u.next:
		if old, ok := u.parked[off]; ok {
			u.held -= int64(len(old))
		}
		u.parked[off] = append([]byte(nil), p...)
		u.held += int64(len(p))
		return len(p), nil
	}
	if _, err := u.pw.Write(p); err != nil {
		return 0, err
	}
	u.next += int64(len(p))
	for {
		b, ok := u.parked[u.next]
		if !ok {
			return len(p), nil
		}
		delete(u.parked, u.next)
		u.held -= int64(len(b))
		if _, err := u.pw.Write(b); err != nil {
			return 0, err
		}
		u.next += int64(len(b))
	}
}

// TransferError is called by the request server when the connection ends
// with the file still open: the upload is incomplete and must not count.
func (u *sftpUpload) TransferError(err error) {
	u.pw.CloseWithError(fmt.Errorf("%w: %v", errConnectionLost, err))
}

// Close ends the file (the client's SSH_FXP_CLOSE) and returns the
// upload's result, which the client receives as the close status.
func (u *sftpUpload) Close() error {
	u.mu.Lock()
	if len(u.parked) > 0 {
		u.pw.CloseWithError(errUploadGap)
	} else {
		u.pw.Close()
	}
	u.mu.Unlock()
	<-u.done
	return u.err
}
