-- sipdesk's one table in Kamailio's database: which sipdesk store
-- provisions it. Kamailio never reads it. The first sipdesk store to
-- provision the database records its identity here (automatically only
-- while that deletes and overwrites nothing; else `admin provisioning
-- bind`), and a store with another identity never writes to subscriber or
-- location: a replica started against the wrong sipdesk store (a mistyped
-- or forgotten --database-url) must not make the registrar equal to it.
-- Create it as the database's owner, after Kamailio's schema and before
-- grants.sql:
--
--   psql -v ON_ERROR_STOP=1 -d kamailio -f deploy/kamailio/sipdesk-provisioner.sql
CREATE TABLE IF NOT EXISTS sipdesk_provisioner (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    store_id VARCHAR(64) NOT NULL,
    bound_at TIMESTAMP WITH TIME ZONE NOT NULL,
    bound_by VARCHAR(255) NOT NULL
);
