// Package provision keeps the registrar's subscriber table equal to
// sipdesk's truth. Every change of a number's SIP credentials (new VoIP
// password, product changed, number added or removed) writes a row to the
// provisioning outbox in the same transaction; the Worker of every replica
// claims due rows atomically with a lease (db.ClaimProvisioning, the same
// claim as the mail outbox), so one replica applies each event, and a
// failed attempt is retried with back-off until it is given up and listed
// as failed. Applying an event reads the number's current truth and makes
// Kamailio match it, so applying it twice, late or out of order changes
// nothing: the result is the same.
//
// Reconcile compares the whole table with the truth and repairs it (the
// `admin provisioning sync` command), for failed events and for changes
// made to Kamailio's database by hand.
package provision
