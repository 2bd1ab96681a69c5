package metrics

import (
	"context"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ScrapeTimeout bounds the store queries one scrape makes: a slow store
// gives a scrape without those series (and sipdesk_store_scrape_success 0)
// instead of a scrape that hangs.
const ScrapeTimeout = 2 * time.Second

// PoolStats is the state of the password-hashing pool.
type PoolStats struct {
	Workers int    // hashes that may run at once
	Running int    // hashes running now
	Waiting int    // callers holding a queue place, not hashing yet (their throttling check, or the wait for a worker)
	Refused uint64 // callers refused because the queue was full, since start
}

// OutboxStats is the state of one transactional outbox (mail, provisioning).
type OutboxStats struct {
	Backlog int           // rows waiting to be delivered
	Oldest  time.Duration // age of the oldest waiting row; 0 when none
	Failed  int           // rows given up on (customer care sees them)
}

// ThrottleStats counts login throttling records of one scope (account or
// source).
type ThrottleStats struct {
	Scope   string
	Failing int // subjects with consecutive failed logins counted
	Locked  int // subjects locked now (for a while or until customer care unlocks)
}

// MusicQueueStats is the state of the music activation queue.
type MusicQueueStats struct {
	Pending int           // uploads waiting for conversion
	Oldest  time.Duration // age of the oldest one; 0 when none
}

// ObserveHashPool reads the hashing pool on every scrape.
func (m *Metrics) ObserveHashPool(read func() PoolStats) {
	if m == nil {
		return
	}
	d := []*prometheus.Desc{
		prometheus.NewDesc("sipdesk_hash_workers", "Password hashes that may run at once.", nil, nil),
		prometheus.NewDesc("sipdesk_hash_running", "Password hashes running now.", nil, nil),
		prometheus.NewDesc("sipdesk_hash_queue_depth", "Logins holding a place in the hashing queue and not hashing yet (their throttling check, or the wait for a worker).", nil, nil),
		prometheus.NewDesc("sipdesk_hash_refusals_total", "Logins refused because the hashing queue was full.", nil, nil),
	}
	m.reg.MustRegister(&funcCollector{descs: d, collect: func(ch chan<- prometheus.Metric) {
		s := read()
		ch <- prometheus.MustNewConstMetric(d[0], prometheus.GaugeValue, float64(s.Workers))
		ch <- prometheus.MustNewConstMetric(d[1], prometheus.GaugeValue, float64(s.Running))
		ch <- prometheus.MustNewConstMetric(d[2], prometheus.GaugeValue, float64(s.Waiting))
		ch <- prometheus.MustNewConstMetric(d[3], prometheus.CounterValue, float64(s.Refused))
	}})
}

// ObserveStoreErrors reads the count of failed store queries on every scrape.
func (m *Metrics) ObserveStoreErrors(count func() uint64) {
	if m == nil {
		return
	}
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "sipdesk_store_errors_total",
		Help: "Store queries that failed (not counting no rows, duplicates and cancelled requests).",
	}, func() float64 { return float64(count()) }))
}

// ObserveOutbox queries outbox name (mail, provisioning) on every scrape.
func (m *Metrics) ObserveOutbox(name string, read func(context.Context) (OutboxStats, error)) {
	if m == nil {
		return
	}
	l := prometheus.Labels{"outbox": name}
	d := []*prometheus.Desc{
		prometheus.NewDesc("sipdesk_outbox_backlog", "Outbox rows waiting to be delivered.", nil, l),
		prometheus.NewDesc("sipdesk_outbox_oldest_age_seconds", "Age of the oldest waiting outbox row (0 when none).", nil, l),
		prometheus.NewDesc("sipdesk_outbox_failed", "Outbox rows given up on.", nil, l),
	}
	m.reg.MustRegister(m.storeCollector("outbox_"+name, d, func(ctx context.Context, ch chan<- prometheus.Metric) error {
		s, err := read(ctx)
		if err != nil {
			return err
		}
		ch <- prometheus.MustNewConstMetric(d[0], prometheus.GaugeValue, float64(s.Backlog))
		ch <- prometheus.MustNewConstMetric(d[1], prometheus.GaugeValue, s.Oldest.Seconds())
		ch <- prometheus.MustNewConstMetric(d[2], prometheus.GaugeValue, float64(s.Failed))
		return nil
	}))
}

