package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// smallDisk mounts a tmpfs of sizeMiB under a temporary directory, for
// as long as the test runs (unmounted after everything the test starts
// later has stopped). Mounting needs root; CI runs as root.
func smallDisk(t *testing.T, sizeMiB int) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dm,mode=0700", sizeMiB), "tmpfs", dir).CombinedOutput()
	if err != nil {
		if dbtest.InCI() {
			t.Fatalf("mount a tmpfs (CI runs as root): %v %s", err, out)
		}
		fmt.Fprintln(os.Stderr, "\n*** SKIPPING the full-disk test: cannot mount a tmpfs (not root?) ***")
		t.Skipf("SKIPPED: mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file on dir's file system until it is full and returns
// the file's path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<20)
	for {
		_, err := f.Write(chunk)
		if errors.Is(err, syscall.ENOSPC) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// The last bytes that fit: no page is left for the store to grow into.
	for {
		if _, err := f.Write(chunk[:512]); err != nil {
			return path
		}
	}
}

// Issue 13.3 on a real full disk under SQLite: logins and everything that
// only reads still work, every write is refused with a reference the log
// explains (never a wrong password), nothing is lost, and the portal
// writes again as soon as there is room, without a restart.
func TestE2EFullDiskUnderSQLite(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	disk := smallDisk(t, 64)
	p := startPortal(t, filepath.Join(disk, "data"))
	m := newMusicClient(t, p)
	filler := fill(t, disk)

	out, errOut, code := m.ssh("", "whoami")
	if code != 0 || !strings.Contains(out, m.user) {
		t.Fatalf("login on a full disk: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = m.ssh("", "numbers")
	if code != 0 || !strings.Contains(out, "+41 44 123 45 67") {
		t.Fatalf("numbers on a full disk: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, up := range []func() (string, int){
		func() (string, int) {
			_, errOut, code := m.ssh(m.fixture("mp3-cbr128-stereo-44k.mp3", "hold.mp3"), "music", "upload", "hold")
			return errOut, code
		},
		func() (string, int) {
			return m.scp(m.fixture("mp3-cbr128-stereo-44k.mp3", "hold.mp3"), m.remote("music/hold"))
		},
	} {
		errOut, code := up()
		if code == 0 || !strings.Contains(errOut, "a problem on our side") || !refRe.MatchString(errOut) {
			t.Fatalf("upload on a full disk: exit %d\n%s", code, errOut)
		}
		ref := refRe.FindString(errOut)[5:11]
		if !strings.Contains(p.logs.String(), "ref="+ref) || !strings.Contains(p.logs.String(), "disk is full") {
			t.Fatalf("reference %s and the reason are not in the log:\n%s", ref, p.logs.String())
		}
		wantNoDriverDetail(t, errOut)
	}
	if st := m.status(); st["hold"].Playing.Status != "default" || st["hold"].Pending != nil {
		t.Fatalf("after the refused uploads the hold music is %+v", st["hold"])
	}
	// The right password did not turn into a wrong one: no lockout, no
	// "Permission denied" alone.
	if strings.Contains(p.logs.String(), "outcome=failed") {
		t.Fatalf("a login on the full disk was counted as failed:\n%s", p.logs.String())
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = m.ssh(m.fixture("mp3-cbr128-stereo-44k.mp3", "hold.mp3"), "music", "upload", "hold")
	if code != 0 {
		t.Fatalf("upload once there is room again: exit %d\n%s", code, errOut)
	}
	m.waitPlaying("hold", "hold.mp3")
}
