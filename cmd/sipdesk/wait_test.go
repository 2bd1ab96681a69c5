package main

import (
	"testing"
	"time"
)

// waitShowing polls cond every 20 ms until it holds; after d the test
// fails naming what it waited for and, when seen is not nil, the state
// last seen (a mail count, a registration, a screen), which seen returns
// once, at the deadline.
func waitShowing(t *testing.T, d time.Duration, what string, cond func() bool, seen func() string) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			if seen == nil {
				t.Fatalf("waited %s in vain: %s", d, what)
			}
			t.Fatalf("waited %s in vain: %s; last seen:\n%s", d, what, seen())
		}
	}
}
