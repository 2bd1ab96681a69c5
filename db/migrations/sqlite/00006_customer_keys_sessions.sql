-- +goose Up
-- Customers' SSH keys, beside admin_keys rather than in it: admin keys are
-- managed by customer care without a password, a limit or a mail, and one
-- person may use the same key for two customer accounts (the login name
-- says which), so the fingerprint is unique per account only.
CREATE TABLE customer_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL,                     -- SHA256 fingerprint of the public key
    public_key   TEXT NOT NULL,                     -- authorized_keys format, without comment
    name         TEXT NOT NULL DEFAULT '',          -- the customer's label (or the key's comment)
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    UNIQUE (account_id, fingerprint)
);
CREATE INDEX customer_keys_fingerprint_idx ON customer_keys (fingerprint);

-- One row per open SSH connection of an account, on every replica: written
-- when the connection authenticates, removed when it ends. A replica that
-- dies leaves its rows behind; they expire when last_seen_at is older than
-- a few watcher intervals. revoked_at asks the owning replica's watcher to
-- end the connection.
CREATE TABLE live_sessions (
    id             TEXT PRIMARY KEY,                -- short random ID shown to the customer
    account_id     BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    replica        TEXT NOT NULL,
    how            TEXT NOT NULL CHECK (how IN ('tui', 'command', 'sftp', 'scp')),
    source         TEXT NOT NULL DEFAULT '',        -- remote IP address
    client_version TEXT NOT NULL DEFAULT '',        -- SSH client version string, printable ASCII only
    auth           TEXT NOT NULL DEFAULT '',        -- "password" or the key's SHA256 fingerprint
    started_at     DATETIME NOT NULL,
    last_active_at DATETIME NOT NULL,
    last_seen_at   DATETIME NOT NULL,               -- refreshed by the replica's watcher
    revoked_at     DATETIME
);
CREATE INDEX live_sessions_account_idx ON live_sessions (account_id);
CREATE INDEX live_sessions_replica_idx ON live_sessions (replica);

-- +goose Down
DROP TABLE live_sessions;
DROP TABLE customer_keys;
