package moh

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// writeAtomic replaces path with data: a dot temp file in the same
// directory, fsync, rename. The caller syncs the directory.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// linkAtomic makes path a hard link to target, replacing what was there
// in one rename.
func linkAtomic(target, path string) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".link")
	os.Remove(tmp)
	if err := os.Link(target, tmp); err != nil {
		return fmt.Errorf("link %s: %w", path, err)
	}
	err := os.Rename(tmp, path)
	// rename(2) of two links to one file does nothing and leaves tmp.
	if rerr := os.Remove(tmp); err == nil && rerr != nil && !os.IsNotExist(rerr) {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("link %s: %w", path, err)
	}
	return nil
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// wavData returns the samples of a PCM WAV file (its data chunk): the
// 16 kHz rendition without its header is Asterisk's sln16 (raw signed
// 16-bit little-endian samples at 16 kHz).
func wavData(wav []byte) ([]byte, error) {
	if len(wav) < 12 || !bytes.Equal(wav[0:4], []byte("RIFF")) || !bytes.Equal(wav[8:12], []byte("WAVE")) {
		return nil, errors.New("not a WAV file")
	}
	for p := 12; p+8 <= len(wav); {
		id, size := string(wav[p:p+4]), int(binary.LittleEndian.Uint32(wav[p+4:p+8]))
		p += 8
		if size < 0 || size > len(wav)-p {
			return nil, errors.New("truncated WAV chunk " + id)
		}
		if id == "data" {
			return wav[p : p+size], nil
		}
		p += size + size%2
	}
	return nil, errors.New("WAV file without data")
}
