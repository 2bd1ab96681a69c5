package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/metrics/metricstest"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
)

// What serve will run with --metrics-listen and --moh-dir, on a real
// store: /readyz waits for every worker (the music export's too) and says
// "draining" after Drain; /metrics passes promtool.
func TestOpsListenerOnARealStore(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	p := startPortal(t, dataDir)
	p.stop(t)
	store, _ := openStore(t, dataDir)
	platformOpts := platform.Options{MusicDir: filepath.Join(dataDir, "moh")}
	m, ready := newOps(store, platformOpts)
	svc := openService(t, dataDir, portal.WithMetrics(m), portal.WithWorkerRunning(ready.WorkerStarted))

	ctx, cancel := context.WithCancel(context.Background())
	addr, wait, err := startMetrics(ctx, "127.0.0.1:0", m, ready, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); wait() }()
	if off, _, err := startMetrics(ctx, "", m, ready, nil); err != nil || off != nil {
		t.Fatalf("an empty address must leave the listener off: %v %v", off, err)
	}
	base := "http://" + addr.String()

	code, body := metricstest.Get(t, base+"/readyz")
	if code != 503 || !strings.Contains(body, "fail worker mail: not running") || !strings.Contains(body, "ok   schema") ||
		!strings.Contains(body, "fail worker music-export: not running") {
		t.Fatalf("/readyz before the workers run: %d\n%s", code, body)
	}
	defer ready.WorkerStarted(workerMail)()
	// The real music worker and the platform's music export report
	// themselves through the service.
	wctx, stopWorker := context.WithCancel(context.Background())
	workerDone := make(chan struct{})
	go func() {
		defer close(workerDone)
		portal.NewMusicWorker(svc, portal.DefaultMusicWorkerOptions()).Run(wctx)
	}()
	waitPlatform, err := platform.Start(wctx, svc, platformOpts, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { stopWorker(); <-workerDone; waitPlatform() }()
	waitShowing(t, 10*time.Second, "/readyz answers 200 with both music workers up", func() bool {
		code, body = metricstest.Get(t, base+"/readyz")
		return code == 200 && strings.Contains(body, "ok   worker music\n") && strings.Contains(body, "ok   worker music-export")
	}, func() string { return fmt.Sprintf("%d\n%s", code, body) })

	code, body = metricstest.Get(t, base+"/metrics")
	if code != 200 || !strings.Contains(body, `sipdesk_store_scrape_success{source="outbox_mail"} 1`) {
		t.Fatalf("/metrics: %d\n%s", code, body)
	}
	metricstest.Promtool(t, body)

	ready.Drain()
	if code, body := metricstest.Get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "fail draining") {
		t.Fatalf("/readyz while draining: %d\n%s", code, body)
	}
	if code, _ := metricstest.Get(t, base+"/healthz"); code != 200 {
		t.Fatal("/healthz must answer while draining")
	}
}
