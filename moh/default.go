package moh

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// defaultDirName holds the one copy of the default piece that every
// class playing it links to.
const defaultDirName = ".default"

// defaultFiles is the default piece as checked on disk: the links of a
// class playing it must be these files.
type defaultFiles struct {
	dir  string
	info map[string]os.FileInfo // ext -> the file
}

func (d *defaultFiles) path(ext string) string {
	return filepath.Join(d.dir, "music."+ext)
}

// checkDefault makes .default hold the default piece and returns its
// files. The classes playing it are hard links to these files, so one
// deleted, truncated or overwritten here is what they play, or what the
// next reset cannot link to: every sync reads them (1.5 MB) and compares
// them with the manifest written with them. On any difference the whole
// directory is built anew beside it and renamed into place, so links are
// only ever made to a complete copy; the classes linked to the old copy
// are linked again, since their files are no longer .default's.
//
// The manifest, not this binary's piece, is the reference, so replicas
// whose builds differ in the piece's bytes (a rolling upgrade, another
// CPU architecture) keep one shared copy instead of replacing each
// other's on every sync. A .default from before manifests is kept if it
// is this build's piece.
func (e *Exporter) checkDefault() (*defaultFiles, error) {
	own, err := e.pieceFiles()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(e.Dir, defaultDirName)
	m, err := readManifest(dir)
	switch {
	case err == nil:
		if d, ok := readDefault(dir, m); ok {
			return d, nil
		}
	case errors.Is(err, fs.ErrNotExist):
		if d, ok := readDefault(dir, e.pieceSum); ok {
			err := writeAtomic(filepath.Join(dir, manifestName), e.pieceSum.encode())
			if err == nil {
				err = syncDir(dir)
			}
			return d, err
		}
	}
	if err := e.buildDefault(dir, own); err != nil {
		return nil, err
	}
	d, ok := readDefault(dir, e.pieceSum)
	if !ok {
		return nil, fmt.Errorf("%s does not hold the default piece right after it was written", dir)
	}
	e.log().Info("music: default piece written", "dir", dir)
	return d, nil
}

// pieceFiles is the default piece's files, as they must be on disk.
func (e *Exporter) pieceFiles() (map[string][]byte, error) {
	if e.piece != nil {
		return e.piece, nil
	}
	r, err := e.Source.DefaultRendition()
	if err != nil {
		return nil, err
	}
	files, err := r.files()
	if err != nil {
		return nil, err
	}
	e.piece, e.pieceSum = files, manifestOf(files)
	return files, nil
}

// readDefault reports whether dir holds the files m describes, with the
// identity of each (taken from the descriptor it read, so the identity is
// that of the checked content).
func readDefault(dir string, m manifest) (*defaultFiles, bool) {
	d := &defaultFiles{dir: dir, info: make(map[string]os.FileInfo, len(Exts))}
	for _, ext := range Exts {
		fi, ok := matches(d.path(ext), m[ext])
		if !ok {
			return nil, false
		}
		d.info[ext] = fi
	}
	return d, true
}

func matches(path string, want fileSum) (os.FileInfo, bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != want.size {
		return nil, false
	}
	h := sha256.New()
	// One byte more than expected shows a file that grew since the stat.
	n, err := io.Copy(h, io.LimitReader(f, want.size+1))
	if err != nil || n != want.size || hex.EncodeToString(h.Sum(nil)) != want.sum {
		return nil, false
	}
	return fi, true
}

// buildDefault writes the piece into a new dot directory beside dir,
// then swaps it in: the old one steps aside, the new one takes its name,
// the old one goes. Asterisk never reads .default itself (classes link to
// its files), and syncs are serialised by the directory's lock, so no
// link is made in the moment between the two renames.
func (e *Exporter) buildDefault(dir string, files map[string][]byte) (err error) {
	removeLeftovers(e.Dir)
	tmp, err := os.MkdirTemp(e.Dir, defaultDirName+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, ext := range Exts {
		if err := writeAtomic(filepath.Join(tmp, "music."+ext), files[ext]); err != nil {
			return err
		}
	}
	if err := writeAtomic(filepath.Join(tmp, manifestName), e.pieceSum.encode()); err != nil {
		return err
	}
	// The marker of earlier versions, which looked for it.
	if err := writeAtomic(filepath.Join(tmp, markerName), []byte("default")); err != nil {
		return err
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = filepath.Join(e.Dir, defaultDirName+".old-"+strings.TrimPrefix(filepath.Base(tmp), defaultDirName+".tmp-"))
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	} else if !os.IsNotExist(err) {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	if err := syncDir(e.Dir); err != nil {
		return err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// removeLeftovers removes what a build interrupted by a crash left.
func removeLeftovers(dir string) {
	for _, kind := range []string{".tmp-", ".old-"} {
		paths, _ := filepath.Glob(filepath.Join(dir, defaultDirName+kind+"*"))
		for _, p := range paths {
			os.RemoveAll(p)
		}
	}
}
