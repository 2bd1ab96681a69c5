package server

import (
	"fmt"
	"net"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/portal"
)

// PortalsOf is where each region's customers connect, worked out from cfg
// without binding anything: for a process that does not serve but writes
// links into mails, such as the local operator's `sipdesk admin`. It
// names the same hosts and ports as Listen's Portals, except that a
// listen port 0 stays 0 (only binding would tell).
func PortalsOf(cfg config.Config) (map[string]portal.PortalAddr, error) {
	listeners, err := cfg.Listeners()
	if err != nil {
		return nil, err
	}
	out := map[string]portal.PortalAddr{}
	for _, l := range listeners {
		addr, err := net.ResolveTCPAddr("tcp", l.Addr)
		if err != nil {
			return nil, fmt.Errorf("--listen %s: %w", l.Addr, err)
		}
		l = withPublicAddr(l, addr)
		out[l.Region] = portal.PortalAddr{Host: l.PublicHost, Port: l.PublicPort}
	}
	return out, nil
}
