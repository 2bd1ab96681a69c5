package portal

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var testParams = Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}

func TestHashVerifyAndRehash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	weak := NewHasher(testParams, 1, 1)
	h, err := weak.Hash(ctx, "Sunshine-2026")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q err %v", h, err)
	}
	ok, rehash, err := weak.Verify(ctx, h, "Sunshine-2026")
	if !ok || rehash || err != nil {
		t.Fatalf("verify: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	if ok, _, _ := weak.Verify(ctx, h, "Sunshine-2027"); ok {
		t.Fatal("wrong password accepted")
	}
	strong := NewHasher(OWASPArgon2, 1, 1)
	if ok, rehash, _ := strong.Verify(ctx, h, "Sunshine-2026"); !ok || !rehash {
		t.Fatalf("old parameters must verify and ask for a rehash: ok=%v rehash=%v", ok, rehash)
	}
	if _, _, err := strong.Verify(ctx, "$2a$10$bcrypt", "x"); err == nil {
		t.Fatal("foreign hash format accepted")
	}
}

func TestHasherRefusesWhenTheQueueIsFull(t *testing.T) {
	t.Parallel()
	h := NewHasher(Argon2Params{MemoryKiB: 8 * 1024, Time: 3, Threads: 1}, 1, 0)
	var wg sync.WaitGroup
	var busy, done int
	var mu sync.Mutex
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := h.Hash(context.Background(), "x")
			mu.Lock()
			defer mu.Unlock()
			if errors.Is(err, ErrBusy) {
				busy++
			} else if err == nil {
				done++
			}
		}()
	}
	wg.Wait()
	if busy == 0 || done == 0 {
		t.Fatalf("with one slot and no queue, 8 parallel hashes gave %d done and %d busy", done, busy)
	}
}

func TestSecretBox(t *testing.T) {
	t.Parallel()
	key := bytes.Repeat([]byte{7}, 32)
	box, err := NewSecretBox(key)
	if err != nil {
		t.Fatal(err)
	}
	sealed := box.Seal([]byte("JBSWY3DPEHPK3PXP"), "totp:1")
	if bytes.Contains(sealed, []byte("JBSWY3DPEHPK3PXP")) {
		t.Fatal("plaintext visible in the ciphertext")
	}
	plain, err := box.Open(sealed, "totp:1")
	if err != nil || string(plain) != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("%q %v", plain, err)
	}
	if _, err := box.Open(sealed, "totp:2"); !errors.Is(err, ErrDecrypt) {
		t.Fatal("a ciphertext moved to another row decrypted")
	}
	other, _ := NewSecretBox(bytes.Repeat([]byte{8}, 32))
	if _, err := other.Open(sealed, "totp:1"); !errors.Is(err, ErrDecrypt) {
		t.Fatal("wrong key decrypted")
	}
	if bytes.Equal(box.Seal([]byte("x"), "a"), box.Seal([]byte("x"), "a")) {
		t.Fatal("nonce reused")
	}
}

func TestServerKeyFile(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data", "server.key")
	k1, created, err := LoadOrCreateKey("", file)
	if err != nil || !created || len(k1) != 32 {
		t.Fatalf("%v %v", created, err)
	}
	st, _ := os.Stat(file)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", st.Mode().Perm())
	}
	k2, created, err := LoadOrCreateKey("", file)
	if err != nil || created || !bytes.Equal(k1, k2) {
		t.Fatal("key not reused")
	}
	k3, _, err := LoadOrCreateKey(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32)), file)
	if err != nil || bytes.Equal(k3, k1) {
		t.Fatal("configured key not preferred")
	}
	if _, _, err := LoadOrCreateKey("c2hvcnQ=", file); err == nil {
		t.Fatal("short configured key accepted")
	}
}
