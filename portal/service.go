package portal

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sipdesk/sipdesk/db"
)

// Config holds the settings the business rules depend on.
type Config struct {
	Brand     string // shown in the TUI header, TOTP issuer, mails
	CareEmail string // customer care's address, named in hints and mails
	MailFrom  string // sender address of the portal's mails
	// SIPServers are the registrars of each region (CH, AT), shown on the
	// SIP-Credentials card unless a number has its own.
	SIPServers map[string][]SIPServer
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
	// the outbox worker).
	MailQueued func()
	// EndSessions ends an account's open sessions on this server except
	// the one with SSH session ID keep. Other replicas notice the raised
	// session epoch in the store.
	EndSessions func(accountID int64, keep, reason string)
	// Replica names this server among the replicas sharing the store,
	// the same across its restarts (ReplicaName): claims of background
	// work carry it, so a restarted replica retakes at once what its
	// killed run had claimed. Empty: the host name.
	Replica string

	dummyHash string
	memOnce   sync.Once
	mem       *memThrottle // login throttling while the store cannot write
}

// NewService wires the business logic. The dummy hash lets a login for an
// unknown user cost the same argon2id work as a real one.
func NewService(d *db.DB, box *SecretBox, hasher *Hasher, cfg Config, log *slog.Logger) (*Service, error) {
	dummy, err := hashWith(hasher.Params, "sipdesk-dummy-password-never-matches")
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{DB: d, Box: box, Hasher: hasher, Cfg: cfg, Log: log, Now: time.Now, dummyHash: dummy}, nil
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

func (s *Service) replica() string {
	if s.Replica != "" {
		return s.Replica
	}
	host, _ := os.Hostname()
	return host
}
