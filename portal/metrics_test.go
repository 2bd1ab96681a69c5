package portal_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/metrics/metricstest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// An operator's story: a customer fails to log in six times, a mail waits
// in the outbox, an upload is refused; the scrape shows each, read from
// the store, and passes promtool.
func TestInstrumentReportsTheStore(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		m := metrics.New("test")
		s := newService(t, d, portal.WithMetrics(m))
		alice := seedAlice(t, s)
		for range 6 {
			if _, err := login(s, "alice@example.ch", "Wrong-password1"); err == nil {
				t.Fatal("a wrong password logged in")
			}
		}
		if _, err := db.QueueMail(ctx, d, alice.ID, db.OutboxMail{Kind: "test", To: "alice@example.ch", Subject: "s",
			BodyEnc: []byte{1}, MessageID: "<m1@test>"}, s.now.Add(-2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		_, err := s.UploadMusic(ctx, alice, portal.MusicUpload{Kind: portal.MusicHold, Via: "ssh"}, strings.NewReader("not audio at all"))
		if err == nil {
			t.Fatal("a text file was accepted as music")
		}

		rec := httptest.NewRecorder()
		metrics.Handler(m, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		body := rec.Body.String()
		for _, want := range []string{
			`sipdesk_login_failing{scope="account"} 1`,
			`sipdesk_login_locked{scope="account"} 1`, // 6 failures > the threshold of 5
			`sipdesk_login_failing{scope="source"} 1`,
			`sipdesk_login_locked{scope="source"} 0`,
			`sipdesk_outbox_backlog{outbox="mail"} 1`,
			`sipdesk_outbox_oldest_age_seconds{outbox="mail"} 120`,
			`sipdesk_outbox_backlog{outbox="provisioning"} `,
			`sipdesk_music_pending 0`,
			`sipdesk_music_uploads_total{kind="hold",outcome="unsupported"} 1`,
			`sipdesk_hash_workers 2`,
			`sipdesk_hash_refusals_total 0`,
			`sipdesk_store_scrape_success{source="throttle"} 1`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("scrape lacks %s", want)
			}
		}
		if strings.Contains(body, "alice") {
			t.Error("the scrape names the customer")
		}
		metricstest.Promtool(t, body)
	})
}

// BenchmarkScrape is one Prometheus scrape of an instrumented service on
// SQLite: the store queries behind the outbox, music and throttling gauges
// plus the exposition.
func BenchmarkScrape(b *testing.B) {
	m := metrics.New("bench")
	portaltest.New(b, dbtest.SQLite(b), nil, portal.WithMetrics(m))
	h := metrics.Handler(m, nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func TestLoginOutcome(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, metrics.OutcomeSuccess},
		{portal.ErrLoginFailed, metrics.OutcomeFailure},
		{&portal.HintError{Err: portal.ErrLoginFailed, Hint: portal.HintVoIPPassword}, metrics.OutcomeFailure},
		{portal.ErrCodeInvalid, metrics.OutcomeFailure},
		{portal.ErrNotAdminKey, metrics.OutcomeFailure},
		{&portal.LockedError{Permanent: true}, metrics.OutcomeLocked},
		{portal.ErrBusy, metrics.OutcomeBusy},
		{portal.ErrDisabled, metrics.OutcomeDisabled},
		{context.DeadlineExceeded, metrics.OutcomeError},
	} {
		if got := portal.LoginOutcome(c.err); got != c.want {
			t.Errorf("LoginOutcome(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}
