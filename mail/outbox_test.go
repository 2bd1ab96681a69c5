package mail

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeOutbox is an in-memory Outbox following the documented contract
// (Claim increments Attempts and leases the row). Storage, not SMTP, is
// what is faked here; mail goes through a real SMTPSender and server.
type fakeOutbox struct {
	mu     sync.Mutex
	rows   []*fakeRow
	lease  time.Duration
	claims int
	failOn string // "sent": MarkSent returns an error
}

type fakeRow struct {
	Queued
	status  string // queued, sent, failed
	next    time.Time
	lastErr string
	worker  string
	sentAt  time.Time
}

func newFakeOutbox() *fakeOutbox { return &fakeOutbox{lease: 10 * time.Minute} }

func (o *fakeOutbox) add(to, subject, body string, due time.Time) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := int64(len(o.rows) + 1)
	o.rows = append(o.rows, &fakeRow{
		Queued: Queued{ID: id, To: to, Subject: subject, Body: body, MessageID: NewMessageID("portal.test")},
		status: "queued", next: due,
	})
	return id
}

func (o *fakeOutbox) row(id int64) fakeRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.rows[id-1]
}

func (o *fakeOutbox) claimCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.claims
}

func (o *fakeOutbox) Claim(ctx context.Context, worker string, now time.Time, n int) ([]Queued, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.claims++
	var out []Queued
	for _, r := range o.rows {
		if len(out) == n {
			break
		}
		if r.status == "queued" && !r.next.After(now) {
			r.Attempts++
			r.next = now.Add(o.lease)
			r.worker = worker
			out = append(out, r.Queued)
		}
	}
	return out, nil
}

func (o *fakeOutbox) update(ctx context.Context, id int64, f func(r *fakeRow)) error {
	if err := ctx.Err(); err != nil {
		return err // the worker must record outcomes with a live context
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if id < 1 || int(id) > len(o.rows) {
		return errors.New("no such row")
	}
	f(o.rows[id-1])
	return nil
}

func (o *fakeOutbox) MarkSent(ctx context.Context, id int64, now time.Time) error {
	if o.failOn == "sent" {
		return errors.New("database is locked")
	}
	return o.update(ctx, id, func(r *fakeRow) { r.status, r.sentAt = "sent", now })
}

func (o *fakeOutbox) MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	return o.update(ctx, id, func(r *fakeRow) { r.status, r.next, r.lastErr = "queued", next, lastErr })
}

func (o *fakeOutbox) MarkFailed(ctx context.Context, id int64, lastErr string) error {
	return o.update(ctx, id, func(r *fakeRow) { r.status, r.lastErr = "failed", lastErr })
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testWorker wires a worker to a fake outbox, a fixed clock, linear
// back-off (attempt n waits n minutes) and a log buffer.
func testWorker(t *testing.T, s Sender) (*Worker, *fakeOutbox, *fakeClock, *bytes.Buffer) {
	t.Helper()
	ob := newFakeOutbox()
	clock := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	var logs bytes.Buffer
	w := &Worker{
		Outbox:  ob,
		Sender:  s,
		Name:    "test-worker",
		Backoff: func(n int) time.Duration { return time.Duration(n) * time.Minute },
		Logger:  slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil)),
		Now:     clock.Now,
	}
	return w, ob, clock, &logs
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

const secretBody = "open ssh://reset+SECRETTOKEN@portal.test:2222\n"

func TestWorkerDelivers(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	w, ob, clock, logs := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone}))
	for _, to := range []string{"a@x.test", "b@x.test", "c@x.test"} {
		ob.add(to, "Reset", secretBody, clock.Now())
	}
	ob.add("later@x.test", "Later", "later\n", clock.Now().Add(time.Hour)) // not yet due

	sent, failed, err := w.RunOnce(context.Background())
	if err != nil || sent != 3 || failed != 0 {
		t.Fatalf("RunOnce = %d, %d, %v; want 3, 0, nil", sent, failed, err)
	}
	msgs := be.messages()
	if len(msgs) != 3 {
		t.Fatalf("server got %d messages", len(msgs))
	}
	for i := int64(1); i <= 3; i++ {
		r := ob.row(i)
		if r.status != "sent" || r.Attempts != 1 || r.worker != "test-worker" || !r.sentAt.Equal(clock.Now()) {
			t.Errorf("row %d = %+v", i, r)
		}
		p := parseMail(t, msgs[i-1].Data)
		if p.Header.Get("Message-Id") != "<"+r.MessageID+">" {
			t.Errorf("Message-ID %q, want the row's %q", p.Header.Get("Message-Id"), r.MessageID)
		}
		if p.Body != secretBody {
			t.Errorf("body %q", p.Body)
		}
	}
	if r := ob.row(4); r.status != "queued" || r.Attempts != 0 {
		t.Errorf("future row touched: %+v", r)
	}
	assertLogClean(t, logs.String())
	if !strings.Contains(logs.String(), "outcome=sent") {
		t.Errorf("no sent log line:\n%s", logs)
	}
}

