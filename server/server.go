// Package server serves the portal over SSH: wish and the ssh library's
// wiring, authentication, the verified identity, the session middleware
// that builds each session's environment (session.Env), and the registry
// of live sessions. What a session then gets lives below it: cli (customer
// commands), admincli (customer care), transfer (scp, SFTP, the music
// tree) and door (the TUI and the screen renderer).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/door"
	"github.com/sipdesk/sipdesk/server/session"
	"github.com/sipdesk/sipdesk/server/transfer"
)

// Server is the portal's SSH front: one ssh server per listener (portal
// region), sharing the business logic and the session registry. It keeps
// no state that another replica would need: everything lives in the store.
type Server struct {
	cfg      config.Config
	svc      *portal.Service
	log      *slog.Logger
	signer   gossh.Signer
	sessions *Registry
	limiter  *sourceLimiter
	worker   *portal.MusicWorker // activates uploaded hold and queue music
	music    *transfer.Music     // uploads and downloads of music files
	door     *door.Door          // the TUI and the account-less forms

	// epochInterval is how often sessions re-check their account in the
	// store (changes made through other replicas).
	epochInterval time.Duration
	// flowSessionLimit is how long a password-less form connection
	// (forgot@, reset+TOKEN@) may stay once its form opened.
	flowSessionLimit time.Duration
	// epochChecks counts the epoch watch's rounds (tests wait for them).
	epochChecks atomic.Int64

	// authConfigHook lets a test replace auth callbacks before serving.
	authConfigHook func(*gossh.ServerConfig)

	flows     *sessionSet // open account-less forms (ending.go)
	flowsOnce sync.Once

	servers []*ssh.Server
	lns     []net.Listener
	wg      sync.WaitGroup
}

// Listeners are a replica's bound listeners, one per portal region. They
// are bound before the portal service is made, because the service's mails
// name where each region's customers connect (Portals).
type Listeners struct {
	lns       []net.Listener
	listeners []config.Listener // with the public host and port worked out
}

// Listen binds every listener of cfg.
func Listen(cfg config.Config) (*Listeners, error) {
	listeners, err := cfg.Listeners()
	if err != nil {
		return nil, err
	}
	b := &Listeners{}
	for _, l := range listeners {
		ln, err := net.Listen("tcp", l.Addr)
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("listen on %s: %w", l.Addr, err)
		}
		b.lns = append(b.lns, ln)
		b.listeners = append(b.listeners, withPublicAddr(l, ln.Addr()))
	}
	return b, nil
}

// Portals is where each region's customers connect, for portal.Config.
func (b *Listeners) Portals() map[string]portal.PortalAddr {
	out := map[string]portal.PortalAddr{}
	for _, l := range b.listeners {
		out[l.Region] = portal.PortalAddr{Host: l.PublicHost, Port: l.PublicPort}
	}
	return out
}

// Close closes the listeners (New and Serve own them once given).
func (b *Listeners) Close() {
	for _, ln := range b.lns {
		_ = ln.Close()
	}
}

// New prepares the servers on bound listeners; Serve starts them. sessions
// must be the registry the service ends sessions through
// (portal.WithSessionEnder).
func New(cfg config.Config, svc *portal.Service, bound *Listeners, sessions *Registry, signer gossh.Signer, log *slog.Logger) (*Server, error) {
	worker := portal.NewMusicWorker(svc, portal.DefaultMusicWorkerOptions())
	s := &Server{cfg: cfg, svc: svc, log: log, signer: signer, sessions: sessions, epochInterval: 15 * time.Second, flowSessionLimit: flowSessionLimit,
		limiter: newSourceLimiter(cfg.MaxUnauthPerSource), worker: worker,
		music: transfer.New(svc, worker, log), door: door.New(svc, log, cfg.FPS), lns: bound.lns}
	s.music.StoreTimeout = s.storeTimeout()
	s.door.StoreTimeout = s.storeTimeout()
	for i, l := range bound.listeners {
		srv, err := s.newSSHServer(l)
		if err != nil {
			s.closeListeners()
			return nil, err
		}
		s.servers = append(s.servers, srv)
		log.Info("portal listening", "region", l.Region, "addr", bound.lns[i].Addr().String(),
			"connect", fmt.Sprintf("ssh -p %d USER@%s", l.PublicPort, l.PublicHost))
	}
	return s, nil
}

