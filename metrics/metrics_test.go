package metrics_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/metrics/metricstest"
)

// serve starts the listener on a free loopback port and returns its base URL.
func serve(t *testing.T, m *metrics.Metrics, r *metrics.Ready) string {
	t.Helper()
	srv, err := metrics.Listen("127.0.0.1:0", metrics.Handler(m, r))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("metrics listener: %v", err)
		}
	})
	return "http://" + srv.Addr().String()
}

func TestScrapeHasEveryMetricAndPassesPromtool(t *testing.T) {
	t.Parallel()
	m := metrics.New("v1.2.3")
	m.ObserveHashPool(func() metrics.PoolStats { return metrics.PoolStats{Workers: 2, Running: 2, Waiting: 5, Refused: 7} })
	m.ObserveStoreErrors(func() uint64 { return 3 })
	m.ObserveOutbox("mail", func(context.Context) (metrics.OutboxStats, error) {
		return metrics.OutboxStats{Backlog: 4, Oldest: 90 * time.Second, Failed: 1}, nil
	})
	m.ObserveOutbox("provisioning", func(context.Context) (metrics.OutboxStats, error) {
		return metrics.OutboxStats{}, errors.New("store down")
	})
	m.ObserveThrottle(func(context.Context) ([]metrics.ThrottleStats, error) {
		return []metrics.ThrottleStats{{Scope: "account", Failing: 3, Locked: 1}, {Scope: "source", Failing: 1}}, nil
	})
	m.ObserveMusicQueue(func(context.Context) (metrics.MusicQueueStats, error) {
		return metrics.MusicQueueStats{Pending: 2, Oldest: time.Second}, nil
	})

	closed := m.SessionOpened(metrics.KindTUI, "CH")
	m.SessionOpened(metrics.KindCommand, "at")
	closed()
	closed() // a second call must not count the session twice
	m.Login(metrics.MethodKeyboard, metrics.OutcomeSuccess, 30*time.Millisecond)
	m.Login(metrics.MethodPassword, metrics.OutcomeLocked, time.Millisecond)
	// A face that passed a user ID or address by mistake must not create a series for it.
	m.SessionOpened("alice@example.ch", "192.0.2.7")
	m.Login("+41441234567", "alice@example.ch", time.Millisecond)
	m.MusicUpload("hold", metrics.UploadAccepted)
	m.MusicUpload("queue", metrics.UploadTooLarge)
	m.MusicActivation("hold", metrics.ActivationActive, 1500*time.Millisecond)
	m.MusicActivation("hold", metrics.ActivationFailed, 0)
	m.MailDelivery(metrics.DeliverySent)
	m.MailDelivery(metrics.DeliveryRetry)
	m.ProvisioningDelivery(metrics.DeliveryFailed)
	m.MusicExportFailure(metrics.ExportClass)
	m.MusicExportFailure(metrics.ExportClass)
	m.MusicExportFailure("sipdesk-7-hold") // a class name passed by mistake

	base := serve(t, m, metrics.NewReady())
	code, body := metricstest.Get(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("/metrics answered %d:\n%s", code, body)
	}
	for _, want := range []string{
		`sipdesk_sessions_open{kind="tui",region="ch"} 0`,
		`sipdesk_sessions_open{kind="command",region="at"} 1`,
		`sipdesk_sessions_total{kind="tui",region="ch"} 1`,
		`sipdesk_sessions_open{kind="other",region="other"} 1`,
		`sipdesk_logins_total{method="keyboard-interactive",outcome="success"} 1`,
		`sipdesk_logins_total{method="password",outcome="locked"} 1`,
		`sipdesk_logins_total{method="other",outcome="other"} 1`,
		`sipdesk_auth_duration_seconds_bucket{method="keyboard-interactive",le="0.05"} 1`,
		`sipdesk_hash_workers 2`, `sipdesk_hash_running 2`, `sipdesk_hash_queue_depth 5`, `sipdesk_hash_refusals_total 7`,
		`sipdesk_store_errors_total 3`,
		`sipdesk_outbox_backlog{outbox="mail"} 4`,
		`sipdesk_outbox_oldest_age_seconds{outbox="mail"} 90`,
		`sipdesk_outbox_failed{outbox="mail"} 1`,
		`sipdesk_store_scrape_success{source="outbox_mail"} 1`,
		`sipdesk_store_scrape_success{source="outbox_provisioning"} 0`,
		`sipdesk_outbox_deliveries_total{outbox="mail",outcome="sent"} 1`,
		`sipdesk_outbox_deliveries_total{outbox="provisioning",outcome="failed"} 1`,
		`sipdesk_login_failing{scope="account"} 3`, `sipdesk_login_locked{scope="account"} 1`,
		`sipdesk_music_pending 2`,
		`sipdesk_music_uploads_total{kind="queue",outcome="too_large"} 1`,
		`sipdesk_music_activations_total{outcome="active"} 1`,
		`sipdesk_music_activation_duration_seconds_count{kind="hold"} 1`,
		`sipdesk_music_export_failures_total{scope="class"} 2`,
		`sipdesk_music_export_failures_total{scope="other"} 1`,
		`sipdesk_build_info{goversion="`, `version="v1.2.3"} 1`,
		`go_goroutines `, `process_resident_memory_bytes `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, leak := range []string{"alice", "192.0.2.7", "+41441234567", "sipdesk-7-hold"} {
		if strings.Contains(body, leak) {
			t.Errorf("/metrics shows %q as a label value", leak)
		}
	}
	if strings.Contains(body, `sipdesk_outbox_backlog{outbox="provisioning"}`) {
		t.Error("a failed store query still produced its series")
	}
	metricstest.Promtool(t, body)
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var storeErr error
	setStoreErr := func(err error) { mu.Lock(); storeErr = err; mu.Unlock() }
	r := metrics.NewReady(metrics.Check{Name: "store", Run: func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		return storeErr
	}})
	r.ExpectWorkers("mail")
	base := serve(t, nil, r)

	if code, body := metricstest.Get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}
	code, body := metricstest.Get(t, base+"/readyz")
	if code != 503 || !strings.Contains(body, "fail worker mail: not running") {
		t.Fatalf("/readyz before the mail worker runs: %d\n%s", code, body)
	}
	stopped := r.WorkerStarted("mail")
	if code, body := metricstest.Get(t, base+"/readyz"); code != 200 || !strings.Contains(body, "ok   store") {
		t.Fatalf("/readyz with everything up: %d\n%s", code, body)
	}
	setStoreErr(errors.New("connect: refused\x1b[31m"))
	code, body = metricstest.Get(t, base+"/readyz")
	if code != 503 || !strings.Contains(body, "fail store: connect: refused") || strings.Contains(body, "\x1b") {
		t.Fatalf("/readyz with the store down: %d %q", code, body)
	}
	setStoreErr(nil)
	// A check added later whose problem is advisory is shown as a
	// warning; readiness stays.
	var regErr error
	r.AddCheck(metrics.Check{Name: "registrar", Run: func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		return regErr
	}})
	mu.Lock()
	regErr = metrics.Advisory(errors.New("database does not answer"))
	mu.Unlock()
	if code, body := metricstest.Get(t, base+"/readyz"); code != 200 || !strings.Contains(body, "warn registrar: database does not answer\n") {
		t.Fatalf("/readyz with an advisory problem: %d\n%s", code, body)
	}
	mu.Lock()
	regErr = errors.New("bound to another store")
	mu.Unlock()
	if code, body := metricstest.Get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "fail registrar: bound to another store") {
		t.Fatalf("/readyz with a failing added check: %d\n%s", code, body)
	}
	mu.Lock()
	regErr = nil
	mu.Unlock()
	stopped()
	if code, _ := metricstest.Get(t, base+"/readyz"); code != 503 {
		t.Fatalf("/readyz after the worker stopped: %d", code)
	}
	r.WorkerStarted("mail")
	r.Drain()
	code, body = metricstest.Get(t, base+"/readyz")
	if code != 503 || !strings.Contains(body, "fail draining") {
		t.Fatalf("/readyz while draining: %d\n%s", code, body)
	}
	if code, _ := metricstest.Get(t, base+"/healthz"); code != 200 {
		t.Fatalf("/healthz while draining: %d (the process still serves)", code)
	}
}

