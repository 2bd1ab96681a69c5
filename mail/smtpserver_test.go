package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// This file runs a real in-process SMTP server (emersion/go-smtp) for the
// tests: no SMTP behaviour is mocked.

type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool   // the session was encrypted when DATA arrived
	User string // authenticated user, if any
}

// testBackend records every accepted message and can be told to refuse.
type testBackend struct {
	mu   sync.Mutex
	msgs []received

	rcptErr  error // returned from RCPT TO (e.g. 550)
	dataErr  error // returned from DATA, see dataFail
	dataFail int   // how many DATA commands still fail with dataErr; -1 = all

	user, pass string // if set, AUTH PLAIN is offered and required
}

func (b *testBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &testSession{b: b, c: c}, nil
}

func (b *testBackend) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

type testSession struct {
	b    *testBackend
	c    *smtp.Conn
	from string
	to   []string
	user string
}

func (s *testSession) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.b.user || password != s.b.pass {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.b.rcptErr != nil {
		return s.b.rcptErr
	}
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	if s.b.dataErr != nil && s.b.dataFail != 0 {
		if s.b.dataFail > 0 {
			s.b.dataFail--
		}
		return s.b.dataErr
	}
	_, isTLS := s.c.TLSConnectionState()
	s.b.msgs = append(s.b.msgs, received{From: s.from, To: s.to, Data: data, TLS: isTLS, User: s.user})
	return nil
}

func (s *testSession) Reset()        { s.from, s.to = "", nil }
func (s *testSession) Logout() error { return nil }

var (
	errTemp = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	errPerm = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
)

type serverMode int

const (
	modePlain    serverMode = iota // no TLS at all
	modeSTARTTLS                   // offers STARTTLS
	modeTLS                        // implicit TLS
)

// startServer serves be on 127.0.0.1:0 and returns its port.
func startServer(t *testing.T, be *testBackend, mode serverMode, cert *tls.Certificate) int {
	t.Helper()
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	var l net.Listener
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case modeSTARTTLS:
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
	case modeTLS:
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
		l = tls.NewListener(l, srv.TLSConfig)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		// Serve may not have registered l with srv yet when a test ends
		// without connecting, so close it here too.
		_ = l.Close()
		<-done
	})
	return l.Addr().(*net.TCPAddr).Port
}

// closedPort returns a local port with nothing listening (connection refused).
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	return port
}

// selfSigned makes a certificate for 127.0.0.1/localhost and a pool that
// trusts it.
func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "sipdesk test relay"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

func mustSMTPSender(t *testing.T, cfg SMTPConfig) *SMTPSender {
	t.Helper()
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.From == "" {
		cfg.From = "Sipdesk <noreply@sipdesk.test>"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	s, err := NewSMTPSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