// Addrs returns the bound address of each listener (for tests with port 0).
func (s *Server) Addrs() []net.Addr {
	out := make([]net.Addr, len(s.lns))
	for i, ln := range s.lns {
		out[i] = ln.Addr()
	}
	return out
}

func withPublicAddr(l config.Listener, bound net.Addr) config.Listener {
	port := bound.(*net.TCPAddr).Port
	host := l.PublicHost
	if host == "" {
		host = bound.(*net.TCPAddr).IP.String()
		if ip := bound.(*net.TCPAddr).IP; ip.IsLoopback() || ip.IsUnspecified() {
			host = "localhost"
		}
	} else if h, p, err := net.SplitHostPort(host); err == nil {
		host = h
		if n, err := strconv.Atoi(p); err == nil {
			port = n
		}
	}
	l.PublicHost, l.PublicPort = host, port
	return l
}

func (s *Server) newSSHServer(l config.Listener) (*ssh.Server, error) {
	auth := &authenticator{svc: s.svc, log: s.log, listener: l, maxTries: s.cfg.MaxAuthTries, conns: s.sessions}
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(s.signer); return nil },
		// No wish.WithIdleTimeout: idleConn ends idle sessions with a reason.
		wish.WithMaxTimeout(s.cfg.MaxSessionTime),
		wish.WithVersion("sipdesk"),
	)
	if err != nil {
		return nil, fmt.Errorf("create ssh server: %w", err)
	}
	srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
		cfg := auth.serverConfig(ctx)
		offerModernAlgorithms(cfg)
		if s.authConfigHook != nil {
			s.authConfigHook(cfg)
		}
		return cfg
	}
	srv.ConnCallback = func(ctx ssh.Context, conn net.Conn) net.Conn {
		release, ok := s.limiter.acquire(session.SourceIP(conn.RemoteAddr()))
		if !ok {
			s.log.Warn("too many unauthenticated connections", "remote", conn.RemoteAddr().String())
			return nil
		}
		gc := newGraceConn(conn, s.cfg.LoginGraceTime, release)
		ctx.SetValue(graceKey{}, gc)
		return s.watchIdle(ctx, gc)
	}
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		s.log.Info("connection closed before login", "remote", conn.RemoteAddr().String(), "reason", session.ShortErr(err))
	}
	srv.Handler = s.chain(l)
	// Only session channels, through the rights check and request filter;
	// the library has no handler for port forwarding ("direct-tcpip") and
	// no global request handlers ("tcpip-forward"), so those are refused.
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{"sftp": s.sftp(l)}
	return srv, nil
}

// Serve runs every listener until ctx is cancelled, then stops accepting,
// lets open sessions end until the shutdown timeout, and closes the rest.
func (s *Server) Serve(ctx context.Context) error {
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go s.watchEpochs(watchCtx, s.epochInterval)
	// The music worker outlives the sessions (shutdown waits for them) and
	// stops last, storing a conversion in progress.
	musicCtx, stopMusic := context.WithCancel(context.WithoutCancel(ctx))
	musicDone := make(chan struct{})
	go func() { defer close(musicDone); s.worker.Run(musicCtx) }()
	defer func() { stopMusic(); <-musicDone }()
	errc := make(chan error, len(s.servers))
	for i, srv := range s.servers {
		s.wg.Add(1)
		go func(srv *ssh.Server, ln net.Listener) {
			defer s.wg.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
				errc <- err
			}
		}(srv, s.lns[i])
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		s.shutdown()
		return err
	}
	s.shutdown()
	return nil
}

func (s *Server) closeListeners() {
	for _, ln := range s.lns {
		_ = ln.Close()
	}
}

// flowSessionLimit is how long the forgot-password or reset form may take
// once opened: filling it in takes a minute, and these connections need no
// password, so they must not be held open for the session limit of a
// customer.
const flowSessionLimit = 10 * time.Minute

// formLinger is how long a finished form's connection waits for its
// client to close it (graceConn.formDone).
const formLinger = 2 * time.Second

// storeTimeout bounds each store call made on behalf of a session: the
// --store-timeout setting (5s when a test leaves it unset).
func (s *Server) storeTimeout() time.Duration {
	if s.cfg.StoreTimeout > 0 {
		return s.cfg.StoreTimeout
	}
	return transfer.DefaultStoreTimeout
}
