// Package metrics is sipdesk's Prometheus instrumentation: one registry per
// process with every metric an operator alerts on, a small typed API that
// the faces (SSH server, TUI, workers) call, and the HTTP listener that
// serves /metrics, /healthz and /readyz.
//
// Label values come from closed sets (session kinds, regions, login
// methods and outcomes, ...): anything else is counted as "other", so no
// user ID, address or phone number can ever become a label value, and a
// client cannot grow the number of series.
//
// Every method is safe on a nil *Metrics and does nothing, so packages take
// a *Metrics without caring whether metrics are switched on.
package metrics

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Session kinds: what an SSH session is for.
const (
	KindTUI     = "tui"     // the full-screen portal
	KindCommand = "command" // an ssh command (customer or admin)
	KindSFTP    = "sftp"    // the sftp subsystem (and OpenSSH 9's scp over it)
	KindSCP     = "scp"     // legacy scp (scp -O)
	KindForgot  = "forgot"  // the forgot-password session
	KindReset   = "reset"   // a reset or welcome link's set-password session
)

// Login methods.
const (
	MethodPassword  = "password"             // the SSH password method
	MethodKeyboard  = "keyboard-interactive" // password and one-time code prompts
	MethodPublicKey = "publickey"            // admin keys
	MethodTOTP      = "totp"                 // the second factor on its own
)

// Login outcomes.
const (
	OutcomeSuccess  = "success"
	OutcomeFailure  = "failure"  // wrong user ID, password or code
	OutcomeLocked   = "locked"   // refused by throttling before any hash
	OutcomeBusy     = "busy"     // the hashing pool's queue was full
	OutcomeDisabled = "disabled" // a disabled account
	OutcomeError    = "error"    // the store or another internal error
)

// Music upload outcomes.
const (
	UploadAccepted    = "accepted"
	UploadTooLarge    = "too_large"
	UploadUnsupported = "unsupported" // not wav or mp3 (wma, wmv, other)
	UploadBroken      = "broken"      // empty, truncated, corrupt, too long
	UploadInterrupted = "interrupted"
)

// Music activation outcomes.
const (
	ActivationActive   = "active"
	ActivationFailed   = "failed"   // the file could not be converted
	ActivationReplaced = "replaced" // a newer upload or a reset came first
	ActivationError    = "error"    // the store failed; the upload is retried
)

// Music export failure scopes (moh's Fail* values).
const (
	ExportClass   = "class"   // one class not delivered by a sync
	ExportDefault = "default" // the shared default piece not written
	ExportSync    = "sync"    // a sync that failed as a whole (directory, lock, store, include file)
)

// Outbox delivery outcomes, as the mail and provisioning workers record
// them: sent (for provisioning: applied to the registrar), retried later,
// or given up on.
const (
	DeliverySent   = "sent"
	DeliveryRetry  = "retry"
	DeliveryFailed = "failed"
)

var (
	sessionKinds   = set(KindTUI, KindCommand, KindSFTP, KindSCP, KindForgot, KindReset)
	regions        = set("ch", "at")
	loginMethods   = set(MethodPassword, MethodKeyboard, MethodPublicKey, MethodTOTP)
	loginOutcomes  = set(OutcomeSuccess, OutcomeFailure, OutcomeLocked, OutcomeBusy, OutcomeDisabled, OutcomeError)
	uploadOutcomes = set(UploadAccepted, UploadTooLarge, UploadUnsupported, UploadBroken, UploadInterrupted)
	activations    = set(ActivationActive, ActivationFailed, ActivationReplaced, ActivationError)
	musicKinds     = set("hold", "queue")
	deliveries     = set(DeliverySent, DeliveryRetry, DeliveryFailed)
	exportScopes   = set(ExportClass, ExportDefault, ExportSync)
)

// Metrics is the process's registry and the metrics the code updates
// directly; collectors registered with Observe* read the rest on scrape.
type Metrics struct {
	reg *prometheus.Registry

	sessionsOpen   *prometheus.GaugeVec
	sessionsTotal  *prometheus.CounterVec
	logins         *prometheus.CounterVec
	authDuration   *prometheus.HistogramVec
	uploads        *prometheus.CounterVec
	activations    *prometheus.CounterVec
	activationTime *prometheus.HistogramVec
	deliveries     *prometheus.CounterVec
	exportFailures *prometheus.CounterVec
}

