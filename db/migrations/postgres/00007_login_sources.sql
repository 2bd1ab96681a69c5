-- +goose Up
-- The networks and keys each account has logged in from, for the "new
-- sign-in" mail. It was answered from audit_events, grouping every login
-- of the last 90 days on each login: a script that logs in every five
-- minutes made that 26,000 rows per login. One row per account, kind and
-- value instead, its last use refreshed at most daily; rows unused for the
-- audit's 90 days are swept with it, so such a network is new again, as
-- before. An account without rows is filled from its audit events on its
-- next login (portal.signInNotice), so the upgrade sends no false mail.
CREATE TABLE login_sources (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('network', 'key')),
    value      TEXT NOT NULL,                       -- "192.0.2.0/24", "2001:db8:1::/48" or a key's SHA256 fingerprint
    last_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, kind, value)
);
CREATE INDEX login_sources_last_idx ON login_sources (last_at);

-- +goose Down
DROP TABLE login_sources;
