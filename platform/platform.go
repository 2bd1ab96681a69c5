// Package platform starts, in a serving replica, the integrations that
// carry what customers do in the portal to the voice platform: the
// provisioning worker that keeps the SIP registrar's (Kamailio's)
// subscriber table equal to the SIP credentials, live registration status
// from its location table, and the export of hold and queue music to the
// PBX. Each is optional; without its setting the portal runs as before and
// says so in the log.
package platform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/moh"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// Names of the platform's workers for readiness: they report through the
// service's WorkerRunning (portal.WithWorkerRunning).
const (
	WorkerProvisioning = "provisioning" // applies provisioning events to the registrar
	WorkerMusicExport  = "music-export" // writes hold and queue music for the PBX
)

// Workers names the workers Start runs for opt, which readiness must
// expect.
func Workers(opt Options) []string {
	var out []string
	if opt.KamailioDatabaseURL != "" {
		out = append(out, WorkerProvisioning)
	}
	if opt.MusicDir != "" {
		out = append(out, WorkerMusicExport)
	}
	return out
}

// running reports worker name as started to svc's WorkerRunning, if any;
// call the returned function when it stops.
func running(svc *portal.Service, name string) (stopped func()) {
	if svc.WorkerRunning == nil {
		return func() {}
	}
	return svc.WorkerRunning(name)
}

// Options are the settings (flags of `sipdesk serve`).
type Options struct {
	// KamailioDatabaseURL is Kamailio's Postgres (--kamailio-database-url).
	KamailioDatabaseURL string
	// KamailioZone is the zone Kamailio writes registration expiries in
	// (--kamailio-time-zone); nil: this process's.
	KamailioZone *time.Location
	// MusicDir is the export directory (--moh-dir).
	MusicDir string
	// MusicReloadCmd runs through /bin/sh -c after music changed
	// (--moh-reload-cmd), e.g. asterisk -rx "moh reload".
	MusicReloadCmd string
	// MusicPoll is how often the export looks for changes made through
	// other replicas (default 30 s); changes through this one go at once.
	MusicPoll time.Duration
}

// Start wires the integrations into svc and runs their workers until ctx
// ends; call it after NewService and before serving. wait blocks until
// the workers have stopped.
func Start(ctx context.Context, svc *portal.Service, opt Options, log *slog.Logger) (wait func(), err error) {
	var wg sync.WaitGroup
	if opt.KamailioDatabaseURL == "" {
		log.Info("no --kamailio-database-url: SIP credentials are not provisioned to a registrar and no registration status is shown")
	} else {
		// A URL in the wrong form refuses the start; a database that does
		// not answer does not: the worker connects in the background,
		// retrying, and queued changes wait for it (Worker.Run).
		kam, err := kamailio.Connect(opt.KamailioDatabaseURL)
		if err != nil {
			return nil, err
		}
		kam.Zone = opt.KamailioZone
		w := wireRegistrar(svc, kam, log)
		wg.Add(1)
		// Reported before the goroutine starts, so the worker counts as
		// running from the moment Start returns (also while it waits for
		// the database: Worker.Problem says so, see RegistrarProblem).
		stopped := running(svc, WorkerProvisioning)
		go func() {
			defer wg.Done()
			defer kam.Close()
			defer stopped()
			w.Run(ctx)
		}()
	}
	if opt.MusicDir == "" {
		log.Info("no --moh-dir: hold and queue music is not exported to a PBX")
	} else {
		exp := &moh.Exporter{Dir: opt.MusicDir, Source: svc, Log: log}
		if opt.MusicReloadCmd != "" {
			exp.Reload = []string{"/bin/sh", "-c", opt.MusicReloadCmd}
		}
		if svc.Metrics != nil {
			exp.Observer = svc.Metrics
		}
		// A directory the replica cannot write stops the start; a class
		// it cannot write (logged by name) is one customer's, which the
		// running export retries, so the others start and get theirs.
		var partial *moh.PartialError
		if _, err := exp.Sync(ctx); errors.As(err, &partial) {
			log.Warn("--moh-dir: the first music export is incomplete; the export retries it every poll", "error", err)
		} else if err != nil {
			return nil, fmt.Errorf("--moh-dir: %w", err)
		}
		svc.MusicDelivery = exp
		poll := opt.MusicPoll
		if poll <= 0 {
			poll = 30 * time.Second
		}
		wg.Add(1)
		stopped := running(svc, WorkerMusicExport)
		go func() {
			defer wg.Done()
			defer stopped()
			exp.Run(ctx, poll)
		}()
	}
	return wg.Wait, nil
}

// ConnectRegistrar wires the registrar of opt into svc without running a
// worker: live registration status and the provisioning worker that
// `admin provisioning sync` uses, for a process that does not serve (the
// local admin on the server host). The pool of Kamailio's database
// connects at its first use. Without --kamailio-database-url it does
// nothing; close closes the pool.
func ConnectRegistrar(svc *portal.Service, opt Options, log *slog.Logger) (close func(), err error) {
	if opt.KamailioDatabaseURL == "" {
		return func() {}, nil
	}
	kam, err := kamailio.Connect(opt.KamailioDatabaseURL)
	if err != nil {
		return nil, err
	}
	wireRegistrar(svc, kam, log)
	return func() { kam.Close() }, nil
}

// wireRegistrar makes svc provision to and read registrations from kam
// through a new provisioning worker, which it returns (not running).
func wireRegistrar(svc *portal.Service, kam *kamailio.Store, log *slog.Logger) *provision.Worker {
	// Named like the mail and music workers (replica@start/worker), so
	// that a restarted replica retakes at once the events its killed run
	// had claimed, instead of waiting for their lease to end.
	w := &provision.Worker{DB: svc.DB, Truth: svc, Registrar: kam, Log: log,
		Name: db.ClaimantID(svc.ReplicaID(), time.Now(), "provisioning")}
	if svc.Metrics != nil {
		w.Observer = svc.Metrics
	}
	svc.SIP = &portal.SIPPlatform{Kamailio: kam, Provisioner: w}
	return w
}