func TestWorkerTemporaryFailureRetried(t *testing.T) {
	t.Parallel()
	be := &testBackend{dataErr: errTemp, dataFail: 1} // first DATA gets 451
	w, ob, clock, logs := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone}))
	seen := &outcomes{}
	w.Observer = seen
	id := ob.add("a@x.test", "Reset", secretBody, clock.Now())

	sent, failed, err := w.RunOnce(context.Background())
	if err != nil || sent != 0 || failed != 0 {
		t.Fatalf("first RunOnce = %d, %d, %v; want 0, 0, nil", sent, failed, err)
	}
	r := ob.row(id)
	if r.status != "queued" || r.Attempts != 1 || !r.next.Equal(clock.Now().Add(time.Minute)) || !strings.Contains(r.lastErr, "451") {
		t.Fatalf("after 451: %+v", r)
	}

	// Not due yet: nothing happens.
	if sent, _, _ := w.RunOnce(context.Background()); sent != 0 {
		t.Fatal("retried before back-off elapsed")
	}

	clock.Advance(time.Minute)
	sent, failed, err = w.RunOnce(context.Background())
	if err != nil || sent != 1 || failed != 0 {
		t.Fatalf("second RunOnce = %d, %d, %v; want 1, 0, nil", sent, failed, err)
	}
	if r := ob.row(id); r.status != "sent" || r.Attempts != 2 {
		t.Fatalf("after retry: %+v", r)
	}
	if n := len(be.messages()); n != 1 {
		t.Fatalf("delivered %d times, want once", n)
	}
	if got := strings.Join(seen.list, ","); got != "retry,sent" {
		t.Errorf("the observer saw %q, want retry,sent", got)
	}
	assertLogClean(t, logs.String())
	if !strings.Contains(logs.String(), "outcome=retry") {
		t.Errorf("no retry log line:\n%s", logs)
	}
}

func TestWorkerPermanentFailure(t *testing.T) {
	t.Parallel()
	be := &testBackend{rcptErr: errPerm}
	w, ob, clock, logs := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone}))
	id := ob.add("nobody@x.test", "Reset", secretBody, clock.Now())

	sent, failed, err := w.RunOnce(context.Background())
	if err != nil || sent != 0 || failed != 1 {
		t.Fatalf("RunOnce = %d, %d, %v; want 0, 1, nil", sent, failed, err)
	}
	if r := ob.row(id); r.status != "failed" || r.Attempts != 1 || !strings.Contains(r.lastErr, "550") {
		t.Fatalf("row = %+v", r)
	}
	assertLogClean(t, logs.String())
	if !strings.Contains(logs.String(), "outcome=failed") || !strings.Contains(logs.String(), "permanent=true") {
		t.Errorf("no permanent-failure log line:\n%s", logs)
	}
}

func TestWorkerRelayDown(t *testing.T) {
	t.Parallel()
	w, ob, clock, _ := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: closedPort(t), Security: SecurityNone}))
	id := ob.add("a@x.test", "Reset", secretBody, clock.Now())

	for attempt := 1; attempt <= 3; attempt++ {
		sent, failed, err := w.RunOnce(context.Background())
		if err != nil || sent != 0 || failed != 0 {
			t.Fatalf("attempt %d: RunOnce = %d, %d, %v", attempt, sent, failed, err)
		}
		r := ob.row(id)
		wantNext := clock.Now().Add(time.Duration(attempt) * time.Minute)
		if r.status != "queued" || r.Attempts != attempt || !r.next.Equal(wantNext) || !strings.Contains(r.lastErr, "refused") {
			t.Fatalf("attempt %d: row = %+v", attempt, r)
		}
		clock.Advance(time.Duration(attempt) * time.Minute)
	}
}

func TestWorkerMaxAttempts(t *testing.T) {
	t.Parallel()
	w, ob, clock, _ := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: closedPort(t), Security: SecurityNone}))
	w.MaxAttempts = 3
	id := ob.add("a@x.test", "Reset", secretBody, clock.Now())

	var totalFailed int
	for range 10 {
		_, failed, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		totalFailed += failed
		clock.Advance(time.Hour)
	}
	if r := ob.row(id); r.status != "failed" || r.Attempts != 3 || totalFailed != 1 {
		t.Fatalf("row = %+v, failed count %d; want failed after exactly 3 attempts", r, totalFailed)
	}
}

func TestWorkerRunWakeAndStop(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	w, ob, clock, _ := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone}))
	w.Poll = time.Hour // only Wake can make it deliver in time

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	waitFor(t, "first poll", func() bool { return ob.claimCount() >= 1 })
	ob.add("a@x.test", "Welcome", secretBody, clock.Now())
	w.Wake()
	waitFor(t, "delivery after Wake", func() bool { return len(be.messages()) == 1 })
	waitFor(t, "row marked sent", func() bool { return ob.row(1).status == "sent" })

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v on cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop after cancel")
	}
}

