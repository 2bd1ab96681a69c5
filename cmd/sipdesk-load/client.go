package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// loopbackOnly refuses any target but the loopback interface: load goes
// to a server on this machine and nowhere else.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("--addr %q: only loopback addresses (127.0.0.0/8, ::1) are allowed", addr)
}

// dialer spreads connections over several loopback source addresses: one
// source has only ~28k ephemeral ports, and the server caps unauthenticated
// connections per source.
type dialer struct {
	addr    string
	sources []net.IP
	n       atomic.Uint64
}

func newDialer(addr string, sources int) *dialer {
	d := &dialer{addr: addr}
	for i := range sources {
		d.sources = append(d.sources, net.IPv4(127, 0, 0, byte(1+i)))
	}
	return d
}

// loginResult is one SSH connection's authentication.
type loginResult struct {
	client *gossh.Client
	start  time.Time // before the TCP connect
	authed time.Time // the server accepted the login
	banner string    // last banner the server sent (refusal reasons)
}

// connect dials and authenticates with keyboard-interactive, answering the
// password prompt and, if asked, the one-time code prompt, as a person
// with OpenSSH does.
func (d *dialer) connect(ctx context.Context, user, password string, code func() string, tries int) (*loginResult, error) {
	src := d.sources[d.n.Add(1)%uint64(len(d.sources))]
	nd := net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: src}}
	res := &loginResult{start: time.Now()}
	conn, err := nd.DialContext(ctx, "tcp", d.addr)
	if err != nil {
		return res, err
	}
	kbd := gossh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
		out := make([]string, len(questions))
		for i, q := range questions {
			switch {
			case strings.Contains(q, "Password"):
				out[i] = password
			case code != nil:
				out[i] = code()
			}
		}
		return out, nil
	})
	auth := []gossh.AuthMethod{kbd}
	if tries > 1 {
		auth = []gossh.AuthMethod{gossh.RetryableAuthMethod(kbd, tries)}
	}
	cfg := &gossh.ClientConfig{
		User: user, Auth: auth,
		// The load tool talks only to a server on this machine.
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		// Called during NewClientConn, on this goroutine.
		BannerCallback: func(msg string) error {
			res.banner = msg
			return nil
		},
	}
	_ = conn.SetDeadline(time.Now().Add(60 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, d.addr, cfg)
	if err != nil {
		conn.Close()
		return res, err
	}
	_ = conn.SetDeadline(time.Time{})
	res.authed = time.Now()
	res.client = gossh.NewClient(c, chans, reqs)
	return res, nil
}

// tuiSession is a PTY session showing the portal. A goroutine drains its
// output and reports when an expected text appears.
type tuiSession struct {
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.Writer

	mu    sync.Mutex
	tail  []byte // output since the last expect, the latest tailMax bytes
	want  []byte
	found chan time.Time
	err   error
}

const tailMax = 16 << 10

// openTUI requests a 100x30 xterm-256color terminal and a shell; the
// caller then waits for the first frame with expect.
func openTUI(client *gossh.Client, want string) (*tuiSession, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, err
	}
	t := &tuiSession{client: client, sess: sess, found: make(chan time.Time, 1), want: []byte(want)}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if t.stdin, err = sess.StdinPipe(); err != nil {
		return nil, err
	}
	// The portal speaks the region's German unless the client says
	// otherwise; the texts this tool waits for are English.
	if err := sess.Setenv("LANG", "en_GB.UTF-8"); err != nil {
		return nil, err
	}
	modes := gossh.TerminalModes{gossh.ECHO: 0}
	if err := sess.RequestPty("xterm-256color", 30, 100, modes); err != nil {
		return nil, err
	}
	go t.drain(stdout)
	if err := sess.Shell(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *tuiSession) drain(r io.Reader) {
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			now := time.Now()
			t.mu.Lock()
			t.tail = append(t.tail, buf[:n]...)
			if len(t.tail) > tailMax {
				t.tail = append(t.tail[:0], t.tail[len(t.tail)-tailMax/2:]...)
			}
			if t.want != nil && bytes.Contains(t.tail, t.want) {
				t.want = nil
				t.tail = t.tail[:0]
				select {
				case t.found <- now:
				default:
				}
			}
			t.mu.Unlock()
		}
		if err != nil {
			t.mu.Lock()
			t.err = err
			t.mu.Unlock()
			return
		}
	}
}

var errTimeout = errors.New("timed out waiting for the screen")

// wait blocks until the text set by openTUI or press shows, and returns
// when its bytes arrived.
func (t *tuiSession) wait(timeout time.Duration) (time.Time, error) {
	select {
	case at := <-t.found:
		return at, nil
	case <-time.After(timeout):
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.err != nil {
			return time.Time{}, t.err
		}
		return time.Time{}, errTimeout
	}
}

// press sends a key and arms the wait for want; it returns the send time.
func (t *tuiSession) press(key, want string) (time.Time, error) {
	t.mu.Lock()
	t.tail = t.tail[:0]
	t.want = []byte(want)
	select {
	case <-t.found:
	default:
	}
	t.mu.Unlock()
	start := time.Now()
	_, err := io.WriteString(t.stdin, key)
	return start, err
}

func (t *tuiSession) close() {
	if t.sess != nil {
		_ = t.sess.Close()
	}
	_ = t.client.Close()
}
