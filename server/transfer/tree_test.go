package transfer

import (
	"context"
	"testing"
)

// scp learns that its target music/hold is a directory from a stat; the
// tree's fixed directories answer it without the store (this tree has
// none: a store call would panic), so a slow or failing store cannot turn
// the upload into one to "music/hold" without a file name.
func TestFixedDirectoriesStatWithoutTheStore(t *testing.T) {
	t.Parallel()
	tree := &musicTree{}
	for _, p := range []string{"/", "music", "/music", "music/hold", "~/music/queue/"} {
		e, err := tree.stat(context.Background(), p)
		if err != nil || !e.dir {
			t.Errorf("stat %q: %+v, %v; want a directory", p, e, err)
		}
	}
}
