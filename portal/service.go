package portal

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/metrics"
)

// Config holds the settings the business rules depend on.
type Config struct {
	Brand     string // shown in the TUI header, TOTP issuer, mails
	CareEmail string // customer care's address, named in hints and mails
	// CareEmails are the regions' own customer-care addresses (CH, AT);
	// CareEmailFor falls back to CareEmail.
	CareEmails map[string]string
	MailFrom   string // sender address of the portal's mails
	// SIPServers are the registrars of each region (CH, AT), shown on the
	// SIP-Credentials card unless a number has its own.
	SIPServers map[string][]SIPServer
	// SIPRealms is the SIP domain of each region (CH, AT): the digest
	// realm of the registrar and the domain of its subscriber rows.
	SIPRealms  map[string]string
	TeamsGuide string // where Microsoft Teams customers find their guide
	// Portals is where each region's customers connect, for links in mails.
	Portals map[string]PortalAddr
	// ResetValidity is how long a forgot-password link works;
	// WelcomeValidity the same for a new account's set-password link.
	ResetValidity   time.Duration
	WelcomeValidity time.Duration

	// Login throttling: after LockThreshold consecutive failures of one
	// account (or user name), each further failure locks it for LockBase,
	// doubling up to LockMax; after MaxConsecutive failures only customer
	// care can unlock it (NIST SP 800-63B allows at most 100).
	LockThreshold  int
	LockBase       time.Duration
	LockMax        time.Duration
	MaxConsecutive int
	// SourceThreshold is the same for one source address, which may try
	// many user names.
	SourceThreshold int
}

// DefaultConfig returns the production defaults.
func DefaultConfig() Config {
	return Config{
		Brand:     "sipdesk",
		CareEmail: "customercare@example.ch",
		SIPServers: map[string][]SIPServer{
			"CH": {{Host: "sip.example.ch", Port: 5060, Transport: "udp"}},
			"AT": {{Host: "sip.example.at", Port: 5060, Transport: "udp"}},
		},
		SIPRealms:       map[string]string{"CH": "sip.example.ch", "AT": "sip.example.at"},
		LockThreshold:   5,
		LockBase:        time.Minute,
		LockMax:         time.Hour,
		MaxConsecutive:  100,
		SourceThreshold: 30,
		ResetValidity:   30 * time.Minute,
		WelcomeValidity: 7 * 24 * time.Hour,
		Portals:         map[string]PortalAddr{},
	}
}

// Service is the portal's business logic over the store.
type Service struct {
	DB     *db.DB
	Box    *SecretBox
	Hasher *Hasher
	Cfg    Config
	Log    *slog.Logger
	Now    func() time.Time
	// MailQueued, if set, is called after a mail row is written (to wake
	// the outbox worker); see WithMailQueued.
	MailQueued func()
	// EndSessions ends an account's open sessions on this server except
	// the one with SSH session ID keep. Other replicas notice the raised
	// session epoch in the store. See WithSessionEnder.
	EndSessions func(accountID int64, keep, reason string)
	// EndLive ends this server's connections with these live-session IDs
	// (revoked sessions, a removed key's); other replicas end theirs when
	// their watcher sees the revocation. See WithLiveEnder.
	EndLive func(ids []string, reason string)
	// EndKey ends this server's connections that logged in with the
	// account's key fingerprint, with or without a session on them (a
	// ControlMaster held open), except the connection of the live session
	// keep (the command removing its own key ends it itself); other
	// replicas' watchers see the key gone within their round. See
	// WithSessionEnder.
	EndKey func(accountID int64, fingerprint, keep, reason string)
	// HoldConn stops the connection of live session keep, if it logged in
	// with fingerprint, from taking new sessions and from being ended by
	// the watchers: the session removing its own key reports, then closes
	// it. See WithSessionEnder.
	HoldConn func(keep, fingerprint string)
	// SIP is the registrar (Kamailio), nil when none is configured.
	SIP *SIPPlatform
	// MusicDelivery, if set, delivers music to the PBX after a change.
	MusicDelivery MusicDelivery
	// Metrics receives music uploads and activations; nil: none (see
	// WithMetrics).
	Metrics *metrics.Metrics
	// WorkerRunning, if set, is told when a background worker of the
	// service starts and (through the returned function) stops, for
	// readiness: metrics.Ready.WorkerStarted. See WithWorkerRunning.
	WorkerRunning func(name string) (stopped func())
	// Replica names this server among the replicas sharing the store,
	// the same across its restarts (ReplicaName): claims of background
	// work carry it, so a restarted replica retakes at once what its
	// killed run had claimed. Empty: the host name. See WithReplica.
	Replica string

	dummyHash string
	storeMu   sync.Mutex
	storeID   string // the store's identity once read (StoreID)
	memOnce   sync.Once
	mem       *memThrottle  // login throttling while the store cannot write
	refunds   refundQueue   // attempts to give back once the store answers
	settled   settledSignal // wakes attempts waiting for others in flight
	// waitHook, if set (tests), runs once when an attempt starts waiting
	// for attempts in flight (see reserveAttempt).
	waitHook func()
}

