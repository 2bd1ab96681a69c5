package server

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/hostkeys"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// A SIGTERM right after the start (the context is cancelled before Serve
// runs) must still end Serve: the ssh library closes only the listeners
// its Serve goroutines have registered, so without closing our own an
// Accept that started after Shutdown would block forever. Each round
// serves with a context that is done already.
func TestServeEndsWhenStoppedBeforeItsListenersAreTracked(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	signer, _, err := hostkeys.LoadOrGenerate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	for round := range 20 {
		cfg := defaultConfig(t)
		bound, err := Listen(cfg)
		if err != nil {
			t.Fatal(err)
		}
		pcfg := portal.DefaultConfig()
		pcfg.Portals = bound.Portals()
		sessions := NewRegistry()
		svc := portaltest.NewWithConfig(t, d, pcfg, log, portal.WithSessionEnder(sessions))
		srv, err := New(cfg, svc, bound, sessions, signer, log)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		done := make(chan struct{})
		go func() { _ = srv.Serve(ctx); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("round %d: Serve did not return after a stop that came before its listeners were tracked", round)
		}
	}
}
