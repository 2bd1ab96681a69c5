package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// sftpUpload is the io.WriterAt an SFTP upload writes into. The request
// server handles writes on several goroutines, so they may arrive out of
// order; sftpUpload puts them back in order and streams them through a
// pipe into the portal's one upload function, which applies the limit and
// the content checks. Memory stays bounded: a write that starts beyond
// the limit is refused at once, so at most the limit plus one packet is
// ever parked.
type sftpUpload struct {
	kind   portal.MusicKind
	mu     sync.Mutex
	pw     *io.PipeWriter
	next   int64            // offset the stream expects next
	parked map[int64][]byte // writes that arrived ahead of their turn

	done chan struct{}
	file portal.MusicFile // the result, once done is closed
	err  error
}

// errUploadGap is a client that closed a file with holes in it.
var errUploadGap = errors.New("parts of the file never arrived")

func (s *Music) startSFTPUpload(ctx context.Context, acct db.Account, up portal.MusicUpload) *sftpUpload {
	pr, pw := io.Pipe()
	u := &sftpUpload{kind: up.Kind, pw: pw, parked: map[int64][]byte{}, done: make(chan struct{})}
	go func() {
		defer close(u.done)
		u.file, u.err = s.Upload(ctx, acct, up, pr)
		// Writes after a refusal fail with it: the client stops sending.
		if u.err != nil {
			pr.CloseWithError(u.err)
		} else {
			pr.Close()
		}
	}()
	return u
}

// WriteAt implements io.WriterAt.
func (u *sftpUpload) WriteAt(p []byte, off int64) (int, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case off > u.kind.Limit():
		return 0, errors.New(u.kind.TooLargeReason())
	case off < u.next:
		return 0, errors.New("rewriting part of an upload is not supported; send the file again")
	case off > u.next:
		u.parked[off] = append([]byte(nil), p...)
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
