package main

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/hostkeys"
)

// closedPort is a local TCP port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	return port
}

// checkLines is check's output split into lines, with each line's check
// name (between the status and the first ": ").
func checkLines(out string) map[string]string {
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if len(l) < 6 {
			continue
		}
		if name, _, ok := strings.Cut(l[5:], ": "); ok {
			lines[name] = l
		}
	}
	return lines
}

// The metrics listener is one of serve's listen addresses: check binds it
// like the others.
func TestE2ECheckMetricsListenAddress(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dataDir := t.TempDir()
	out, code := runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0", "--metrics-listen", busy.Addr().String())
	if code != 1 || !strings.Contains(checkLines(out)["metrics listen"], "FAIL metrics listen: ") ||
		!strings.Contains(out, "address already in use") || !strings.Contains(out, "1 checks failed") {
		t.Fatalf("check with the metrics address taken: exit %d\n%s", code, out)
	}
	free := "127.0.0.1:" + closedPort(t)
	out, code = runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0", "--metrics-listen", free)
	if code != 0 || checkLines(out)["metrics listen"] != "ok   metrics listen: "+free+" is free" {
		t.Fatalf("check with a free metrics address: exit %d\n%s", code, out)
	}
}

// A store that does not answer fails its line, and the schema, which
// cannot be read then, still has its line; a host key that cannot be
// read or parsed fails its line.
func TestE2ECheckUnreachableStoreAndUnreadableHostKey(t *testing.T) {
	t.Parallel()
	dataDir, keyDir := t.TempDir(), t.TempDir()
	// The tests run as root in CI, where no file mode makes a file
	// unreadable: a directory in the key's place cannot be read either.
	if err := os.Mkdir(filepath.Join(keyDir, hostkeys.FileName), 0o700); err != nil {
		t.Fatal(err)
	}
	out, code := runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0", "--host-key-dir", keyDir,
		"--database-url", "postgres://sipdesk@127.0.0.1:"+closedPort(t)+"/sipdesk?sslmode=disable")
	lines := checkLines(out)
	if code != 1 || !strings.HasPrefix(lines["store"], "FAIL store: ") || lines["schema"] != "skip schema: store not reachable" ||
		!strings.HasPrefix(lines["host key"], "FAIL host key: ") || !strings.Contains(lines["host key"], "is a directory") ||
		!strings.Contains(out, "2 checks failed") {
		t.Fatalf("check with an unreachable store and an unreadable host key: exit %d\n%s", code, out)
	}
	// The key loads, but without a store nothing says it opens its secrets.
	if lines["server key"] != "skip server key: loads; the store is not reachable to check it against" {
		t.Errorf("server key with the store unreachable: %q", lines["server key"])
	}
	for _, name := range []string{"settings", "smtp", "listen ch=127.0.0.1:0"} {
		if lines[name] == "" {
			t.Errorf("no line for %s:\n%s", name, out)
		}
	}

	if err := os.Remove(filepath.Join(keyDir, hostkeys.FileName)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(keyDir, hostkeys.FileName), []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code = runBinary(t, "check", "--data-dir", dataDir, "--listen", "ch=127.0.0.1:0", "--host-key-dir", keyDir)
	if code != 1 || !strings.HasPrefix(checkLines(out)["host key"], "FAIL host key: "+filepath.Join(keyDir, hostkeys.FileName)) ||
		checkLines(out)["schema"] != "skip schema: no store yet; serve creates it with the latest schema" {
		t.Fatalf("check with a corrupt host key: exit %d\n%s", code, out)
	}
}

// serve refuses a host key it cannot read instead of generating another
// (clients would see a changed host key), and says which check failed.
func TestE2EServeRefusesAnUnreadableHostKey(t *testing.T) {
	t.Parallel()
	dataDir, keyDir := t.TempDir(), t.TempDir()
	keyPath := filepath.Join(keyDir, hostkeys.FileName)
	if err := os.WriteFile(keyPath, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := serveFails(t, dataDir, "--data-dir", dataDir, "--host-key-dir", keyDir)
	if !strings.Contains(out, "refusing to start: host key: "+keyPath) || strings.Contains(out, "portal listening") {
		t.Fatalf("serve with a corrupt host key:\n%s", out)
	}
	if data, err := os.ReadFile(keyPath); err != nil || string(data) != "not a key\n" {
		t.Fatalf("the host key was replaced: %q %v", data, err)
	}
}
