package transfer

import "testing"

func TestUploadsAreBoundedPerAccountAndInAll(t *testing.T) {
	t.Parallel()
	l := newUploadLimiter()
	var releases []func()
	for range uploadsPerAccount {
		r, err := l.acquire(1)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	if _, err := l.acquire(1); err != errUploadsBusy {
		t.Fatalf("third upload of one account: %v", err)
	}
	releases[0]()
	releases[0]() // releasing twice frees one slot only
	if _, err := l.acquire(1); err != nil {
		t.Fatalf("after a release: %v", err)
	}
	if _, err := l.acquire(1); err != errUploadsBusy {
		t.Fatalf("double release freed two slots: %v", err)
	}
	for id := int64(2); l.total < uploadsInAll; id++ {
		if _, err := l.acquire(id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.acquire(999); err != errServerTooBusy {
		t.Fatalf("upload over the server's bound: %v", err)
	}
}
