package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/mail/mailtest"
)

// parsed is a delivered or written mail, decoded.
type parsed struct {
	Header  netmail.Header
	Subject string
	Body    string
}

func parseMail(t *testing.T, raw []byte) parsed {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse mail: %v\n%s", err, raw)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	var r io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		r = quotedprintable.NewReader(msg.Body)
	case "8bit", "7bit":
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return parsed{Header: msg.Header, Subject: subj, Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
}

// resetMessage renders a real reset mail, so the tests also check that a
// long link survives the transfer encoding intact, and so do the French
// accents of its subject ("réinitialiser") and body.
func resetMessage(t *testing.T) (Message, Data) {
	t.Helper()
	d := Data{
		Brand: "Acme Voice", Host: "eu.portal.acme.test", Port: 2222, UserID: "u-1001",
		Token: "Zm9vYmFyYmF6cXV4LXF1dXgtY29ycmVjdC1ob3JzZS1iYXR0ZXJ5LXN0YXBsZQ", ValidFor: 30 * time.Minute,
		CareEmail: "care@acme.test", Region: "eu", Locale: i18n.FrCH,
	}
	subj, body, err := Render(KindPasswordReset, d)
	if err != nil {
		t.Fatal(err)
	}
	return Message{To: "Jane Doe <jane@example.test>", Subject: subj, Body: body, MessageID: "outbox-42@eu.portal.acme.test"}, d
}

func checkDelivered(t *testing.T, got received, m Message, d Data) {
	t.Helper()
	if got.From != "noreply@sipdesk.test" {
		t.Errorf("MAIL FROM = %q", got.From)
	}
	if len(got.To) != 1 || got.To[0] != "jane@example.test" {
		t.Errorf("RCPT TO = %q", got.To)
	}
	p := parseMail(t, got.Data)
	if p.Subject != m.Subject {
		t.Errorf("Subject = %q, want %q", p.Subject, m.Subject)
	}
	for h, want := range map[string]string{
		"Message-Id":     "<outbox-42@eu.portal.acme.test>",
		"Mime-Version":   "1.0",
		"Auto-Submitted": "auto-generated",
	} {
		if got := p.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if to, err := p.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "jane@example.test" || to[0].Name != "Jane Doe" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if from, err := p.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Address != "noreply@sipdesk.test" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if date, err := p.Header.Date(); err != nil || time.Since(date) > time.Minute {
		t.Errorf("Date = %v (%v)", date, err)
	}
	ct, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
	if err != nil || ct != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("Content-Type = %q", p.Header.Get("Content-Type"))
	}
	if p.Body != m.Body {
		t.Errorf("body differs:\n got: %q\nwant: %q", p.Body, m.Body)
	}
	for _, want := range []string{d.Link(), d.Command()} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
}

func TestSMTPSenderPlain(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	port := startServer(t, be, modePlain, nil)
	s := mustSMTPSender(t, SMTPConfig{Port: port, Security: SecurityNone})
	m, d := resetMessage(t)
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := be.messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	if msgs[0].TLS {
		t.Error("plain session unexpectedly used TLS")
	}
	checkDelivered(t, msgs[0], m, d)
}

func TestSMTPSenderSTARTTLSWithAuth(t *testing.T) {
	t.Parallel()
	cert, pool := selfSigned(t)
	be := &testBackend{user: "portal", pass: "s3cret"}
	port := startServer(t, be, modeSTARTTLS, cert)
	s := mustSMTPSender(t, SMTPConfig{
		Port: port, Security: SecuritySTARTTLS, Username: "portal", Password: "s3cret",
		TLSConfig: &tls.Config{RootCAs: pool},
	})
	m, d := resetMessage(t)
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := be.messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	if !msgs[0].TLS {
		t.Error("message was not sent over TLS")
	}
	if msgs[0].User != "portal" {
		t.Errorf("authenticated as %q", msgs[0].User)
	}
	checkDelivered(t, msgs[0], m, d)
}

func TestSMTPSenderImplicitTLS(t *testing.T) {
	t.Parallel()
	cert, pool := selfSigned(t)
	be := &testBackend{}
	port := startServer(t, be, modeTLS, cert)
	s := mustSMTPSender(t, SMTPConfig{Port: port, Security: SecurityTLS, TLSConfig: &tls.Config{RootCAs: pool}})
	m, d := resetMessage(t)
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := be.messages()
	if len(msgs) != 1 || !msgs[0].TLS {
		t.Fatalf("got %d messages (TLS=%v), want 1 over TLS", len(msgs), len(msgs) == 1 && msgs[0].TLS)
	}
	checkDelivered(t, msgs[0], m, d)
}

// TLS must stay verified: an untrusted certificate and a relay without
// STARTTLS both refuse to send, and neither counts as permanent.
func TestSMTPSenderRefusesInsecure(t *testing.T) {
	t.Parallel()
	cert, _ := selfSigned(t)
	m, _ := resetMessage(t)

	t.Run("untrusted certificate", func(t *testing.T) {
		be := &testBackend{}
		port := startServer(t, be, modeSTARTTLS, cert)
		s := mustSMTPSender(t, SMTPConfig{Port: port}) // default: starttls, system roots
		err := s.Send(context.Background(), m)
		if err == nil || IsPermanent(err) {
			t.Fatalf("err = %v, permanent %v; want temporary error", err, IsPermanent(err))
		}
		if n := len(be.messages()); n != 0 {
			t.Fatalf("%d messages delivered despite bad certificate", n)
		}
	})
	t.Run("no STARTTLS offered", func(t *testing.T) {
		be := &testBackend{}
		port := startServer(t, be, modePlain, nil)
		s := mustSMTPSender(t, SMTPConfig{Port: port, Security: SecuritySTARTTLS})
		err := s.Send(context.Background(), m)
		if err == nil || IsPermanent(err) {
			t.Fatalf("err = %v, permanent %v; want temporary error", err, IsPermanent(err))
		}
		if n := len(be.messages()); n != 0 {
			t.Fatalf("%d messages delivered in clear text", n)
		}
	})
}

func TestSMTPSenderErrorClassification(t *testing.T) {
	t.Parallel()
	m, _ := resetMessage(t)
	tests := []struct {
		name      string
		port      func(t *testing.T) int
		permanent bool
	}{
		{"451 at DATA", func(t *testing.T) int {
			return startServer(t, &testBackend{dataErr: errTemp, dataFail: -1}, modePlain, nil)
		}, false},
		{"451 at RCPT", func(t *testing.T) int {
			return startServer(t, &testBackend{rcptErr: errTemp}, modePlain, nil)
		}, false},
		{"550 at RCPT", func(t *testing.T) int {
			return startServer(t, &testBackend{rcptErr: errPerm}, modePlain, nil)
		}, true},
		{"550 at DATA", func(t *testing.T) int {
			return startServer(t, &testBackend{dataErr: errPerm, dataFail: -1}, modePlain, nil)
		}, true},
		{"connection refused", closedPort, false},
		{"auth required but not configured", func(t *testing.T) int {
			return startServer(t, &testBackend{user: "u", pass: "p"}, modePlain, nil)
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustSMTPSender(t, SMTPConfig{Port: tc.port(t), Security: SecurityNone})
			err := s.Send(context.Background(), m)
			if err == nil {
				t.Fatal("Send succeeded, want error")
			}
			if got := IsPermanent(err); got != tc.permanent {
				t.Fatalf("IsPermanent(%v) = %v, want %v", err, got, tc.permanent)
			}
			if strings.Contains(err.Error(), m.Body) || strings.Contains(err.Error(), "Zm9vYmFy") {
				t.Fatalf("error text leaks the body or token: %v", err)
			}
		})
	}
}

func TestSMTPSenderTimeout(t *testing.T) {
	t.Parallel()
	s := mustSMTPSender(t, SMTPConfig{Port: mailtest.SilentRelay(t), Security: SecurityNone, Timeout: 300 * time.Millisecond})
	m, _ := resetMessage(t)
	start := time.Now()
	err := s.Send(context.Background(), m)
	if err == nil || IsPermanent(err) {
		t.Fatalf("err = %v, want temporary error", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("Send took %v despite 300ms timeout", d)
	}
}

func TestSMTPSenderContextCancelled(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	s := mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m, _ := resetMessage(t)
	err := s.Send(ctx, m)
	if !errors.Is(err, context.Canceled) || IsPermanent(err) {
		t.Fatalf("err = %v, want temporary context.Canceled", err)
	}
	if len(be.messages()) != 0 {
		t.Fatal("sent despite cancelled context")
	}
}

func TestSMTPSenderInvalidMessage(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	s := mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone})
	for name, m := range map[string]Message{
		"bad recipient":     {To: "not an address", Subject: "x", Body: "x"},
		"subject injection": {To: "a@b.test", Subject: "x\r\nBcc: evil@x.test", Body: "x"},
		"bad message id":    {To: "a@b.test", Subject: "x", Body: "x", MessageID: "no-at-sign"},
	} {
		err := s.Send(context.Background(), m)
		if !IsPermanent(err) {
			t.Errorf("%s: err = %v, want permanent", name, err)
		}
	}
	if len(be.messages()) != 0 {
		t.Fatal("invalid message was delivered")
	}
}

