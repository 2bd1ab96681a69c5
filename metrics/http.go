package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves /metrics from m's registry, /healthz (200 while the
// process serves HTTP at all) and /readyz (200 when r is ready, else 503,
// with one line per check either way: ok, fail, or warn for an Advisory
// problem that does not fail readiness).
func Handler(m *Metrics, r *Ready) http.Handler {
	mux := http.NewServeMux()
	if m != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
			// A failing collector costs its own series, not the whole scrape.
			ErrorHandling: promhttp.ContinueOnError,
			Timeout:       2 * ScrapeTimeout,
		}))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, req *http.Request) {
		results, ready := r.Evaluate(req.Context())
		var b strings.Builder
		for _, res := range results {
			switch {
			case res.Err == nil:
				fmt.Fprintf(&b, "ok   %s\n", res.Name)
			case res.Warning():
				fmt.Fprintf(&b, "warn %s: %s\n", res.Name, oneLine(res.Err.Error()))
			default:
				fmt.Fprintf(&b, "fail %s: %s\n", res.Name, oneLine(res.Err.Error()))
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprint(w, b.String())
	})
	return mux
}

// oneLine keeps an error message to one printable line of at most 200
// characters: it ends up in a load balancer's or a person's terminal.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, s)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// Server is the metrics and health HTTP listener.
type Server struct {
	srv *http.Server
	ln  net.Listener
}

// Listen binds addr (e.g. 127.0.0.1:9100) for h; Serve starts answering.
// Every read from a client is bounded: header size and time, body time.
func Listen(addr string, h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener on %s: %w", addr, err)
	}
	return &Server{ln: ln, srv: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}}, nil
}

// Addr is the bound address (useful with port 0).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers requests until Shutdown; it returns nil after Shutdown.
func (s *Server) Serve() error {
	if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("metrics listener: %w", err)
	}
	return nil
}

// Shutdown stops accepting and waits for requests in progress until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// Run serves until ctx ends, then shuts down within five seconds. It is
// what `serve` runs in a goroutine when --metrics-listen is set; keep it
// running through the SSH shutdown so /readyz can say "draining".
func (s *Server) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.Serve() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = s.Shutdown(sctx)
	return <-errc
}
