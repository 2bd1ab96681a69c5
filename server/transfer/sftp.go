package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/charmbracelet/ssh"
	"github.com/pkg/sftp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
)

// ServeSFTP is the "sftp" subsystem of one session: OpenSSH's sftp, and
// its scp since version 9 (which speaks SFTP). The server runs it after
// the same recovery and identity checks as every session; it never opens
// the door (TUI or command): a subsystem session has no command.
func (s *Music) ServeSFTP(env *session.Env) {
	sess, acct := env.Sess, env.Account
	h := &sftpHandler{s: s, sess: sess, acct: acct,
		tree: &musicTree{s: s, acct: acct, hosts: NewHosts(acct, env.Listener), voice: env.Voice()}}
	srv := sftp.NewRequestServer(sess, sftp.Handlers{FileGet: h, FilePut: h, FileCmd: h, FileList: h})
	// Serve ends when the client closes its side. The session is not
	// closed here: the ssh library sends the exit status first, and
	// OpenSSH's scp reports a session without one as failed.
	if err := srv.Serve(); err != nil && !errors.Is(err, io.EOF) {
		s.log.Info("sftp ended", "account", acct.UserID, "err", session.ShortErr(err))
	}
}

// sftpHandler answers one session's SFTP requests from the music tree.
//
// SFTP has no way to print text, and OpenSSH's clients show a refused
// file only as "Failure" (they never print the server's status message,
// which other clients such as WinSCP and FileZilla do show). So the
// handler also writes the licence notice and each upload's outcome to
// the session's stderr, which OpenSSH's scp and sftp copy to the
// terminal; `music status` and music/status.txt keep the last refusal.
type sftpHandler struct {
	s       *Music
	sess    ssh.Session
	acct    db.Account
	tree    *musicTree
	notice  sync.Once
	handles sftpHandles
}

func (h *sftpHandler) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(h.sess.Context(), h.s.storeTimeout())
}

func (h *sftpHandler) say(format string, args ...any) {
	_, _ = fmt.Fprintf(h.sess.Stderr(), "sipdesk: "+format+"\n", args...)
}

// Fileread serves downloads: the renditions, pending originals, status.txt.
func (h *sftpHandler) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	e, err := h.tree.stat(ctx, r.Filepath)
	if err != nil {
		return nil, h.explain(err, "find a file to download")
	}
	if e.dir {
		return nil, speak(h.tree.voice, &dirError{path: r.Filepath})
	}
	r2, err := h.handles.reader(ctx, r.Filepath, e)
	switch {
	case errors.Is(err, errTooManyHandles):
		h.say("%s", say(h.tree.voice, err))
		return nil, speak(h.tree.voice, err)
	case err != nil:
		return nil, h.explain(err, "read a file to download")
	}
	return r2, nil
}

// explain is err as the client may read it (musicTree.explain). A
// failure of the server is also written to stderr: OpenSSH's clients
// show an SFTP status only as "Failure".
// answer is err for the client's status line: the transfer's own errors
// and refusals in the session's language, anything else (a store fault)
// explained with a reference, the detail in the log only.
func (h *sftpHandler) answer(err error, doing string) error {
	if err == nil {
		return nil
	}
	if text, ok := known(h.tree.voice, err); ok {
		return &spoken{text: text, err: err}
	}
	return h.explain(err, doing)
}

func (h *sftpHandler) explain(err error, doing string) error {
	out := h.tree.explain(err, doing)
	var pe *peopleError
	if errors.As(out, &pe) {
		h.say("%s", pe.msg)
	}
	return out
}

// Filewrite starts an upload into music/hold or music/queue.
func (h *sftpHandler) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	kind, name, err := uploadTarget(r.Filepath)
	if err != nil {
		h.say("%s", say(h.tree.voice, err))
		return nil, speak(h.tree.voice, err)
	}
	release, err := h.handles.acquire()
	if err != nil {
		h.say("%s", say(h.tree.voice, err))
		return nil, speak(h.tree.voice, err)
	}
	// The notice goes out before the file is taken; the stored upload
	// records that it was shown (licence_shown_at, upload_via sftp).
	h.notice.Do(func() { h.say("%s", h.tree.voice.T("music.licence")) })
	return &sftpFile{h: h, release: release, up: h.s.startSFTPUpload(h.sess.Context(), h.acct, portal.MusicUpload{
		Kind: kind, Name: name, Via: "sftp", Remote: h.sess.RemoteAddr().String()})}, nil
}

// sftpFile reports the outcome of an upload on stderr when it closes.
type sftpFile struct {
	h       *sftpHandler
	up      *sftpUpload
	release func() // the session's handle
}

func (f *sftpFile) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.up.WriteAt(p, off)
	return n, f.h.answer(err, "store an upload")
}
func (f *sftpFile) TransferError(err error) { f.up.TransferError(err) }

func (f *sftpFile) Close() error {
	defer f.release()
	err := f.up.Close()
	var refused *portal.MusicRefusedError
	switch {
	case errors.As(err, &refused):
		line := RefusalLine(f.h.tree.voice, refused)
		f.h.say("%s", line)
		return errors.New(line)
	case err != nil:
		out := f.h.answer(err, "store an upload")
		if _, explained := out.(*peopleError); !explained {
			f.h.say("%s", out.Error()) // explain said its own sentence
		}
		return out
	}
	f.h.say("%s", AcceptedLine(f.h.tree.voice, f.up.file))
	return nil
}

// Filecmd refuses changes other than uploads. Setstat succeeds without
// effect: scp -p and sftp put -p set times and modes after an upload, and
// failing them would make a good upload look failed.
func (h *sftpHandler) Filecmd(r *sftp.Request) error {
	if r.Method == "Setstat" {
		return nil
	}
	h.say("%s", say(h.tree.voice, errUploadWhere))
	return speak(h.tree.voice, errUploadWhere)
}

// Filelist lists directories and stats entries.
func (h *sftpHandler) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	switch r.Method {
	case "List":
		entries, err := h.tree.list(ctx, r.Filepath)
		if err != nil {
			return nil, h.explain(err, "list a music directory")
		}
		return listerAt(osFileInfos(entries)), nil
	case "Stat":
		e, err := h.tree.stat(ctx, r.Filepath)
		if err != nil {
			return nil, h.explain(err, "look up a music file")
		}
		return listerAt([]os.FileInfo{e}), nil
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

// listerAt serves a fixed list of entries.
type listerAt []os.FileInfo

func (l listerAt) ListAt(out []os.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(out, l[off:])
	if n < len(out) {
		return n, io.EOF
	}
	return n, nil
}