func TestSMTPSenderGeneratesMessageID(t *testing.T) {
	t.Parallel()
	be := &testBackend{}
	s := mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modePlain, nil), Security: SecurityNone})
	if err := s.Send(context.Background(), Message{To: "a@b.test", Subject: "hi", Body: "hello\n"}); err != nil {
		t.Fatal(err)
	}
	msgs := be.messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages", len(msgs))
	}
	id := parseMail(t, msgs[0].Data).Header.Get("Message-Id")
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@sipdesk.test>") {
		t.Fatalf("Message-ID = %q", id)
	}
}

func TestNewSMTPSenderValidates(t *testing.T) {
	t.Parallel()
	ok := SMTPConfig{Host: "relay.test", From: "noreply@x.test"}
	for name, mod := range map[string]func(*SMTPConfig){
		"no host":           func(c *SMTPConfig) { c.Host = "" },
		"no from":           func(c *SMTPConfig) { c.From = "" },
		"bad from":          func(c *SMTPConfig) { c.From = "nope" },
		"bad security":      func(c *SMTPConfig) { c.Security = "ssl" },
		"bad port":          func(c *SMTPConfig) { c.Port = 70000 },
		"user, no password": func(c *SMTPConfig) { c.Username = "u" },
		"negative timeout":  func(c *SMTPConfig) { c.Timeout = -time.Second },
	} {
		c := ok
		mod(&c)
		if _, err := NewSMTPSender(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewSMTPSender(ok); err != nil {
		t.Fatalf("valid config: %v", err)
	}
}

func TestSMTPConfigLogValueRedactsPassword(t *testing.T) {
	t.Parallel()
	c := SMTPConfig{Host: "relay.test", Username: "u", Password: "hunter2"}
	if s := c.LogValue().String(); strings.Contains(s, "hunter2") {
		t.Fatalf("LogValue leaks password: %s", s)
	}
}

func TestIsPermanentNil(t *testing.T) {
	t.Parallel()
	if IsPermanent(nil) || IsPermanent(errors.New("x")) || IsPermanent(context.DeadlineExceeded) {
		t.Fatal("nil/plain errors must be temporary")
	}
}

func TestProbe(t *testing.T) {
	t.Parallel()
	cert, pool := selfSigned(t)
	be := &testBackend{}
	ok := mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modeSTARTTLS, cert), Security: SecuritySTARTTLS,
		TLSConfig: &tls.Config{RootCAs: pool}})
	if err := ok.Probe(context.Background()); err != nil {
		t.Fatalf("probe of a STARTTLS relay: %v", err)
	}
	if n := len(be.messages()); n != 0 {
		t.Fatalf("a probe sent %d messages", n)
	}
	untrusted := mustSMTPSender(t, SMTPConfig{Port: startServer(t, be, modeSTARTTLS, cert), Security: SecuritySTARTTLS})
	if err := untrusted.Probe(context.Background()); err == nil {
		t.Fatal("a probe accepted a certificate nobody trusts")
	}
	down := mustSMTPSender(t, SMTPConfig{Port: closedPort(t), Security: SecurityNone})
	if err := down.Probe(context.Background()); err == nil {
		t.Fatal("a probe of a closed port succeeded")
	}
}
