package portal_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// needTool finds an encoder test files are made with, as the audio
// corpus does: a developer's run without it skips (and says so), CI fails.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must make the music test files with %s: install it (.ci/run does)", name)
		}
		t.Skipf("SKIPPED: %s not installed; the files made with it are not tested", name)
	}
	return path
}

// makeFile runs a tool in dir that writes out there, and returns out's
// bytes.
func makeFile(t *testing.T, dir, out, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(needTool(t, name), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr.Bytes())
	}
	b, err := os.ReadFile(filepath.Join(dir, out))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
