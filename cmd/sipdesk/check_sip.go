package main

import (
	"context"
	"fmt"

	"github.com/sipdesk/sipdesk/sip/kamailio"
)

// checkRegistrar opens Kamailio's database and reads the two tables
// sipdesk uses, so a wrong URL or a missing schema shows before serving.
// A database that does not answer fails the check but not serve's start:
// serve provisions once it answers.
func checkRegistrar(ctx context.Context, url string) checkResult {
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
	return pass("registrar", "Kamailio's database answers: %d subscribers, %d registrations", subscribers, registrations)
}
