// Package server serves the portal over SSH: wish and the ssh library's
// wiring, authentication, session middleware, the TUI door and the ssh
// commands.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/portal"
)

// Server is the portal's SSH front: one ssh server per listener (portal
// region), sharing the business logic and the session registry. It keeps
// no state that another replica would need: everything lives in the store.
type Server struct {
	cfg      Config
	svc      *portal.Service
	log      *slog.Logger
	signer   gossh.Signer
	sessions *registry
	limiter  *sourceLimiter
	music    *portal.MusicWorker // activates uploaded hold and queue music
	uploads  *uploadLimiter      // music uploads read at once

	// epochInterval is how often sessions re-check their account in the
	// store (changes made through other replicas).
	epochInterval time.Duration

	// authConfigHook lets a test replace auth callbacks before serving.
	authConfigHook func(*gossh.ServerConfig)

	servers []*ssh.Server
	lns     []net.Listener
	wg      sync.WaitGroup
}

// New prepares the servers; Serve starts them.
func New(cfg Config, svc *portal.Service, signer gossh.Signer, log *slog.Logger) (*Server, error) {
	s := &Server{cfg: cfg, svc: svc, log: log, signer: signer, sessions: newRegistry(), epochInterval: 15 * time.Second,
		limiter: newSourceLimiter(cfg.MaxUnauthPerSource),
		music:   portal.NewMusicWorker(svc, portal.DefaultMusicWorkerOptions()), uploads: newUploadLimiter()}
	svc.EndSessions = func(accountID int64, keep, reason string) {
		s.sessions.endOthers(accountID, keep, reason)
	}
	listeners, err := cfg.Listeners()
	if err != nil {
		return nil, err
	}
	for _, l := range listeners {
		ln, err := net.Listen("tcp", l.Addr)
		if err != nil {
			s.closeListeners()
			return nil, fmt.Errorf("listen on %s: %w", l.Addr, err)
		}
		s.lns = append(s.lns, ln)
		l = withPublicAddr(l, ln.Addr())
		if svc.Cfg.Portals == nil {
			svc.Cfg.Portals = map[string]portal.PortalAddr{}
		}
		svc.Cfg.Portals[l.Region] = portal.PortalAddr{Host: l.PublicHost, Port: l.PublicPort}
		srv, err := s.newSSHServer(l)
		if err != nil {
			s.closeListeners()
			return nil, err
		}
		s.servers = append(s.servers, srv)
		log.Info("portal listening", "region", l.Region, "addr", ln.Addr().String(),
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

func withPublicAddr(l Listener, bound net.Addr) Listener {
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

func (s *Server) newSSHServer(l Listener) (*ssh.Server, error) {
	auth := &authenticator{svc: s.svc, log: s.log, listener: l, maxTries: s.cfg.MaxAuthTries}
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(s.signer); return nil },
		wish.WithIdleTimeout(s.cfg.IdleTimeout),
		wish.WithMaxTimeout(s.cfg.MaxSessionTime),
		wish.WithVersion("sipdesk"),
	)
	if err != nil {
		return nil, fmt.Errorf("create ssh server: %w", err)
	}
	srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
		cfg := auth.serverConfig(ctx)
		if s.authConfigHook != nil {
			s.authConfigHook(cfg)
		}
		return cfg
	}
	srv.ConnCallback = func(ctx ssh.Context, conn net.Conn) net.Conn {
		release, ok := s.limiter.acquire(sourceIP(conn.RemoteAddr()))
		if !ok {
			s.log.Warn("too many unauthenticated connections", "remote", conn.RemoteAddr().String())
			return nil
		}
		gc := newGraceConn(conn, s.cfg.LoginGraceTime, release)
		ctx.SetValue(graceKey{}, gc)
		return gc
	}
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		s.log.Info("connection closed before login", "remote", conn.RemoteAddr().String(), "reason", shortErr(err))
	}
	srv.Handler = s.chain(l)
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{"sftp": s.sftpSubsystem(l)}
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
	go func() { defer close(musicDone); s.music.Run(musicCtx) }()
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

func (s *Server) shutdown() {
	s.log.Info("shutting down: no new connections; waiting for open sessions", "timeout", s.cfg.ShutdownTimeout.String())
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	var wg sync.WaitGroup
	for _, srv := range s.servers {
		wg.Add(1)
		go func(srv *ssh.Server) {
			defer wg.Done()
			if err := srv.Shutdown(ctx); err != nil {
				_ = srv.Close()
			}
		}(srv)
	}
	wg.Wait()
	s.wg.Wait()
}

func (s *Server) closeListeners() {
	for _, ln := range s.lns {
		_ = ln.Close()
	}
}

func shortErr(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return msg
}

// sessionTimeout bounds store calls made on behalf of a session.
const sessionTimeout = 10 * time.Second
