package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
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
// sipdesk uses and which store provisions it, so a wrong URL, a missing
// schema or a store that is not the registrar's shows before serving. A
// database that does not answer fails the check but not serve's start:
// serve provisions once it answers. store is the sipdesk store, nil when
// it does not exist (yet) or does not answer.
func checkRegistrar(ctx context.Context, url string, store *db.DB) checkResult {
	if url == "" {
		return pass("registrar", "no --kamailio-database-url: SIP credentials are not provisioned, no registration status")
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	st, err := kamailio.Connect(url)
	if err != nil {
		return fail("registrar", err)
	}
	defer st.Close()
	if err := st.Ping(ctx); err != nil {
		return fail("registrar", fmt.Errorf("%w (serve starts without it and provisions once it answers)", err))
	}
	var subscribers, registrations int
	if err := st.DB.GetContext(ctx, &subscribers, `SELECT count(*) FROM subscriber`); err != nil {
		return fail("registrar", fmt.Errorf("read the subscriber table of Kamailio (auth_db-create.sql): %w", err))
	}
	if err := st.DB.GetContext(ctx, &registrations, `SELECT count(*) FROM location`); err != nil {
		return fail("registrar", fmt.Errorf("read the location table of Kamailio (usrloc-create.sql): %w", err))
	}
	counts := fmt.Sprintf("Kamailio's database answers: %d subscribers, %d registrations", subscribers, registrations)
	bound, err := st.Binding(ctx)
	if errors.Is(err, kamailio.ErrUnbound) {
		return pass("registrar", "%s; bound to no sipdesk store yet: serve binds it to this store if that deletes and "+
			"overwrites no row there, else run admin provisioning bind", counts)
	}
	if err != nil {
		return fail("registrar", err)
	}
	var id string
	if store != nil {
		// A store whose schema predates the identity (serve migrates it)
		// has none yet, like a new one.
		if current, latest, err := store.SchemaStatus(ctx); err != nil || current >= latest {
			if id, err = db.StoreIdentity(ctx, store); err != nil && !errors.Is(err, db.ErrNotFound) {
				return fail("registrar", fmt.Errorf("read the store identity: %w", err))
			}
		}
	}
	if id != bound.StoreID {
		// A store without an identity yet gets a new one: it is not the
		// bound store either.
		return fail("registrar", &kamailio.OtherStoreError{Bound: bound, Store: id})
	}
	return pass("registrar", "%s; provisioned by this store (%s)", counts, id)
}
