package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Values for SMTPConfig.Security.
const (
	// SecuritySTARTTLS upgrades a plain connection with STARTTLS and refuses
	// to send if the relay does not offer it (no silent downgrade: reset
	// links are credentials). The default; default port 587.
	SecuritySTARTTLS = "starttls"
	// SecurityTLS is implicit TLS from the first byte; default port 465.
	SecurityTLS = "tls"
	// SecurityNone sends in clear text. Only for a relay on localhost or in
	// tests; default port 25.
	SecurityNone = "none"
)

// DefaultSMTPTimeout bounds connecting and each SMTP command when
// SMTPConfig.Timeout is zero.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig configures an SMTPSender.
type SMTPConfig struct {
	// Host is the relay's host name; it is also the name the TLS
	// certificate is checked against.
	Host string
	// Port defaults by Security: 587, 465 or 25.
	Port int
	// Security is "starttls" (default), "tls" or "none".
	Security string
	// Username and Password enable SMTP AUTH (mechanism negotiated; plain
	// text mechanisms only over TLS). Both or neither.
	Username, Password string
	// From is the sender, e.g. "Acme Voice <noreply@voice.example>".
	From string
	// Timeout bounds connecting and every SMTP command (DefaultSMTPTimeout
	// if zero). It is what bounds a send in progress, see SMTPSender.Send.
	Timeout time.Duration
	// TLSConfig optionally replaces the default TLS settings, e.g. a
	// RootCAs pool for a relay with a private CA (and for tests with a
	// self-signed certificate). ServerName defaults to Host. Verification
	// stays on: there is deliberately no "skip verify" switch here.
	TLSConfig *tls.Config
}

// LogValue keeps the password out of logs when a config is logged with slog.
func (c SMTPConfig) LogValue() slog.Value {
	pw := ""
	if c.Password != "" {
		pw = "[redacted]"
	}
	return slog.GroupValue(
		slog.String("host", c.Host),
		slog.Int("port", c.Port),
		slog.String("security", c.Security),
		slog.String("username", c.Username),
		slog.String("password", pw),
		slog.String("from", c.From),
		slog.Duration("timeout", c.Timeout),
	)
}

// SMTPSender sends mail through an SMTP relay with go-mail.
//
// It opens a new connection per message rather than keeping a pool:
// portal mail is low-volume (a few messages a minute at most), a fresh
// connection never trips over the relay having dropped an idle one, and one
// failing send cannot poison the next. The go-mail client itself (the
// validated configuration) is built once and shared; it is safe for
// concurrent use because each send dials its own SMTP session.
type SMTPSender struct {
	client *gomail.Client
	from   *netmail.Address
}

// NewSMTPSender validates cfg and returns a sender. Nothing is dialled
// here: a relay that is down at start-up only delays the outbox.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: SMTP host is required")
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		return nil, err
	}
	if (cfg.Username == "") != (cfg.Password == "") {
		return nil, errors.New("mail: SMTP username and password must be set together")
	}
	if cfg.Timeout < 0 {
		return nil, errors.New("mail: SMTP timeout must not be negative")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}

	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout)}
	security := strings.ToLower(strings.TrimSpace(cfg.Security))
	defaultPort := 0
	switch security {
	case "", SecuritySTARTTLS:
		defaultPort = 587
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case SecurityTLS:
		defaultPort = 465
		opts = append(opts, gomail.WithSSL())
	case SecurityNone:
		defaultPort = 25
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("mail: unknown SMTP security %q (want starttls, tls or none)", cfg.Security)
	}
	port := cfg.Port
	if port == 0 {
		port = defaultPort
	}
	if port < 1 || port > 65535 {
		return nil, fmt.Errorf("mail: invalid SMTP port %d", cfg.Port)
	}
	opts = append(opts, gomail.WithPort(port))

	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tlsConf = cfg.TLSConfig.Clone()
		if tlsConf.MinVersion == 0 {
			tlsConf.MinVersion = tls.VersionTLS12
		}
	}
	if tlsConf.ServerName == "" {
		tlsConf.ServerName = cfg.Host
	}
	opts = append(opts, gomail.WithTLSConfig(tlsConf))

	if cfg.Username != "" {
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username),
			gomail.WithPassword(cfg.Password),
		)
	}

	client, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", err)
	}
	return &SMTPSender{client: client, from: from}, nil
}

// Send delivers m over a new SMTP connection. Classify errors with
// IsPermanent.
//
// ctx bounds connecting (and a send is not started once ctx is done); once
// the relay has the message, the session runs to completion within
// SMTPConfig.Timeout per command, because abandoning it half-way would leave
// us not knowing whether the mail went out.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}
	msg, err := buildMsg(s.from, m, time.Now(), gomail.EncodingQP)
	if err != nil {
		return err
	}
	err = s.client.DialAndSendWithContext(ctx, msg)
	if msg.IsDelivered() {
		// The relay accepted the data; a later RSET or QUIT failure does
		// not make it undelivered, and retrying would send it twice.
		return nil
	}
	if err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}
	return nil
}

// Probe connects to the relay as a send would (TLS as configured, the
// certificate checked, SMTP AUTH when a user is set) and quits without
// sending: `sipdesk check` uses it to tell a relay that answers from one
// that does not, before the first reset link waits in the outbox.
func (s *SMTPSender) Probe(ctx context.Context) error {
	if err := s.client.DialWithContext(ctx); err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}
	if err := s.client.Close(); err != nil {
		return fmt.Errorf("mail: smtp: quit: %w", err)
	}
	return nil
}
