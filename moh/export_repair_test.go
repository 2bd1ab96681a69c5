package moh_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/moh"
	"github.com/sipdesk/sipdesk/portal"
)

// snapshot reads every music file of a directory.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, ext := range moh.Exts {
		b, err := os.ReadFile(filepath.Join(dir, "music."+ext))
		if err != nil {
			t.Fatal(err)
		}
		out[ext] = b
	}
	return out
}

// sameContent fails t when a file of dir differs from want.
func sameContent(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	for _, ext := range moh.Exts {
		b, err := os.ReadFile(filepath.Join(dir, "music."+ext))
		if err != nil {
			t.Errorf("music.%s: %v", ext, err)
		} else if !bytes.Equal(b, want[ext]) {
			t.Errorf("%s differs from what it should hold (%d bytes, want %d)", filepath.Join(filepath.Base(dir), "music."+ext), len(b), len(want[ext]))
		}
	}
}

// idle fails t unless a sync finds nothing to do: a repair must not make
// every later sync rewrite (and reload) again.
func (f *fixture) idle(t *testing.T) {
	t.Helper()
	if changed, err := f.exp.Sync(context.Background()); err != nil || changed {
		t.Fatalf("the sync after the repair: changed %v, %v; want nothing to do", changed, err)
	}
}

