package main

import (
	"context"
	"errors"
	"log/slog"
	"net"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/platform"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// buildVersion names the build in sipdesk_build_info; set it with
// -ldflags "-X main.buildVersion=v1.2.3". Empty: the module version.
var buildVersion string

// Background workers whose running /readyz requires.
const (
	workerMail  = "mail"
	workerMusic = portal.MusicWorkerName
)

// newOps makes a serving process's metrics and readiness, before the
// service, which gets both at construction (portal.WithMetrics,
// portal.WithWorkerRunning). /readyz wants the store to answer with a
// current schema and every background worker running: the mail worker
// (serve's goroutine calls ready.WorkerStarted(workerMail) itself), the
// music worker and, when configured, the platform's (platform.Workers),
// which report through the service.
func newOps(store *db.DB, platformOpts platform.Options) (*metrics.Metrics, *metrics.Ready) {
	m := metrics.New(buildVersion)
	ready := metrics.NewReady(
		metrics.Check{Name: "store", Run: store.PingContext},
		metrics.Check{Name: "schema", Run: store.CheckSchemaCurrent},
	)
	ready.ExpectWorkers(workerMail, workerMusic)
	ready.ExpectWorkers(platform.Workers(platformOpts)...)
	return m, ready
}

// startMetrics serves /metrics, /healthz and /readyz on addr until ctx
// ends; an empty addr (the default) leaves it off (bound is then nil).
// wait returns when the listener has stopped. Start it before the SSH listeners and cancel its
// ctx after them, so /readyz answers "draining" while sessions end.
func startMetrics(ctx context.Context, addr string, m *metrics.Metrics, ready *metrics.Ready, log *slog.Logger) (bound net.Addr, wait func(), err error) {
	if addr == "" {
		return nil, func() {}, nil
	}
	srv, err := metrics.Listen(addr, metrics.Handler(m, ready))
	if err != nil {
		return nil, nil, err
	}
	log.Info("metrics and health listening", "addr", srv.Addr().String(), "paths", "/metrics /healthz /readyz")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Run(ctx); err != nil {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	return srv.Addr(), func() { <-done }, nil
}

// registrarCheck is /readyz's line for the registrar database, added once
// the platform has started its provisioning worker. A registrar database
// bound to another store fails readiness: this replica's store is not the
// one the others serve (a wrong --database-url), and customers must not
// reach it. Any other problem is a warning, not a failure: a database
// that does not answer (yet), is bound to no store or lacks sipdesk's
// table is the same for every replica, so failing readiness would take
// the whole portal out of the load balancer for what only provisioning
// and the registration status need; changes wait in the queue meanwhile.
func registrarCheck(w *provision.Worker) metrics.Check {
	return metrics.Check{Name: "registrar", Run: func(context.Context) error {
		err := w.Problem()
		var other *kamailio.OtherStoreError
		if errors.As(err, &other) {
			return err
		}
		return metrics.Advisory(err)
	}}
}
