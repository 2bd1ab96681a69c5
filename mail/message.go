package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one outbound plain-text mail. It is deliberately minimal: the
// portal only sends short transactional notices to a single recipient, so
// there is no Cc, HTML or attachment support to get wrong.
type Message struct {
	// To is the single recipient, a bare address or "Name <addr>".
	To string
	// Subject is the header value; it must not contain line breaks.
	Subject string
	// Body is the plain-text (UTF-8) body.
	Body string
	// MessageID is the RFC 5322 Message-ID, with or without angle brackets.
	// The caller supplies it (the outbox stores one per row, see
	// NewMessageID) so that a retry after an ambiguous failure - e.g. the
	// connection dropped after the relay accepted the data - carries the
	// same ID and receiving systems can drop the duplicate. If empty, a
	// random one is generated per send.
	MessageID string
}

// Sender delivers one Message. Implementations must be safe for concurrent
// use. A returned error should be classified with IsPermanent to decide
// between retrying later and giving up.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// permanentError marks failures that retrying cannot fix (an invalid
// message, a recipient the relay rejected with 5xx).
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err: err} }

// IsPermanent reports whether err means the message can never be delivered
// as is, so the outbox should mark it failed instead of retrying.
//
// Permanent are: an invalid message (bad recipient address, line breaks in a
// header) and a 5xx reply to RCPT TO, DATA or the end of the data, i.e. the
// relay rejected this recipient or this content.
//
// Everything else is temporary: 4xx replies, connection refused, timeouts,
// TLS and authentication failures, 5xx during EHLO/STARTTLS/AUTH/MAIL FROM,
// and context cancellation. The last group is on purpose: those are
// problems of our relay configuration that hit every mail alike and that an
// operator can fix, and failing every queued mail permanently because the
// relay password expired would lose welcome and reset mails. The worker's
// MaxAttempts still bounds how long such mail is retried.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	var pe *permanentError
	if errors.As(err, &pe) {
		return true
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		return sendErrorIsPermanent(se)
	}
	return false
}

// sendErrorIsPermanent classifies go-mail's SendError by the SMTP stage it
// failed in and the reply code (go-mail's own IsTemp only looks at the first
// digit of the error text, which calls every non-SMTP error permanent).
func sendErrorIsPermanent(se *gomail.SendError) bool {
	switch se.Reason {
	case gomail.ErrGetRcpts:
		return true // the recipient address does not parse
	case gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
		code := se.ErrorCode()
		return code >= 500 && code <= 599
	}
	return false
}

// NewMessageID returns a fresh globally unique Message-ID (without angle
// brackets) under domain, e.g. the region's public host name. The outbox
// stores it with the row so every retry of that mail reuses it.
func NewMessageID(domain string) string {
	if domain == "" || strings.ContainsAny(domain, "<>@ \t\r\n") {
		domain = "localhost"
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return fmt.Sprintf("%s.%s@%s", time.Now().UTC().Format("20060102T150405"), hex.EncodeToString(b[:]), domain)
}

// normalizeMessageID strips optional angle brackets and checks that id is
// usable as a msg-id, so a bad value cannot break the header.
func normalizeMessageID(id string) (string, error) {
	id = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
	at := strings.LastIndexByte(id, '@')
	if at <= 0 || at == len(id)-1 || strings.ContainsAny(id, "<>()[]\\,;:\" \t\r\n") {
		return "", errors.New("invalid Message-ID")
	}
	for _, r := range id {
		if r < 0x21 || r > 0x7e {
			return "", errors.New("invalid Message-ID")
		}
	}
	return id, nil
}

// parseFrom validates a configured From address once, at construction.
func parseFrom(from string) (*netmail.Address, error) {
	if strings.TrimSpace(from) == "" {
		return nil, errors.New("mail: From address is required")
	}
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: invalid From address: %w", err)
	}
	return a, nil
}

// buildMsg turns m into a go-mail message. Both senders use it, so a .eml
// written by DirSender is byte-for-byte what SMTPSender would transmit
// (apart from the transfer encoding). Validation errors are permanent.
func buildMsg(from *netmail.Address, m Message, now time.Time, enc gomail.Encoding) (*gomail.Msg, error) {
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, permanent(fmt.Errorf("mail: invalid recipient address: %w", err))
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, permanent(errors.New("mail: subject contains a line break"))
	}
	id := m.MessageID
	if id == "" {
		id = NewMessageID(domainOf(from.Address))
	}
	id, err = normalizeMessageID(id)
	if err != nil {
		return nil, permanent(fmt.Errorf("mail: %w", err))
	}

	msg := gomail.NewMsg(
		gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithEncoding(enc),
		gomail.WithNoDefaultUserAgent(), // no need to advertise the library version
	)
	msg.FromMailAddress(from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(id)
	msg.SetDateWithValue(now)
	// RFC 3834: keeps vacation responders from answering a reset mail.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	return msg, nil
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return ""
}
