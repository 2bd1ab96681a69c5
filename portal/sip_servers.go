package portal

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// SIPServer is one SIP registrar a device can use.
type SIPServer struct {
	Host      string `json:"host"`
	Port      int    `json:"port"`
	Transport string `json:"transport"`
}

func (s SIPServer) String() string {
	return s.HostPort() + " (" + strings.ToUpper(s.Transport) + ")"
}

// HostPort is host:port, an IPv6 address in brackets ([2001:db8::10]:5060).
func (s SIPServer) HostPort() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// ParseSIPServer reads HOST:PORT/TRANSPORT (port defaults to 5060, 5061
// for tls; transport to udp). An IPv6 address is written in brackets, as
// in a SIP URI ([2001:db8::10]:5060/udp); Host keeps it without them.
func ParseSIPServer(s string) (SIPServer, error) {
	hostport, transport, _ := strings.Cut(strings.TrimSpace(s), "/")
	if transport == "" {
		transport = "udp"
	}
	transport = strings.ToLower(transport)
	if transport != "udp" && transport != "tcp" && transport != "tls" {
		return SIPServer{}, fmt.Errorf("SIP server %q: transport must be udp, tcp or tls", s)
	}
	host, portStr, found, err := splitServerHostPort(hostport)
	if err != nil {
		return SIPServer{}, fmt.Errorf("SIP server %q: %w", s, err)
	}
	port := 5060
	if transport == "tls" {
		port = 5061
	}
	if found {
		p, err := strconv.Atoi(portStr)
		if err != nil || p < 1 || p > 65535 {
			return SIPServer{}, fmt.Errorf("SIP server %q: bad port", s)
		}
		port = p
	}
	if host == "" {
		return SIPServer{}, fmt.Errorf("SIP server %q: missing host", s)
	}
	return SIPServer{Host: host, Port: port, Transport: transport}, nil
}

// splitServerHostPort splits HOST[:PORT] and [IPv6][:PORT]; found reports
// whether a port was given. An IPv6 address without brackets is refused:
// whether its last group is the port cannot be told.
func splitServerHostPort(hostport string) (host, port string, found bool, err error) {
	if rest, ok := strings.CutPrefix(hostport, "["); ok {
		inside, after, ok := strings.Cut(rest, "]")
		if !ok {
			return "", "", false, errors.New("the IPv6 address lacks its closing ]")
		}
		if inside == "" {
			return "", "", false, nil
		}
		addr, perr := netip.ParseAddr(inside)
		if perr != nil || !addr.Is6() || addr.Is4In6() || addr.Zone() != "" {
			return "", "", false, errors.New("only an IPv6 address goes in brackets")
		}
		if after == "" {
			return addr.String(), "", false, nil
		}
		port, ok = strings.CutPrefix(after, ":")
		if !ok {
			return "", "", false, errors.New("a port follows the ] after a colon")
		}
		return addr.String(), port, true, nil
	}
	if strings.Count(hostport, ":") > 1 {
		return "", "", false, errors.New("write an IPv6 address in brackets, e.g. [2001:db8::10]:5060/udp")
	}
	host, port, found = strings.Cut(hostport, ":")
	return host, port, found, nil
}

// ParseSIPServers reads --sip-server settings, REGION=HOST:PORT/TRANSPORT
// (ch or at), repeatable. A region's servers default as its realm does
// (ParseSIPRealms): the settings of a region replace DefaultConfig's
// servers of that region only, so giving CH's servers leaves AT's default
// in place rather than leaving the AT portal with none.
func ParseSIPServers(items []string) (map[string][]SIPServer, error) {
	given := map[string][]SIPServer{}
	for _, it := range items {
		region, spec, ok := strings.Cut(it, "=")
		region = strings.ToUpper(strings.TrimSpace(region))
		if !ok || (region != RegionCH && region != RegionAT) {
			return nil, fmt.Errorf("--sip-server %q: want ch=HOST:PORT/TRANSPORT or at=HOST:PORT/TRANSPORT", it)
		}
		srv, err := ParseSIPServer(spec)
		if err != nil {
			return nil, err
		}
		given[region] = append(given[region], srv)
	}
	out := DefaultConfig().SIPServers
	for region, servers := range given {
		out[region] = servers
	}
	return out, nil
}
