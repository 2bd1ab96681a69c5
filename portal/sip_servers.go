package portal

import (
	"fmt"
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
	return s.Host + ":" + strconv.Itoa(s.Port) + " (" + strings.ToUpper(s.Transport) + ")"
}

// ParseSIPServer reads HOST:PORT/TRANSPORT (port defaults to 5060, transport to udp).
func ParseSIPServer(s string) (SIPServer, error) {
	hostport, transport, _ := strings.Cut(strings.TrimSpace(s), "/")
	if transport == "" {
		transport = "udp"
	}
	transport = strings.ToLower(transport)
	if transport != "udp" && transport != "tcp" && transport != "tls" {
		return SIPServer{}, fmt.Errorf("SIP server %q: transport must be udp, tcp or tls", s)
	}
	host, portStr, found := strings.Cut(hostport, ":")
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
