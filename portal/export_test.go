package portal

import (
	"sync"

	"github.com/sipdesk/sipdesk/audio"
)

// SetVerifyHook makes h call fn at the start of every password evaluation.
func SetVerifyHook(h *Hasher, fn func()) { h.verifyHook = fn }

// SlowDefaultPiece makes the default piece's synthesis wait until
// release is closed, as its first synthesis lasts on a busy machine; it
// closes entered when the piece is first asked for. It returns the
// function that restores the real piece. Tests that call it must not run
// in parallel.
func SlowDefaultPiece(entered chan<- struct{}, release <-chan struct{}) (restore func()) {
	real := defaultPiece
	var once sync.Once
	defaultPiece = func() (*audio.Renditions, error) {
		once.Do(func() { close(entered) })
		<-release
		return real()
	}
	return func() { defaultPiece = real }
}
