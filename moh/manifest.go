package moh

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// manifestName records each music file of a directory with its size and
// SHA-256, so a sync notices a truncated file by its size and, where it
// reads the file (.default), one overwritten.
const manifestName = ".manifest"

// manifest is ext -> what the file music.<ext> must be.
type manifest map[string]fileSum

type fileSum struct {
	size int64
	sum  string // hex SHA-256
}

func manifestOf(files map[string][]byte) manifest {
	m := make(manifest, len(files))
	for ext, b := range files {
		s := sha256.Sum256(b)
		m[ext] = fileSum{size: int64(len(b)), sum: hex.EncodeToString(s[:])}
	}
	return m
}

// encode is one line per file: name, size, SHA-256.
func (m manifest) encode() []byte {
	var b strings.Builder
	for _, ext := range Exts {
		fmt.Fprintf(&b, "music.%s %d %s\n", ext, m[ext].size, m[ext].sum)
	}
	return []byte(b.String())
}

// readManifest reads a manifest that names every music file.
func readManifest(dir string) (manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, err
	}
	m := manifest{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || !strings.HasPrefix(f[0], "music.") || len(f[2]) != 2*sha256.Size {
			return nil, fmt.Errorf("%s: bad line %q", manifestName, line)
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s: bad line %q", manifestName, line)
		}
		m[strings.TrimPrefix(f[0], "music.")] = fileSum{size: n, sum: f[2]}
	}
	for _, ext := range Exts {
		if _, ok := m[ext]; !ok {
			return nil, fmt.Errorf("%s: no music.%s", manifestName, ext)
		}
	}
	return m, nil
}
