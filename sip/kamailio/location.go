package kamailio

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

// Registration is one contact a device registered for a username.
type Registration struct {
	Username string `json:"-"`
	// Contact is the device's address as it registered it (sip:user@host:port;...).
	Contact string `json:"contact"`
	// Address is where the registrar reaches the device (host:port): the
	// source address when it is behind NAT (received), else the contact's.
	Address string `json:"address"`
	// Transport is udp, tcp, tls, ws or wss: how the REGISTER reached
	// the registrar (received, socket), not what the Contact claims.
	Transport string    `json:"transport"`
	UserAgent string    `json:"user_agent"`
	Expires   time.Time `json:"expires"`
	// Server is the registrar's socket that took the registration
	// (proto:address:port); ServerID is its server_id.
	Server   string `json:"sip_server"`
	ServerID int    `json:"server_id"`
}

type locationRow struct {
	Username  string    `db:"username"`
	Contact   string    `db:"contact"`
	Received  *string   `db:"received"`
	Socket    *string   `db:"socket"`
	UserAgent string    `db:"user_agent"`
	Expires   time.Time `db:"expires"`
	ServerID  int       `db:"server_id"`
}

// Registrations returns the current (unexpired) registrations of each
// username, by username, newest expiry first. Kamailio writes expires as a
// timestamp without zone in its own local time: it is read in Zone, and
// compared with the present in Zone, so neither this process's zone nor
// the database's matters (replicas in different zones show one expiry).
func (s *Store) Registrations(ctx context.Context, usernames ...string) (map[string][]Registration, error) {
	out := map[string][]Registration{}
	if len(usernames) == 0 {
		return out, nil
	}
	zone := s.Zone
	if zone == nil {
		zone = time.Local
	}
	now := time.Now().In(zone).Format("2006-01-02 15:04:05.999999")
	var rows []locationRow
	err := s.DB.SelectContext(ctx, &rows, `SELECT username, contact, received, socket, user_agent,
		expires, server_id FROM location
		WHERE username = ANY($1) AND expires > $2::timestamp
		ORDER BY username, expires DESC, id`, pq.Array(usernames), now)
	if err != nil {
		return nil, fmt.Errorf("read registrations: %w", err)
	}
	for _, r := range rows {
		reg := Registration{Username: r.Username, Contact: r.Contact, UserAgent: r.UserAgent,
			Expires: time.Date(r.Expires.Year(), r.Expires.Month(), r.Expires.Day(), r.Expires.Hour(),
				r.Expires.Minute(), r.Expires.Second(), r.Expires.Nanosecond(), zone),
			ServerID: r.ServerID}
		if r.Socket != nil {
			reg.Server = *r.Socket
		}
		reg.Address, reg.Transport = contactAddress(r.Contact)
		received := ""
		if r.Received != nil && *r.Received != "" {
			received = *r.Received
			reg.Address, _ = contactAddress(received)
		}
		reg.Transport = registrationTransport(reg.Transport, received, reg.Server)
		out[r.Username] = append(out[r.Username], reg)
	}
	return out, nil
}

// OnSeveralServers reports whether the registrations reached more than
// one registrar: every incoming call then rings on each (the FAQ's "rings
// twice"), usually because a device was given two SIP servers. A server
// is its server_id and address: one registrar takes UDP, TCP and TLS on
// several sockets, and two devices reaching it by different transports
// (or ports) are on one server, not on two.
func OnSeveralServers(regs []Registration) bool {
	for _, r := range regs[min(1, len(regs)):] {
		if serverOf(r) != serverOf(regs[0]) {
			return true
		}
	}
	return false
}

// server identifies the registrar behind a registration.
type server struct {
	id   int
	host string
}

// serverOf is the registrar of r: its server_id and the host of the
// socket (proto:host:port) that took the registration.
func serverOf(r Registration) server {
	host := r.Server
	if _, rest, ok := strings.Cut(host, ":"); ok {
		host = rest
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return server{id: r.ServerID, host: strings.ToLower(strings.Trim(host, "[]"))}
}

// registrationTransport is how the registration reached the registrar:
// what Kamailio recorded, not what the device's Contact claims. A Contact
// without ;transport= reads as UDP, while most devices registering over
// TCP or TLS send just that. So: the transport of received (Kamailio
// writes it there for TCP and TLS behind NAT), else the protocol of the
// socket that took the REGISTER (tcp:192.0.2.10:5060), else the
// Contact's. A WebSocket client's contact says ws or wss while its socket
// is the TCP or TLS one beneath: the contact's word is kept then.
func registrationTransport(contact, received, socket string) string {
	if received != "" {
		if t, ok := uriTransport(received); ok {
			return t
		}
	}
	proto, _, ok := strings.Cut(socket, ":")
	switch proto = strings.ToLower(proto); {
	case !ok || proto == "":
		return contact
	case (proto == "tcp" || proto == "tls") && (contact == "ws" || contact == "wss"):
		return contact
	}
	return proto
}

// uriTransport is the ;transport= parameter of a SIP URI, if it has one.
func uriTransport(uri string) (string, bool) {
	_, params, _ := strings.Cut(strings.Trim(strings.TrimSpace(uri), "<>"), ";")
	for _, p := range strings.Split(params, ";") {
		if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, "transport") && v != "" {
			return strings.ToLower(v), true
		}
	}
	return "", false
}

// contactAddress extracts host:port and transport from a SIP URI such as
// sip:user@192.0.2.1:5062;transport=tcp (port 5060, or 5061 for sips).
func contactAddress(uri string) (address, transport string) {
	u := strings.Trim(strings.TrimSpace(uri), "<>")
	scheme, rest, ok := strings.Cut(u, ":")
	if !ok {
		return u, "udp"
	}
	transport, port := "udp", "5060"
	if strings.EqualFold(scheme, "sips") {
		transport, port = "tls", "5061"
	}
	hostport, params, _ := strings.Cut(rest, ";")
	if at := strings.LastIndex(hostport, "@"); at >= 0 {
		hostport = hostport[at+1:]
	}
	for _, p := range strings.Split(params, ";") {
		if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, "transport") {
			transport = strings.ToLower(v)
		}
	}
	if host, p, err := net.SplitHostPort(hostport); err == nil {
		if _, err := strconv.Atoi(p); err == nil {
			return net.JoinHostPort(host, p), transport
		}
	}
	return net.JoinHostPort(strings.Trim(hostport, "[]"), port), transport
}
