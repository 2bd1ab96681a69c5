package moh

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// ConfName is the generated include file.
const ConfName = "musiconhold_sipdesk.conf"

// Exts are the files of a class, in the formats Asterisk plays from.
var Exts = []string{"ulaw", "alaw", "sln16", "wav"}

// Rendition is music as the PBX needs it.
type Rendition struct {
	WAV8k  []byte // 16-bit PCM WAV at 8 kHz (.wav)
	WAV16k []byte // 16-bit PCM WAV at 16 kHz; its samples become .sln16
	ULaw   []byte // raw G.711 mu-law at 8 kHz (.ulaw)
	ALaw   []byte // raw G.711 A-law at 8 kHz (.alaw)
}

func (r Rendition) files() (map[string][]byte, error) {
	sln16, err := wavData(r.WAV16k)
	if err != nil {
		return nil, fmt.Errorf("16 kHz rendition: %w", err)
	}
	return map[string][]byte{"ulaw": r.ULaw, "alaw": r.ALaw, "sln16": sln16, "wav": r.WAV8k}, nil
}

// Class is one account's music of one kind.
type Class struct {
	// Name is the Asterisk class (sipdesk-<account id>-<kind>).
	Name string
	// Account names the customer in a comment of the include file.
	Account string
	// Version identifies the active upload; "" is the default piece.
	Version string
}

// Source is the database's side; the portal implements it.
type Source interface {
	// MusicClasses lists every class with what plays in it.
	MusicClasses(ctx context.Context) ([]Class, error)
	// MusicRendition loads the renditions of an upload (a Class.Version).
	MusicRendition(ctx context.Context, version string) (Rendition, error)
	// DefaultRendition is the built-in default piece.
	DefaultRendition() (Rendition, error)
}

// Exporter keeps Dir equal to the database.
type Exporter struct {
	Dir    string
	Source Source
	// Reload, if set, runs after a sync that changed something (argv,
	// no shell), e.g. asterisk -rx "moh reload".
	Reload []string
	Log    *slog.Logger
	// Observer, if set, counts the failures of each sync (the metrics).
	Observer Observer

	mu       sync.Mutex
	written  map[string]classState // class -> what this exporter found or wrote there
	piece    map[string][]byte     // the default piece's files, once loaded
	pieceSum manifest              // and their manifest
	wakeOnce sync.Once
	wake     chan struct{}
}

// classState is what a class directory holds, as far as this exporter
// has seen.
type classState struct {
	version string   // the marker: an upload's version or "default"
	files   manifest // an upload's files; nil for the default piece
}

// Failure scopes, as an Observer is told them.
const (
	FailClass   = "class"   // one class was not delivered by a sync
	FailDefault = "default" // the default piece could not be written
	FailSync    = "sync"    // the sync failed as a whole: directory, lock, store, include file
)

// Observer counts the export's failures; *metrics.Metrics is one.
type Observer interface {
	MusicExportFailure(scope string)
}

func (e *Exporter) observe(scope string) {
	if e.Observer != nil {
		e.Observer.MusicExportFailure(scope)
	}
}

// PartialError is Sync's error when some classes, or the default piece,
// could not be written: everything else was, and the next sync retries
// them. Sync has logged each with its class name.
type PartialError struct {
	Default error            // the default piece's failure, if it failed
	Classes map[string]error // class name -> why it was not delivered
}

func (e *PartialError) Error() string {
	names := make([]string, 0, len(e.Classes))
	for n := range e.Classes {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	if e.Default != nil {
		parts = append(parts, "default piece: "+e.Default.Error())
	}
	if len(names) > 0 {
		if len(names) > 5 {
			names = append(names[:5], "...")
		}
		parts = append(parts, fmt.Sprintf("classes not delivered (%d): %s", len(e.Classes), strings.Join(names, ", ")))
	}
	return "music export: " + strings.Join(parts, "; ")
}

// Unwrap gives the underlying errors to errors.Is and errors.As.
func (e *PartialError) Unwrap() []error {
	out := make([]error, 0, len(e.Classes)+1)
	if e.Default != nil {
		out = append(out, e.Default)
	}
	for _, err := range e.Classes {
		out = append(out, err)
	}
	return out
}

// markerName records a class's version in its directory, for a restarted
// exporter; dot files are not music to Asterisk. It is written last, so a
// class whose marker names the version has all of its files.
const markerName = ".version"

func (e *Exporter) log() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}

func (e *Exporter) wakeCh() chan struct{} {
	e.wakeOnce.Do(func() { e.wake = make(chan struct{}, 1) })
	return e.wake
}

// MusicChanged asks Run for a sync now; the portal calls it after music
// was activated or reset. It never blocks.
func (e *Exporter) MusicChanged() {
	select {
	case e.wakeCh() <- struct{}{}:
	default:
	}
}