// SessionEnder ends an account's open sessions on this server except the
// one with SSH session ID keep ("" keeps none), telling them reason. The
// SSH server's session registry is one.
type SessionEnder interface {
	EndSessions(accountID int64, keep, reason string)
}

// Option supplies a dependency of the Service when it is made, so that no
// face sets the Service's fields after construction.
type Option func(*Service)

// WithMailQueued makes the Service call wake after it wrote a mail row
// (the outbox worker's Wake).
func WithMailQueued(wake func()) Option { return func(s *Service) { s.MailQueued = wake } }

// WithSessionEnder makes the Service end an account's sessions on this
// server through e when its password changes, it is disabled or loses a
// key.
func WithSessionEnder(e SessionEnder) Option {
	return func(s *Service) {
		s.EndSessions = e.EndSessions
		if k, ok := e.(interface {
			EndKey(accountID int64, fingerprint, keep, reason string)
		}); ok {
			s.EndKey = k.EndKey
		}
		if h, ok := e.(interface {
			HoldConn(keep, fingerprint string)
		}); ok {
			s.HoldConn = h.HoldConn
		}
	}
}

// WithReplica names this server among the replicas sharing the store
// (ReplicaName).
func WithReplica(name string) Option { return func(s *Service) { s.Replica = name } }

// WithWorkerRunning makes the service's background workers (and the
// platform's, which report through it) tell running when they start and
// stop: metrics.Ready.WorkerStarted.
func WithWorkerRunning(running func(name string) (stopped func())) Option {
	return func(s *Service) { s.WorkerRunning = running }
}

// WithMetrics makes the service report to m (see instrument); nil leaves
// it uninstrumented.
func WithMetrics(m *metrics.Metrics) Option { return func(s *Service) { s.instrument(m) } }

// NewService wires the business logic. The dummy hash lets a login for an
// unknown user cost the same argon2id work as a real one.
func NewService(d *db.DB, box *SecretBox, hasher *Hasher, cfg Config, log *slog.Logger, opts ...Option) (*Service, error) {
	dummy, err := hashWith(hasher.Params, "sipdesk-dummy-password-never-matches")
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	s := &Service{DB: d, Box: box, Hasher: hasher, Cfg: cfg, Log: log, Now: time.Now, dummyHash: dummy}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

func (s *Service) now() time.Time { return db.UTC(s.Now()) }

// audit writes an audit event; actor is who acted (the account itself for
// customer actions).
func (s *Service) audit(ctx context.Context, h db.Handler, actor db.Account, accountID int64, action, detail, remote string) error {
	return db.Audit(ctx, h, db.AuditEvent{
		At: s.now(), ActorID: actor.ID, Actor: actor.UserID, AccountID: accountID,
		Action: action, Detail: detail, RemoteAddr: remote,
	})
}

// ReplicaName is a replica name that stays the same across restarts and
// differs between replicas running at once: the host name and the
// addresses it listens on (two processes on one host cannot listen on
// the same address).
func ReplicaName(listen []string) string {
	host, _ := os.Hostname()
	if len(listen) == 0 {
		return host
	}
	return host + "[" + strings.Join(listen, ",") + "]"
}

// ReplicaID is this replica's name for claims and live sessions:
// Replica, else the host name.
func (s *Service) ReplicaID() string { return s.replica() }

func (s *Service) replica() string {
	if s.Replica != "" {
		return s.Replica
	}
	host, _ := os.Hostname()
	return host
}