// ObserveThrottle queries the login throttling records on every scrape.
func (m *Metrics) ObserveThrottle(read func(context.Context) ([]ThrottleStats, error)) {
	if m == nil {
		return
	}
	d := []*prometheus.Desc{
		prometheus.NewDesc("sipdesk_login_failing", "User IDs (scope account) or sources with consecutive failed logins.", []string{"scope"}, nil),
		prometheus.NewDesc("sipdesk_login_locked", "User IDs (scope account) or sources locked now by throttling.", []string{"scope"}, nil),
	}
	m.reg.MustRegister(m.storeCollector("throttle", d, func(ctx context.Context, ch chan<- prometheus.Metric) error {
		stats, err := read(ctx)
		if err != nil {
			return err
		}
		for _, s := range stats {
			ch <- prometheus.MustNewConstMetric(d[0], prometheus.GaugeValue, float64(s.Failing), s.Scope)
			ch <- prometheus.MustNewConstMetric(d[1], prometheus.GaugeValue, float64(s.Locked), s.Scope)
		}
		return nil
	}))
}

// ObserveMusicQueue queries the music activation queue on every scrape.
func (m *Metrics) ObserveMusicQueue(read func(context.Context) (MusicQueueStats, error)) {
	if m == nil {
		return
	}
	d := []*prometheus.Desc{
		prometheus.NewDesc("sipdesk_music_pending", "Music uploads waiting for conversion.", nil, nil),
		prometheus.NewDesc("sipdesk_music_oldest_pending_age_seconds", "Age of the oldest waiting music upload (0 when none).", nil, nil),
	}
	m.reg.MustRegister(m.storeCollector("music", d, func(ctx context.Context, ch chan<- prometheus.Metric) error {
		s, err := read(ctx)
		if err != nil {
			return err
		}
		ch <- prometheus.MustNewConstMetric(d[0], prometheus.GaugeValue, float64(s.Pending))
		ch <- prometheus.MustNewConstMetric(d[1], prometheus.GaugeValue, s.Oldest.Seconds())
		return nil
	}))
}

// storeCollector runs query with ScrapeTimeout on each scrape and reports
// whether it answered; on failure its series are left out for that scrape.
func (m *Metrics) storeCollector(source string, descs []*prometheus.Desc,
	query func(context.Context, chan<- prometheus.Metric) error) prometheus.Collector {
	success := prometheus.NewDesc("sipdesk_store_scrape_success",
		"Whether the store query behind a group of metrics answered within the scrape timeout (1) or not (0).",
		nil, prometheus.Labels{"source": source})
	return &funcCollector{descs: append(descs, success), collect: func(ch chan<- prometheus.Metric) {
		ctx, cancel := context.WithTimeout(context.Background(), ScrapeTimeout)
		defer cancel()
		// The query writes into a buffer of its own, forwarded only when
		// it answered in time: a driver that cannot cancel a query on a
		// stuck connection (lib/pq's cancel needs a new connection, which
		// stalls too) would otherwise hold the whole scrape past
		// Prometheus's timeout, and the alert on this very gauge could
		// never fire. An abandoned query ends at the store's I/O timeout.
		buf := make(chan prometheus.Metric, 1024)
		err := withinDeadline(ctx, func(ctx context.Context) error {
			defer close(buf)
			return query(ctx, buf)
		})
		ok := 1.0
		if err != nil {
			ok = 0
		} else {
			for m := range buf {
				ch <- m
			}
		}
		ch <- prometheus.MustNewConstMetric(success, prometheus.GaugeValue, ok)
	}}
}

// withinDeadline runs fn and returns its error, or ctx's once ctx ends
// first; fn then runs on unobserved until it returns by itself.
func withinDeadline(ctx context.Context, fn func(context.Context) error) error {
	done := make(chan error, 1)
	go func() { done <- fn(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// funcCollector is a collector whose values are read at scrape time.
type funcCollector struct {
	descs   []*prometheus.Desc
	collect func(chan<- prometheus.Metric)
}

func (c *funcCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c *funcCollector) Collect(ch chan<- prometheus.Metric) { c.collect(ch) }

// newBuildInfo is sipdesk_build_info: the version given at build time,
// the VCS revision the Go toolchain stamped, and the Go version.
func newBuildInfo(version string) prometheus.Collector {
	revision := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
		if version == "" {
			version = bi.Main.Version
		}
	}
	if version == "" {
		version = "unknown"
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "sipdesk_build_info", Help: "Always 1; the labels name the running build.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": runtime.Version()},
	})
	g.Set(1)
	return g
}
