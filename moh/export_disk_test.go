package moh_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/moh"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// A class directory deleted on disk is rebuilt by the next sync of the
// same exporter (no restart), and the reload command runs for it.
func TestADeletedClassIsRebuiltByTheRunningExporter(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.sync(t)
	class := filepath.Dir(f.file(portal.MusicHold, "ulaw"))
	if err := os.RemoveAll(class); err != nil {
		t.Fatal(err)
	}
	changed, err := f.exp.Sync(context.Background())
	if err != nil || !changed {
		t.Fatalf("sync after the class was deleted: changed %v, %v", changed, err)
	}
	for _, ext := range moh.Exts {
		if _, err := os.Stat(f.file(portal.MusicHold, ext)); err != nil {
			t.Errorf("not rebuilt: %v", err)
		}
	}
	// One lost file is noticed too.
	if err := os.Remove(f.file(portal.MusicQueue, "sln16")); err != nil {
		t.Fatal(err)
	}
	f.sync(t)
	if _, err := os.Stat(f.file(portal.MusicQueue, "sln16")); err != nil {
		t.Errorf("lost file not rebuilt: %v", err)
	}
}

// The reload command (--moh-reload-cmd, run through /bin/sh -c as the
// platform wires it) runs after a sync that changed something, and not
// after one that did not.
func TestTheReloadCommandRunsAfterAChange(t *testing.T) {
	t.Parallel()
	f := setup(t)
	marker := filepath.Join(t.TempDir(), "reloads")
	f.exp.Reload = []string{"/bin/sh", "-c", "echo reloaded >> '" + marker + "'"}
	reloads := func() int {
		b, err := os.ReadFile(marker)
		if os.IsNotExist(err) {
			return 0
		} else if err != nil {
			t.Fatal(err)
		}
		return strings.Count(string(b), "reloaded\n")
	}
	f.sync(t) // the first export: the default piece in both classes
	if n := reloads(); n != 1 {
		t.Fatalf("after the first export: %d reloads, want 1", n)
	}
	f.sync(t)
	if n := reloads(); n != 1 {
		t.Fatalf("a sync without a change reloaded: %d reloads", n)
	}
	f.activate(t, portal.MusicHold, tone(t, 2, 440))
	f.sync(t)
	if n := reloads(); n != 2 {
		t.Fatalf("after new hold music: %d reloads, want 2", n)
	}
}

// Classes of accounts the database no longer has are removed with their
// music; what the exporter did not write stays.
func TestClassesOfRemovedAccountsGo(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.sync(t)
	// What an earlier export left for an account that is gone since.
	gone := filepath.Join(f.exp.Dir, portal.MusicClassName(999999, portal.MusicHold))
	if err := os.MkdirAll(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".version", "music.ulaw"} {
		if err := os.WriteFile(filepath.Join(gone, name), []byte("7"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The operator's own directories, even one named like a class.
	own := []string{filepath.Join(f.exp.Dir, "sipdesk-notes"), filepath.Join(f.exp.Dir, "asterisk-default")}
	for _, d := range own {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	changed, err := f.exp.Sync(context.Background())
	if err != nil || !changed {
		t.Fatalf("sync: changed %v, %v", changed, err)
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("the removed account's class is still there: %v", err)
	}
	for _, d := range append(own, filepath.Dir(f.file(portal.MusicHold, "ulaw"))) {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s went: %v", d, err)
		}
	}
}

// Two exporters (replicas) on one shared directory sync at the same time
// again and again: the lock keeps them apart, so neither fails and the
// directory ends complete, with no temporary file left.
func TestTwoExportersShareOneDirectory(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	for i := range 15 {
		if _, err := f.svc.CreateAccount(ctx, f.svc.DB, portal.NewAccountRequest{Email: fmt.Sprintf("c%d@example.ch", i), Region: "CH"}); err != nil {
			t.Fatal(err)
		}
	}
	classes, err := f.svc.MusicClasses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for round := range 6 {
		// Each round starts from an emptied directory, so both write
		// every class at once.
		entries, _ := os.ReadDir(f.exp.Dir)
		for _, e := range entries {
			if e.Name() != ".lock" {
				if err := os.RemoveAll(filepath.Join(f.exp.Dir, e.Name())); err != nil {
					t.Fatal(err)
				}
			}
		}
		exporters := []*moh.Exporter{{Dir: f.exp.Dir, Source: f.svc}, {Dir: f.exp.Dir, Source: f.svc}}
		var wg sync.WaitGroup
		errs := make(chan error, len(exporters))
		for _, e := range exporters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.Sync(ctx); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, c := range classes {
			for _, ext := range moh.Exts {
				if _, err := os.Stat(filepath.Join(f.exp.Dir, c.Name, "music."+ext)); err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
		}
	}
	err = filepath.WalkDir(f.exp.Dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && (strings.Contains(d.Name(), ".tmp-") || strings.HasSuffix(d.Name(), ".link")) {
			t.Errorf("left behind: %s", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An exporter whose store lists no class at all (an empty store, or a
// mistyped --database-url) removes nothing: every account has a class, so
// such a list cannot mean that every customer's music should go.
func TestAnEmptyStoreRemovesNoClass(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.sync(t)
	hold := filepath.Dir(f.file(portal.MusicHold, "ulaw"))
	empty := portaltest.New(t, dbtest.SQLite(t), nil)
	wrong := &moh.Exporter{Dir: f.exp.Dir, Source: empty}
	if _, err := wrong.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(hold, ".version")); err != nil {
		t.Fatalf("an export from an empty store removed alice's class: %v", err)
	}
}