// New makes a registry with sipdesk's metrics, the Go runtime's and the
// process's, and sipdesk_build_info for version.
func New(version string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.sessionsOpen = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "sipdesk_sessions_open", Help: "SSH sessions open now, by kind and portal region.",
	}, []string{"kind", "region"})
	m.sessionsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sipdesk_sessions_total", Help: "SSH sessions opened, by kind and portal region.",
	}, []string{"kind", "region"})
	m.logins = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sipdesk_logins_total", Help: "Authentication attempts, by method and outcome.",
	}, []string{"method", "outcome"})
	m.authDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "sipdesk_auth_duration_seconds", Help: "Time to answer one authentication attempt, by method.",
		// argon2id costs 20-30 ms alone; a queue for the hashing pool shows up above 0.1 s.
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method"})
	m.uploads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sipdesk_music_uploads_total", Help: "Hold and queue music uploads, by kind and outcome.",
	}, []string{"kind", "outcome"})
	m.activations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sipdesk_music_activations_total", Help: "Music conversions finished by this replica's worker, by outcome.",
	}, []string{"outcome"})
	m.activationTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "sipdesk_music_activation_duration_seconds", Help: "Time from claiming an upload to its music playing, by kind.",
		Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120},
	}, []string{"kind"})
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sipdesk_outbox_deliveries_total", Help: "Delivery attempts of outbox rows by this replica, by outbox and outcome.",
	}, []string{"outbox", "outcome"})
	m.exportFailures = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sipdesk_music_export_failures_total", Help: "Failures of this replica's music export (--moh-dir), by scope: a class not delivered by a sync, the default piece not written, a sync that failed as a whole.",
	}, []string{"scope"})
	m.reg.MustRegister(m.sessionsOpen, m.sessionsTotal, m.logins, m.authDuration, m.uploads,
		m.activations, m.activationTime, m.deliveries, m.exportFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newBuildInfo(version))
	return m
}

// Registry is the registry /metrics serves; tests gather from it.
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.reg
}

// SessionOpened counts a session of kind in the portal of region (CH or AT,
// any case) and returns the function to call when it ends.
func (m *Metrics) SessionOpened(kind, region string) (closed func()) {
	if m == nil {
		return func() {}
	}
	kind, region = pick(sessionKinds, kind), pick(regions, strings.ToLower(region))
	m.sessionsTotal.WithLabelValues(kind, region).Inc()
	g := m.sessionsOpen.WithLabelValues(kind, region)
	g.Inc()
	done := false
	return func() {
		if !done {
			done = true
			g.Dec()
		}
	}
}

// Login counts one authentication attempt and how long its answer took.
func (m *Metrics) Login(method, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	method = pick(loginMethods, method)
	m.logins.WithLabelValues(method, pick(loginOutcomes, outcome)).Inc()
	m.authDuration.WithLabelValues(method).Observe(took.Seconds())
}

// MusicUpload counts an upload of kind (hold, queue) by outcome.
func (m *Metrics) MusicUpload(kind, outcome string) {
	if m == nil {
		return
	}
	m.uploads.WithLabelValues(pick(musicKinds, kind), pick(uploadOutcomes, outcome)).Inc()
}

// MusicActivation counts a finished conversion; took is recorded for
// music that went active.
func (m *Metrics) MusicActivation(kind, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	outcome = pick(activations, outcome)
	m.activations.WithLabelValues(outcome).Inc()
	if outcome == ActivationActive {
		m.activationTime.WithLabelValues(pick(musicKinds, kind)).Observe(took.Seconds())
	}
}

// MusicExportFailure counts one failure of the music export: a class a
// sync did not deliver (ExportClass), the default piece (ExportDefault),
// or a whole sync (ExportSync).
func (m *Metrics) MusicExportFailure(scope string) {
	if m == nil {
		return
	}
	m.exportFailures.WithLabelValues(pick(exportScopes, scope)).Inc()
}

// MailDelivery counts one delivery attempt of the mail outbox.
func (m *Metrics) MailDelivery(outcome string) {
	if m == nil {
		return
	}
	m.deliveries.WithLabelValues("mail", pick(deliveries, outcome)).Inc()
}

// ProvisioningDelivery counts one attempt of the provisioning worker to
// apply an event to the registrar.
func (m *Metrics) ProvisioningDelivery(outcome string) {
	if m == nil {
		return
	}
	m.deliveries.WithLabelValues("provisioning", pick(deliveries, outcome)).Inc()
}

func set(vals ...string) map[string]bool {
	out := make(map[string]bool, len(vals))
	for _, v := range vals {
		out[v] = true
	}
	return out
}

// pick keeps v if it is one of the known values, else "other".
func pick(known map[string]bool, v string) string {
	if known[v] {
		return v
	}
	return "other"
}
