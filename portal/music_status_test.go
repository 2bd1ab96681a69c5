package portal_test

import (
	"context"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// The first synthesis of the default piece is CPU work that took longer
// than the store timeout on a loaded CI machine; a music listing whose
// store deadline ran out during it failed with "context deadline
// exceeded". The store reads come first, so a deadline that ends while
// the piece is being made costs nothing.
func TestMusicStatusSpendsNoStoreDeadlineOnTheDefaultPiece(t *testing.T) {
	// Not parallel: it replaces the process's default piece for a moment.
	s := newService(t, dbtest.SQLite(t))
	acct := seedAlice(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	entered, release := make(chan struct{}), make(chan struct{})
	defer portal.SlowDefaultPiece(entered, release)()
	done := make(chan error)
	var slots []portal.MusicSlot
	go func() {
		var err error
		slots, err = s.MusicStatus(ctx, acct.ID)
		done <- err
	}()
	// The piece is being made; meanwhile the caller's deadline runs out.
	<-entered
	cancel()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("music status whose deadline passed while the default piece was made: %v", err)
	}
	if len(slots) != len(portal.MusicKinds) || !slots[0].Playing.Default() {
		t.Fatalf("slots %+v", slots)
	}
}
