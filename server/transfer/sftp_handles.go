package transfer

import (
	"bytes"
	"context"
	"fmt"
	"sync"
)

// maxSFTPHandles bounds the files one SFTP session holds open at once.
// OpenSSH's sftp and scp open one or two; without a bound a client opening
// 150 read handles on a 3 MB file held 150 copies (issue 11).
const maxSFTPHandles = 16

// errTooManyHandles refuses an open beyond the bound.
var errTooManyHandles = fmt.Errorf("too many files open in this session (at most %d); close one before opening the next", maxSFTPHandles)

// sftpHandles counts a session's open files and shares the content of
// files opened for reading: every handle on the same version of a file
// reads one copy, which is dropped when its last handle closes.
type sftpHandles struct {
	mu     sync.Mutex
	open   int
	shared map[string]*sharedFile
}

type sharedFile struct {
	data []byte
	refs int
}

// acquire takes one handle; release gives it back.
func (h *sftpHandles) acquire() (release func(), err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.open >= maxSFTPHandles {
		return nil, errTooManyHandles
	}
	h.open++
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			h.open--
			h.mu.Unlock()
		})
	}, nil
}

// reader opens e for reading: a handle on the shared copy of the file's
// current version (its path, size and time), loaded by the first handle.
func (h *sftpHandles) reader(ctx context.Context, path string, e musicEntry) (*sharedReader, error) {
	release, err := h.acquire()
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s\x00%d\x00%d", path, e.size, e.mtime.UnixNano())
	h.mu.Lock()
	f, ok := h.shared[key]
	if ok {
		f.refs++
	}
	h.mu.Unlock()
	if !ok {
		data, err := e.read(ctx)
		if err != nil {
			release()
			return nil, err
		}
		h.mu.Lock()
		if h.shared == nil {
			h.shared = map[string]*sharedFile{}
		}
		// Another handle may have loaded it meanwhile: keep the first.
		if f, ok = h.shared[key]; !ok {
			f = &sharedFile{data: data}
			h.shared[key] = f
		}
		f.refs++
		h.mu.Unlock()
	}
	r := &sharedReader{Reader: bytes.NewReader(f.data)}
	r.close = func() {
		h.mu.Lock()
		if f.refs--; f.refs == 0 && h.shared[key] == f {
			delete(h.shared, key)
		}
		h.mu.Unlock()
		release()
	}
	return r, nil
}

// sharedReader is one read handle; the request server closes it when the
// client closes the handle or the session ends.
type sharedReader struct {
	*bytes.Reader
	once  sync.Once
	close func()
}

// Close releases the handle and, with the last one, the shared copy.
func (r *sharedReader) Close() error {
	r.once.Do(r.close)
	return nil
}
