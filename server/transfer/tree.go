package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// musicTree is the small virtual file tree that scp and sftp see:
//
//	/music/hold/          upload target (lists the active upload's original)
//	/music/queue/         upload target
//	/music/hold.wav       what callers hear: the active 8 kHz rendition, or the default piece
//	/music/queue.wav
//	/music/hold.pending.mp3  an upload waiting for activation (while there is one)
//	/music/status.txt     `music status`, for clients that show no error text
//
// Nothing in it is a real file: every entry is read from the store when
// it is listed or opened, so every replica shows the same tree.
type musicTree struct {
	s     *Music
	acct  db.Account
	hosts Hosts
	voice portal.Voice // status.txt's language and local time
}

// musicEntry is one file or directory of the tree; it is an os.FileInfo.
type musicEntry struct {
	name  string
	dir   bool
	size  int64
	mtime time.Time
	read  func(ctx context.Context) ([]byte, error)
}

func (e musicEntry) Name() string       { return e.name }
func (e musicEntry) Size() int64        { return e.size }
func (e musicEntry) ModTime() time.Time { return e.mtime }
func (e musicEntry) IsDir() bool        { return e.dir }
func (e musicEntry) Sys() any           { return nil }
func (e musicEntry) Mode() fs.FileMode {
	if e.dir {
		return fs.ModeDir | 0o700
	}
	return 0o400
}

// errUploadWhere is the answer to anything but an upload into a target.
var errUploadWhere = errors.New("upload into music/hold or music/queue (wav or mp3); nothing else can be changed here")

func notExist(p string) error { return &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist} }

func dirEntry(name string) musicEntry { return musicEntry{name: name, dir: true, mtime: time.Now()} }

// list returns the entries of a directory of the tree.
func (t *musicTree) list(ctx context.Context, dir string) ([]musicEntry, error) {
	switch dir = cleanTreePath(dir); dir {
	case "/":
		return []musicEntry{dirEntry("music")}, nil
	case "/music", "/music/hold", "/music/queue":
	default:
		return nil, notExist(dir)
	}
	slots, err := t.s.svc.MusicStatus(ctx, t.acct.ID)
	if err != nil {
		return nil, err
	}
	if dir != "/music" {
		return t.originals(slots, portal.MusicKind(path.Base(dir))), nil
	}
	out := []musicEntry{dirEntry("hold"), dirEntry("queue")}
	for _, sl := range slots {
		kind, playing := sl.Kind, sl.Playing
		out = append(out, musicEntry{name: string(kind) + ".wav", size: playing.Rendition, mtime: orNow(playing.ActivatedAt),
			read: func(ctx context.Context) ([]byte, error) {
				b, _, err := t.s.svc.ActiveRendition(ctx, t.acct.ID, kind)
				return b, err
			}})
		if p := sl.Pending; p != nil {
			out = append(out, t.original(*p, string(kind)+".pending."+p.Format))
		}
	}
	var status bytes.Buffer
	if err := WriteStatus(&status, t.voice, slots, t.hosts); err != nil {
		return nil, err
	}
	text := status.Bytes()
	out = append(out, musicEntry{name: "status.txt", size: int64(len(text)), mtime: time.Now(),
		read: func(context.Context) ([]byte, error) { return text, nil }})
	return out, nil
}

// originals lists the active upload of a kind as the customer named it.
func (t *musicTree) originals(slots []portal.MusicSlot, kind portal.MusicKind) []musicEntry {
	for _, sl := range slots {
		if sl.Kind == kind && !sl.Playing.Default() {
			return []musicEntry{t.original(sl.Playing, sl.Playing.Name)}
		}
	}
	return nil
}

func (t *musicTree) original(f portal.MusicFile, name string) musicEntry {
	id := f.ID
	return musicEntry{name: name, size: f.Size, mtime: orNow(f.UploadedAt),
		read: func(ctx context.Context) ([]byte, error) { return t.s.svc.MusicOriginal(ctx, t.acct.ID, id) }}
}

// stat finds one entry by path.
func (t *musicTree) stat(ctx context.Context, p string) (musicEntry, error) {
	p = cleanTreePath(p)
	switch p {
	case "/", "/music", "/music/hold", "/music/queue":
		// The tree's fixed directories need no store: scp stats its target
		// (music/hold) to learn it is a directory, and when that stat fails
		// it uploads to "music/hold" itself, a file without a name (a CI run
		// saw that once; the stat then listed /music from the store).
		return dirEntry(path.Base(p)), nil
	}
	entries, err := t.list(ctx, path.Dir(p))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return musicEntry{}, notExist(p)
		}
		return musicEntry{}, err
	}
	for _, e := range entries {
		if e.name == path.Base(p) {
			return e, nil
		}
	}
	return musicEntry{}, notExist(p)
}

// cleanTreePath makes any client path absolute in the tree: relative
// paths and "~/" start at the root, which is the customer's home.
func cleanTreePath(p string) string {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "~"), "/")
	return path.Clean("/" + p)
}

// uploadTarget reads an upload path: music/hold, music/hold/NAME,
// music/queue or music/queue/NAME.
func uploadTarget(p string) (portal.MusicKind, string, error) {
	parts := strings.Split(strings.TrimPrefix(cleanTreePath(p), "/"), "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] != "music" {
		return "", "", errUploadWhere
	}
	kind, err := portal.ParseMusicKind(parts[1])
	if err != nil || parts[1] != string(kind) {
		return "", "", fmt.Errorf("%w (not %s)", errUploadWhere, p)
	}
	if len(parts) == 3 {
		return kind, parts[2], nil
	}
	return kind, "", nil
}

func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// osFileInfos converts entries for the sftp lister.
func osFileInfos(entries []musicEntry) []os.FileInfo {
	out := make([]os.FileInfo, len(entries))
	for i, e := range entries {
		out[i] = e
	}
	return out
}
