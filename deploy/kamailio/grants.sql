-- The least privileges of the registrar database's two roles, Kamailio's
-- and sipdesk's (README, "SIP platform", "One machine"). Run it as the
-- database's owner once Kamailio's schema and sipdesk's table
-- (sipdesk-provisioner.sql) exist and both roles do:
--
--   psql -v ON_ERROR_STOP=1 -v kamailio_role=kamailio -v sipdesk_role=sipdesk \
--        -d kamailio -f deploy/kamailio/grants.sql
--
-- The test suite runs exactly this file (TestREADMEGrantsSufficeForKamailioAndSipdesk).
-- An INSERT into a table with a serial id takes the next value of its
-- sequence, which needs USAGE on the sequence beside INSERT on the table.

-- Kamailio: its start-up schema check (version), digest authentication
-- (subscriber) and the registrations it writes (location).
GRANT SELECT ON version, subscriber TO :"kamailio_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON location TO :"kamailio_role";
GRANT USAGE ON SEQUENCE location_id_seq TO :"kamailio_role";

-- sipdesk: keeps subscriber equal to the portal's SIP credentials, reads
-- registrations for the SIP-Credentials card and removes those of a
-- number that loses its credentials.
GRANT SELECT, INSERT, UPDATE, DELETE ON subscriber TO :"sipdesk_role";
GRANT USAGE ON SEQUENCE subscriber_id_seq TO :"sipdesk_role";
GRANT SELECT, DELETE ON location TO :"sipdesk_role";
-- ... and records which sipdesk store provisions the database: INSERT
-- binds it the first time, UPDATE re-binds it (`admin provisioning bind
-- --replace`), and every write to subscriber and location locks the row
-- (SELECT ... FOR SHARE, which needs UPDATE) so a re-binding waits for it.
GRANT SELECT, INSERT, UPDATE ON sipdesk_provisioner TO :"sipdesk_role";
