package hostkeys

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestGeneratedOnceAndReused(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "hostkeys")
	first, created, err := LoadOrGenerate(dir)
	if err != nil || !created {
		t.Fatalf("first start: created=%v err=%v", created, err)
	}
	second, created, err := LoadOrGenerate(dir)
	if err != nil || created {
		t.Fatalf("second start: created=%v err=%v", created, err)
	}
	if !bytes.Equal(first.PublicKey().Marshal(), second.PublicKey().Marshal()) {
		t.Fatal("host key changed between starts")
	}
	if first.PublicKey().Type() != "ssh-ed25519" {
		t.Fatalf("key type %s, want ssh-ed25519", first.PublicKey().Type())
	}
	for _, name := range []string{FileName, FileName + ".pub"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", name, st.Mode().Perm())
		}
	}
	st, _ := os.Stat(dir)
	if st.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", st.Mode().Perm())
	}
}

func TestCorruptKeyIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrGenerate(dir); err == nil {
		t.Fatal("a corrupt host key must not be replaced silently")
	}
}
