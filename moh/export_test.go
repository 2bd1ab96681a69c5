package moh_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/moh"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

func require(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if dbtest.InCI() {
				t.Fatalf("%s is not installed: CI requires it", tool)
			}
			fmt.Fprintf(os.Stderr, "\n*** SKIPPING %s: %s is not installed ***\n\n", t.Name(), tool)
			t.Skip("SKIPPED: " + tool + " is not installed")
		}
	}
}

type fixture struct {
	svc   *portal.Service
	exp   *moh.Exporter
	alice db.Account
}

func setup(t *testing.T) *fixture {
	t.Helper()
	require(t, "sox", "ffprobe")
	d := dbtest.SQLite(t)
	svc := portaltest.New(t, d, nil)
	f := &fixture{svc: svc, exp: &moh.Exporter{Dir: filepath.Join(t.TempDir(), "moh"), Source: svc}}
	svc.MusicDelivery = f.exp
	alice, err := svc.CreateAccount(context.Background(), d, portal.NewAccountRequest{Email: "alice@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	f.alice = alice
	return f
}

// tone is a stereo 44.1 kHz WAV of seconds made by sox, a real encoder.
func tone(t *testing.T, seconds float64, freq int) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tone.wav")
	if out, err := exec.Command("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", path,
		"synth", strconv.FormatFloat(seconds, 'f', 2, 64), "sine", strconv.Itoa(freq), "vol", "0.5").CombinedOutput(); err != nil {
		t.Fatalf("sox: %v %s", err, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// activate uploads music for alice and runs the activation worker's step once.
func (f *fixture) activate(t *testing.T, kind portal.MusicKind, data []byte) {
	t.Helper()
	f.activateFor(t, f.alice, kind, data)
}

// activateFor uploads music for a and runs the activation worker's step once.
func (f *fixture) activateFor(t *testing.T, a db.Account, kind portal.MusicKind, data []byte) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.svc.UploadMusic(ctx, a, portal.MusicUpload{Kind: kind, Name: "tone.wav", Via: "ssh"}, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if did, err := f.svc.ActivateNextMusic(ctx, "w1", time.Minute); !did || err != nil {
		t.Fatalf("activation: %v %v", did, err)
	}
}

func (f *fixture) sync(t *testing.T) {
	t.Helper()
	if _, err := f.exp.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) file(kind portal.MusicKind, ext string) string {
	return filepath.Join(f.exp.Dir, portal.MusicClassName(f.alice.ID, kind), "music."+ext)
}

type probe struct {
	Streams []struct {
		CodecName  string `json:"codec_name"`
		SampleRate string `json:"sample_rate"`
		Channels   int    `json:"channels"`
	} `json:"streams"`
	Format struct {
		Duration string `json:"duration"`
	} `json:"format"`
}

// ffprobe reads a delivered file the way a PBX would: raw formats with
// the rate Asterisk assumes for their extension.
func ffprobe(t *testing.T, path string) (codec string, rate, channels int, seconds float64) {
	t.Helper()
	args := []string{"-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration", "-of", "json"}
	switch filepath.Ext(path) {
	case ".ulaw":
		args = append(args, "-f", "mulaw", "-ar", "8000", "-ac", "1")
	case ".alaw":
		args = append(args, "-f", "alaw", "-ar", "8000", "-ac", "1")
	case ".sln16":
		args = append(args, "-f", "s16le", "-ar", "16000", "-ac", "1")
	}
	out, err := exec.Command("ffprobe", append(args, path)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var p probe
	if err := json.Unmarshal(out, &p); err != nil || len(p.Streams) != 1 {
		t.Fatalf("ffprobe %s: %s %v", path, out, err)
	}
	rate, _ = strconv.Atoi(p.Streams[0].SampleRate)
	seconds, _ = strconv.ParseFloat(p.Format.Duration, 64)
	return p.Streams[0].CodecName, rate, p.Streams[0].Channels, seconds
}

func TestDeliveredMusicIsWhatAsteriskPlays(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.sync(t)
	conf, err := os.ReadFile(filepath.Join(f.exp.Dir, moh.ConfName))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range portal.MusicKinds {
		want := "[" + portal.MusicClassName(f.alice.ID, k) + "]\nmode=files\ndirectory=" + filepath.Dir(f.file(k, "wav")) + "\n"
		if !strings.Contains(string(conf), want) {
			t.Fatalf("%s lacks\n%s\n---\n%s", moh.ConfName, want, conf)
		}
	}
	f.activate(t, portal.MusicHold, tone(t, 3, 440))
	f.sync(t)
	want := map[string]struct {
		codec string
		rate  int
	}{"wav": {"pcm_s16le", 8000}, "ulaw": {"pcm_mulaw", 8000}, "alaw": {"pcm_alaw", 8000}, "sln16": {"pcm_s16le", 16000}}
	for ext, w := range want {
		codec, rate, ch, secs := ffprobe(t, f.file(portal.MusicHold, ext))
		if codec != w.codec || rate != w.rate || ch != 1 || secs < 2.95 || secs > 3.05 {
			t.Errorf("music.%s: %s %d Hz %d channels %.3f s; want %s %d Hz mono 3 s", ext, codec, rate, ch, secs, w.codec, w.rate)
		}
	}
	// The queue still plays the default piece: a link to its one copy.
	if !sameFile(t, f.file(portal.MusicQueue, "ulaw"), filepath.Join(f.exp.Dir, ".default", "music.ulaw")) {
		t.Fatal("the queue class is not the default piece")
	}
	if sameFile(t, f.file(portal.MusicHold, "ulaw"), filepath.Join(f.exp.Dir, ".default", "music.ulaw")) {
		t.Fatal("the hold class still plays the default piece")
	}
	// Reset: the default piece again, at once on this replica.
	if changed, err := f.svc.ResetMusic(context.Background(), f.alice, portal.MusicHold, ""); err != nil || !changed {
		t.Fatal(changed, err)
	}
	f.sync(t)
	for _, ext := range moh.Exts {
		if !sameFile(t, f.file(portal.MusicHold, ext), filepath.Join(f.exp.Dir, ".default", "music."+ext)) {
			t.Fatalf("music.%s after the reset is not the default piece", ext)
		}
	}
	// Nothing changed: a second sync writes nothing.
	if changed, err := f.exp.Sync(context.Background()); err != nil || changed {
		t.Fatalf("an idle sync changed something: %v %v", changed, err)
	}
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	sa, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(sa, sb)
}

func TestAReaderNeverSeesAPartialFile(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.sync(t)
	versions := [][]byte{tone(t, 2, 440), tone(t, 3, 660)}
	// The complete files a reader may see: the default piece and both uploads.
	complete := map[string]bool{}
	read := func() []byte {
		b, err := os.ReadFile(f.file(portal.MusicHold, "ulaw"))
		if err != nil {
			t.Error(err)
		}
		return b
	}
	complete[string(read())] = true
	for _, v := range versions {
		f.activate(t, portal.MusicHold, v)
		f.sync(t)
		complete[string(read())] = true
	}
	if len(complete) != 3 {
		t.Fatalf("%d distinct files, want 3", len(complete))
	}
	var stop atomic.Bool
	var reads, bad atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			if b := read(); !complete[string(b)] {
				bad.Add(1)
			}
			reads.Add(1)
		}
	}()
	for i := range 8 {
		f.activate(t, portal.MusicHold, versions[i%2])
		f.sync(t)
		if i%3 == 2 {
			if _, err := f.svc.ResetMusic(context.Background(), f.alice, portal.MusicHold, ""); err != nil {
				t.Fatal(err)
			}
			f.sync(t)
		}
	}
	stop.Store(true)
	wg.Wait()
	if bad.Load() != 0 {
		t.Fatalf("%d of %d reads saw a file that is neither the old nor the new one", bad.Load(), reads.Load())
	}
	t.Logf("%d reads during 10 replacements, all complete", reads.Load())
}