// A store whose driver cannot cancel a query (lib/pq on a stuck
// connection) must not hold the scrape or /readyz: the scrape comes back
// with sipdesk_store_scrape_success 0 and the process's own series, and
// /readyz answers 503 naming the store. The stuck reads here ignore their
// context and return only when the test ends.
func TestAStuckStoreHoldsNeitherTheScrapeNorReadiness(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	m := metrics.New("test")
	m.ObserveOutbox("mail", func(context.Context) (metrics.OutboxStats, error) {
		<-release
		return metrics.OutboxStats{}, nil
	})
	r := metrics.NewReady(metrics.Check{Name: "store", Run: func(context.Context) error {
		<-release
		return nil
	}})
	base := serve(t, m, r)
	code, body := metricstest.Get(t, base+"/metrics")
	if code != 200 || !strings.Contains(body, `sipdesk_store_scrape_success{source="outbox_mail"} 0`) ||
		!strings.Contains(body, "go_goroutines") {
		t.Fatalf("scrape with a stuck store: %d\n%s", code, body)
	}
	if strings.Contains(body, "sipdesk_outbox_backlog") {
		t.Fatalf("a series of the stuck read was reported:\n%s", body)
	}
	code, body = metricstest.Get(t, base+"/readyz")
	if code != 503 || !strings.Contains(body, "store") {
		t.Fatalf("readyz with a stuck store: %d\n%s", code, body)
	}
}