// noLeftovers fails t on a temporary file or directory left in the export.
func noLeftovers(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && (strings.Contains(d.Name(), ".tmp-") || strings.Contains(d.Name(), ".old-") || strings.HasSuffix(d.Name(), ".link")) {
			t.Errorf("left behind: %s", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The trial's report: .default/music.ulaw deleted, then a customer resets
// hold music to the default piece. Every sync checks the default piece's
// files against the piece itself, so whatever happened to them (deleted,
// truncated in place, which truncates every class linked to it, or
// overwritten with other bytes) the sync rebuilds it and the reset plays
// the default piece, in every class that plays it.
func TestADamagedDefaultPieceIsRebuilt(t *testing.T) {
	t.Parallel()
	damages := map[string]func(t *testing.T, def string){
		"music.ulaw deleted": func(t *testing.T, def string) {
			if err := os.Remove(filepath.Join(def, "music.ulaw")); err != nil {
				t.Fatal(err)
			}
		},
		"music.sln16 truncated in place": func(t *testing.T, def string) {
			if err := os.Truncate(filepath.Join(def, "music.sln16"), 1000); err != nil {
				t.Fatal(err)
			}
		},
		"music.alaw overwritten with other bytes of the same size": func(t *testing.T, def string) {
			path := filepath.Join(def, "music.alaw")
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			w, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(make([]byte, fi.Size())); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		},
		"the whole directory deleted": func(t *testing.T, def string) {
			if err := os.RemoveAll(def); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.sync(t)
			def := filepath.Join(f.exp.Dir, ".default")
			piece := snapshot(t, def)
			f.activate(t, portal.MusicHold, tone(t, 2, 440))
			f.sync(t)
			damage(t, def)
			if _, err := f.svc.ResetMusic(context.Background(), f.alice, portal.MusicHold, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := f.exp.Sync(context.Background()); err != nil {
				t.Fatalf("the sync after the reset: %v", err)
			}
			sameContent(t, def, piece)
			for _, k := range portal.MusicKinds {
				class := filepath.Dir(f.file(k, "ulaw"))
				sameContent(t, class, piece)
				for _, ext := range moh.Exts {
					if !sameFile(t, f.file(k, ext), filepath.Join(def, "music."+ext)) {
						t.Errorf("%s music.%s is not a link to the default piece", k, ext)
					}
				}
			}
			noLeftovers(t, f.exp.Dir)
			f.idle(t)
		})
	}
}

// A class whose files were damaged on disk is rebuilt by the next sync,
// of the running exporter or of one started later (a restarted replica):
// an uploaded piece with a format deleted or truncated, and a class
// playing the default piece whose file was replaced by another.
func TestADamagedClassIsRebuilt(t *testing.T) {
	t.Parallel()
	type damage struct {
		kind    portal.MusicKind // hold has an upload, queue plays the default piece
		restart bool             // found by a new exporter on the same directory
		do      func(t *testing.T, class string)
	}
	remove := func(ext string) func(*testing.T, string) {
		return func(t *testing.T, class string) {
			if err := os.Remove(filepath.Join(class, "music."+ext)); err != nil {
				t.Fatal(err)
			}
		}
	}
	truncate := func(ext string) func(*testing.T, string) {
		return func(t *testing.T, class string) {
			if err := os.Truncate(filepath.Join(class, "music."+ext), 160); err != nil {
				t.Fatal(err)
			}
		}
	}
	replace := func(ext string) func(*testing.T, string) {
		return func(t *testing.T, class string) {
			tmp := filepath.Join(class, "other")
			if err := os.WriteFile(tmp, []byte("not the default piece"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, filepath.Join(class, "music."+ext)); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := map[string]damage{
		"upload: music.alaw deleted":                     {portal.MusicHold, false, remove("alaw")},
		"upload: music.ulaw truncated":                   {portal.MusicHold, false, truncate("ulaw")},
		"upload: music.wav truncated, found on restart":  {portal.MusicHold, true, truncate("wav")},
		"upload: music.sln16 deleted, found on restart":  {portal.MusicHold, true, remove("sln16")},
		"default piece: music.wav replaced":              {portal.MusicQueue, false, replace("wav")},
		"default piece: music.ulaw replaced, on restart": {portal.MusicQueue, true, replace("ulaw")},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.activate(t, portal.MusicHold, tone(t, 2, 440))
			f.sync(t)
			class := filepath.Dir(f.file(c.kind, "ulaw"))
			want := snapshot(t, class)
			c.do(t, class)
			if c.restart {
				f.exp = &moh.Exporter{Dir: f.exp.Dir, Source: f.svc}
			}
			changed, err := f.exp.Sync(context.Background())
			if err != nil || !changed {
				t.Fatalf("the sync after the damage: changed %v, %v", changed, err)
			}
			sameContent(t, class, want)
			if c.kind == portal.MusicQueue {
				for _, ext := range moh.Exts {
					if !sameFile(t, f.file(c.kind, ext), filepath.Join(f.exp.Dir, ".default", "music."+ext)) {
						t.Errorf("music.%s is not a link to the default piece", ext)
					}
				}
			}
			noLeftovers(t, f.exp.Dir)
			f.idle(t)
		})
	}
}

// A class the exporter cannot write (here its directory's name is taken
// by a file) is logged with its name and skipped: the sync goes on with
// the other customers' classes, and the next sync retries it.
func TestAFailingClassDoesNotHoldUpTheOthers(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var logs bytes.Buffer
	f.exp.Log = slog.New(slog.NewTextHandler(&logs, nil))
	m := metrics.New("test")
	f.exp.Observer = m
	f.sync(t)
	bob, err := f.svc.CreateAccount(context.Background(), f.svc.DB, portal.NewAccountRequest{Email: "bob@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	// Alice's hold class comes first in the list: block it.
	blocked := filepath.Dir(f.file(portal.MusicHold, "ulaw"))
	if err := os.RemoveAll(blocked); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blocked, []byte("in the way"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.activateFor(t, bob, portal.MusicQueue, tone(t, 2, 660))
	bobQueue := filepath.Join(f.exp.Dir, portal.MusicClassName(bob.ID, portal.MusicQueue))

	for try := 1; try <= 2; try++ {
		changed, err := f.exp.Sync(context.Background())
		var partial *moh.PartialError
		if !errors.As(err, &partial) || len(partial.Classes) != 1 || partial.Classes[filepath.Base(blocked)] == nil ||
			!strings.Contains(err.Error(), filepath.Base(blocked)) {
			t.Fatalf("sync %d: %v; want a partial failure of %s alone", try, err, filepath.Base(blocked))
		}
		if n := exportFailures(t, m, metrics.ExportClass); n != float64(try) {
			t.Fatalf("after sync %d: %v class failures counted, want %d", try, n, try)
		}
		if try == 1 && !changed {
			t.Fatal("the first sync reports no change, though it delivered bob's classes")
		}
		if v, err := os.ReadFile(filepath.Join(bobQueue, ".version")); err != nil || string(v) == "default" {
			t.Fatalf("sync %d: bob's queue class has version %q (%v); want his upload", try, v, err)
		}
		for _, k := range portal.MusicKinds {
			if _, err := os.Stat(filepath.Join(f.exp.Dir, portal.MusicClassName(bob.ID, k), "music.sln16")); err != nil {
				t.Fatalf("sync %d: bob's %s class: %v", try, k, err)
			}
		}
		if n := warnings(logs.String(), "class="+filepath.Base(blocked)+" "); n != try {
			t.Fatalf("after sync %d the log warns of %s %d times:\n%s", try, filepath.Base(blocked), n, logs.String())
		}
	}
	conf, err := os.ReadFile(filepath.Join(f.exp.Dir, moh.ConfName))
	if err != nil || !strings.Contains(string(conf), "["+portal.MusicClassName(bob.ID, portal.MusicHold)+"]") {
		t.Fatalf("the include file lacks bob's classes: %v\n%s", err, conf)
	}

	// Out of the way: the next sync delivers it.
	if err := os.Remove(blocked); err != nil {
		t.Fatal(err)
	}
	changed, err := f.exp.Sync(context.Background())
	if err != nil || !changed {
		t.Fatalf("the sync after the obstacle went: changed %v, %v", changed, err)
	}
	for _, ext := range moh.Exts {
		if !sameFile(t, f.file(portal.MusicHold, ext), filepath.Join(f.exp.Dir, ".default", "music."+ext)) {
			t.Errorf("alice's hold music.%s is not the default piece", ext)
		}
	}
	f.idle(t)
	if n := exportFailures(t, m, metrics.ExportClass); n != 2 {
		t.Fatalf("the successful syncs counted failures: %v, want 2", n)
	}
}

// exportFailures reads sipdesk_music_export_failures_total{scope}.
func exportFailures(t *testing.T, m *metrics.Metrics, scope string) float64 {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "sipdesk_music_export_failures_total" {
			continue
		}
		for _, s := range mf.GetMetric() {
			for _, l := range s.GetLabel() {
				if l.GetName() == "scope" && l.GetValue() == scope {
					return s.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// warnings counts the warnings in log that contain s.
func warnings(log, s string) int {
	n := 0
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "level=WARN") && strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// A directory exported before manifests existed: its .default, if it is
// the default piece, is kept with the classes linked to it (thousands of
// them on a real PBX host); an upload's class, whose files no manifest
// vouches for, is written again, once.
func TestAnExportFromBeforeManifestsIsTakenOver(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.activate(t, portal.MusicHold, tone(t, 2, 440))
	f.sync(t)
	def := filepath.Join(f.exp.Dir, ".default")
	before, err := os.Stat(filepath.Join(def, "music.ulaw"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{def, filepath.Dir(f.file(portal.MusicHold, "ulaw"))} {
		if err := os.Remove(filepath.Join(dir, ".manifest")); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	f.exp = &moh.Exporter{Dir: f.exp.Dir, Source: f.svc, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	changed, err := f.exp.Sync(context.Background())
	if err != nil || !changed {
		t.Fatalf("the first sync of the new version: changed %v, %v", changed, err)
	}
	if n := strings.Count(logs.String(), "music delivered"); n != 1 || !strings.Contains(logs.String(), "class="+filepath.Base(filepath.Dir(f.file(portal.MusicHold, "ulaw")))) {
		t.Fatalf("want the upload's class alone written again:\n%s", logs.String())
	}
	after, err := os.Stat(filepath.Join(def, "music.ulaw"))
	if err != nil || !os.SameFile(before, after) {
		t.Fatalf("the default piece was written again: %v", err)
	}
	for _, dir := range []string{def, filepath.Dir(f.file(portal.MusicHold, "ulaw"))} {
		if _, err := os.Stat(filepath.Join(dir, ".manifest")); err != nil {
			t.Errorf("no manifest after the sync: %v", err)
		}
	}
	f.idle(t)
}
