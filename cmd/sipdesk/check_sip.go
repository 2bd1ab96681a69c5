package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio"
)

// checkSIPServers names the SIP servers and domain each listened portal's
// customers get on the SIP-Credentials card and in every device set-up.
// A region without --sip-server or --sip-realm of its own keeps the
// built-in example (sip.example.ch, sip.example.at), which no device
// reaches: that is a warning, not a refusal, since a development or demo
// portal (make run) runs on the examples on purpose.
func checkSIPServers(cfg config.Config) checkResult {
	const name = "sip servers"
	listeners, err := cfg.Listeners()
	if err != nil {
		return skip(name, "the settings do not parse")
	}
	servers, err := portal.ParseSIPServers(cfg.SIPServers)
	if err != nil {
		return skip(name, "the settings do not parse")
	}
	realms, err := portal.ParseSIPRealms(cfg.SIPRealms)
	if err != nil {
		return skip(name, "the settings do not parse")
	}
	example := portal.DefaultConfig()
	var each, warnings []string
	for _, l := range listeners {
		r, region := l.Region, strings.ToLower(l.Region)
		list := make([]string, len(servers[r]))
		for i, srv := range servers[r] {
			list[i] = srv.String()
		}
		each = append(each, fmt.Sprintf("%s %s, domain %s", region, strings.Join(list, ", "), realms[r]))
		if slices.Equal(servers[r], example.SIPServers[r]) {
			warnings = append(warnings, fmt.Sprintf("%s has the built-in example SIP server %s (set --sip-server %s=HOST:PORT/TRANSPORT)", region, strings.Join(list, ", "), region))
		}
		if realms[r] == example.SIPRealms[r] {
			warnings = append(warnings, fmt.Sprintf("%s has the built-in example SIP domain %s (set --sip-realm %s=DOMAIN)", region, realms[r], region))
		}
	}
	if len(warnings) > 0 {
		return warn(name, "%s; customers of a listened portal would be told to configure it", strings.Join(warnings, "; "))
	}
	return pass(name, "%s", strings.Join(each, "; "))
}

// checkRegistrar opens Kamailio's database and reads the two tables
// sipdesk uses, so a wrong URL or a missing schema shows before serving.
func checkRegistrar(ctx context.Context, url string) checkResult {
	if url == "" {
		return pass("registrar", "no --kamailio-database-url: SIP credentials are not provisioned, no registration status")
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	st, err := kamailio.Open(ctx, url)
	if err != nil {
		return fail("registrar", err)
	}
	defer st.Close()
	var subscribers, registrations int
	if err := st.DB.GetContext(ctx, &subscribers, `SELECT count(*) FROM subscriber`); err != nil {
		return fail("registrar", fmt.Errorf("read the subscriber table of Kamailio (auth_db-create.sql): %w", err))
	}
	if err := st.DB.GetContext(ctx, &registrations, `SELECT count(*) FROM location`); err != nil {
		return fail("registrar", fmt.Errorf("read the location table of Kamailio (usrloc-create.sql): %w", err))
	}
	return pass("registrar", "Kamailio's database answers: %d subscribers, %d registrations", subscribers, registrations)
}