// Run syncs at start, on MusicChanged and every poll until ctx ends.
func (e *Exporter) Run(ctx context.Context, poll time.Duration) {
	for {
		var partial *PartialError
		// A partial failure was logged class by class.
		if _, err := e.Sync(ctx); err != nil && ctx.Err() == nil && !errors.As(err, &partial) {
			e.log().Warn("music export failed", "dir", e.Dir, "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-e.wakeCh():
		case <-time.After(poll):
		}
	}
}

// Sync makes the directory hold every class as the database says and
// reports whether anything changed (then it runs Reload). A class that
// cannot be written does not stop it: it is logged with its name and
// counted, the others are delivered, and the error is a *PartialError;
// the next sync tries it again. Any other error means the directory, the
// lock, the store's list of classes or the include file failed.
func (e *Exporter) Sync(ctx context.Context) (bool, error) {
	changed, err := e.sync(ctx)
	var partial *PartialError
	if err != nil && ctx.Err() == nil && !errors.As(err, &partial) {
		e.observe(FailSync)
	}
	return changed, err
}

func (e *Exporter) sync(ctx context.Context) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := os.MkdirAll(e.Dir, 0o755); err != nil {
		return false, fmt.Errorf("music export: %w", err)
	}
	unlock, err := lockDir(e.Dir)
	if err != nil {
		return false, err
	}
	defer unlock()
	classes, err := e.Source.MusicClasses(ctx)
	if err != nil {
		return false, fmt.Errorf("music export: list classes: %w", err)
	}
	if e.written == nil {
		e.written = map[string]classState{}
	}
	partial := &PartialError{Classes: map[string]error{}}
	def, err := e.checkDefault()
	if err != nil {
		partial.Default = err
		e.log().Warn("music export: the default piece could not be written; the next sync retries it", "dir", e.Dir, "error", err)
		e.observe(FailDefault)
	}
	changed := false
	for _, c := range classes {
		if err := ctx.Err(); err != nil {
			return changed, err
		}
		did, err := e.deliver(ctx, c, def, partial.Default)
		if err != nil {
			if ctx.Err() != nil {
				return changed, ctx.Err()
			}
			// Looked at afresh next time: what is on disk is unknown.
			delete(e.written, c.Name)
			partial.Classes[c.Name] = err
			e.log().Warn("music export: class not delivered; the next sync retries it", "class", c.Name, "error", err)
			e.observe(FailClass)
			continue
		}
		changed = changed || did
	}
	did, err := e.writeConf(classes)
	if err != nil {
		return changed, err
	}
	changed = changed || did
	// After the include file: by then it no longer names the classes
	// whose directories go.
	did, err = e.removeStale(classes, partial)
	if err != nil {
		return changed, err
	}
	changed = changed || did
	if changed {
		e.reload(ctx)
	}
	if partial.Default != nil || len(partial.Classes) > 0 {
		return changed, partial
	}
	return changed, nil
}

// deliver writes one class unless it is intact with the version the
// database wants. def is the checked default piece (nil when defErr).
func (e *Exporter) deliver(ctx context.Context, c Class, def *defaultFiles, defErr error) (bool, error) {
	dir := filepath.Join(e.Dir, c.Name)
	want := c.Version
	if want == "" {
		want = "default"
	}
	if e.intact(dir, c.Name, want, def) {
		return false, nil
	}
	if c.Version == "" && def == nil {
		return false, fmt.Errorf("default piece: %w", defErr)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	st := classState{version: want}
	if c.Version == "" {
		for _, ext := range Exts {
			if err := linkAtomic(def.path(ext), filepath.Join(dir, "music."+ext)); err != nil {
				return false, err
			}
		}
		// An upload's manifest is not the default piece's.
		if err := os.Remove(filepath.Join(dir, manifestName)); err != nil && !os.IsNotExist(err) {
			return false, err
		}
	} else {
		r, err := e.Source.MusicRendition(ctx, c.Version)
		if err != nil {
			return false, err
		}
		if st.files, err = writeFiles(dir, r); err != nil {
			return false, err
		}
		if err := writeAtomic(filepath.Join(dir, manifestName), st.files.encode()); err != nil {
			return false, err
		}
	}
	if err := writeAtomic(filepath.Join(dir, markerName), []byte(want)); err != nil {
		return false, err
	}
	if err := syncDir(dir); err != nil {
		return false, err
	}
	e.written[c.Name] = st
	e.log().Info("music delivered", "class", c.Name, "version", want)
	return true, nil
}

// intact reports whether a class directory holds version want, whole:
// its marker, and every music file, an upload's at the size its manifest
// records (a truncated file is damage), the default piece's as links to
// the checked copy in .default (so what plays is what was checked). A few
// stats per class, so each sync can afford to look rather than trust what
// it wrote last time: a directory or file deleted or damaged behind the
// exporter's back (a clean-up, a lost disk) is written again by this sync.
func (e *Exporter) intact(dir, name, want string, def *defaultFiles) bool {
	st, known := e.written[name]
	if known {
		if _, err := os.Lstat(filepath.Join(dir, markerName)); err != nil {
			return false
		}
	} else {
		b, err := os.ReadFile(filepath.Join(dir, markerName))
		if err != nil {
			return false
		}
		st = classState{version: string(b)}
		if st.version != want {
			return false
		}
		if want != "default" {
			// A class written before manifests existed has none: it is
			// written again, once.
			if st.files, err = readManifest(dir); err != nil {
				return false
			}
		}
	}
	if st.version != want {
		return false
	}
	for _, ext := range Exts {
		fi, err := os.Lstat(filepath.Join(dir, "music."+ext))
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
		// Without a checked default piece (def nil), the links there
		// stay until there is one to compare them with.
		switch {
		case want != "default":
			if fi.Size() != st.files[ext].size {
				return false
			}
		case def != nil:
			if !os.SameFile(fi, def.info[ext]) {
				return false
			}
		}
	}
	e.written[name] = st
	return true
}

func writeFiles(dir string, r Rendition) (manifest, error) {
	files, err := r.files()
	if err != nil {
		return nil, err
	}
	for _, ext := range Exts {
		if err := writeAtomic(filepath.Join(dir, "music."+ext), files[ext]); err != nil {
			return nil, err
		}
	}
	return manifestOf(files), nil
}