func TestWorkerRunDrainsFullBatches(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	w, ob, clock, _ := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone}))
	w.Poll, w.Batch = time.Hour, 2
	for range 5 {
		ob.add("a@x.test", "Hi", "hi\n", clock.Now())
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitFor(t, "all 5 delivered without waiting for Poll", func() bool { return len(be.messages()) == 5 })
	cancel()
	<-done
}

// cancellingSender cancels the worker's context after its first send, to
// test shutdown in the middle of a batch. It delegates to a real sender.
type cancellingSender struct {
	Sender
	cancel context.CancelFunc
	once   sync.Once
}

func (c *cancellingSender) Send(ctx context.Context, m Message) error {
	err := c.Sender.Send(ctx, m)
	c.once.Do(c.cancel)
	return err
}

func TestWorkerShutdownMidBatch(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cs := &cancellingSender{Sender: mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone}), cancel: cancel}
	w, ob, clock, _ := testWorker(t, cs)
	for range 3 {
		ob.add("a@x.test", "Hi", "hi\n", clock.Now())
	}
	sent, _, err := w.RunOnce(ctx)
	if err != nil || sent != 1 {
		t.Fatalf("RunOnce = %d, %v; want 1 sent, no error", sent, err)
	}
	if r := ob.row(1); r.status != "sent" {
		t.Errorf("the mail sent before shutdown must be recorded as sent even though ctx is cancelled: %+v", r)
	}
	for id := int64(2); id <= 3; id++ {
		if r := ob.row(id); r.status != "queued" || !r.next.Equal(clock.Now()) {
			t.Errorf("row %d not released for prompt pickup: %+v", id, r)
		}
	}
}

func TestWorkerReportsStorageErrors(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	w, ob, clock, _ := testWorker(t, mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone}))
	ob.failOn = "sent"
	ob.add("a@x.test", "Hi", "hi\n", clock.Now())
	sent, _, err := w.RunOnce(context.Background())
	if err == nil || sent != 1 {
		t.Fatalf("RunOnce = %d, %v; want 1 sent and a storage error", sent, err)
	}

	if _, _, err := (&Worker{}).RunOnce(context.Background()); err == nil {
		t.Fatal("worker without Outbox/Sender ran")
	}
	if err := (&Worker{}).Run(context.Background()); err == nil {
		t.Fatal("worker without Outbox/Sender ran")
	}
}

func TestWorkerDirSenderLogsPath(t *testing.T) {
	t.Parallel()
	ds, err := NewDirSender(t.TempDir(), "noreply@portal.test")
	if err != nil {
		t.Fatal(err)
	}
	w, ob, clock, logs := testWorker(t, ds)
	ob.add("a@x.test", "Reset", secretBody, clock.Now())
	if sent, _, err := w.RunOnce(context.Background()); err != nil || sent != 1 {
		t.Fatalf("RunOnce = %d, %v", sent, err)
	}
	if !strings.Contains(logs.String(), "path=") || !strings.Contains(logs.String(), ".eml") {
		t.Errorf("log lacks the file path:\n%s", logs)
	}
	assertLogClean(t, logs.String())
}

func TestDefaultBackoff(t *testing.T) {
	t.Parallel()
	for attempt := -1; attempt <= 40; attempt++ {
		base := time.Hour
		if n := max(attempt, 1); n <= 8 {
			base = min(30*time.Second<<(n-1), time.Hour)
		}
		for range 50 {
			d := DefaultBackoff(attempt)
			if d > base || d < base*3/4 {
				t.Fatalf("DefaultBackoff(%d) = %v, want in [%v, %v]", attempt, d, base*3/4, base)
			}
		}
	}
	// Jitter actually varies.
	seen := map[time.Duration]bool{}
	for range 20 {
		seen[DefaultBackoff(5)] = true
	}
	if len(seen) < 2 {
		t.Error("DefaultBackoff has no jitter")
	}
}

func TestWakeNeverBlocks(t *testing.T) {
	t.Parallel()
	w := &Worker{}
	for range 5 {
		w.Wake() // no Run: must not block
	}
}

// assertLogClean checks that logs never contain a body, subject or token.
func assertLogClean(t *testing.T, logs string) {
	t.Helper()
	for _, secret := range []string{"SECRETTOKEN", "ssh://", "Reset"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains %q:\n%s", secret, logs)
		}
	}
	for line := range strings.SplitSeq(strings.TrimSpace(logs), "\n") {
		if line == "" {
			continue
		}
		for _, key := range []string{"id=", "attempt=", "outcome="} {
			if !strings.Contains(line, key) {
				t.Errorf("log line lacks %s: %s", key, line)
			}
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// outcomes records what a Worker tells its DeliveryObserver.
type outcomes struct{ list []string }

func (o *outcomes) MailDelivery(outcome string) { o.list = append(o.list, outcome) }
