-- +goose Up
-- The whole domain of the FAQ in one schema: accounts and their login
-- factors, phone numbers with products and SIP credentials, hold/queue music,
-- reset tokens, the mail and provisioning outboxes, audit events and login
-- throttling. Secrets (TOTP secret, VoIP password, mail bodies that carry
-- links) are AES-GCM ciphertexts made with the server key; tokens and
-- recovery codes are stored only as hashes.

CREATE TABLE accounts (
    id              BIGSERIAL PRIMARY KEY,
    user_id         TEXT NOT NULL UNIQUE,           -- login name, lower case (the email address for customers)
    email           TEXT NOT NULL,                  -- stored address for resets and notifications
    name            TEXT NOT NULL DEFAULT '',
    region          TEXT NOT NULL CHECK (region IN ('CH', 'AT')),
    role            TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
    password_hash   TEXT,                           -- argon2id PHC string; NULL until a password is set
    totp_secret     BYTEA,                          -- encrypted; NULL when 2FA is off
    totp_enabled    BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step  BIGINT NOT NULL DEFAULT 0,      -- RFC 6238 section 5.2: a code is accepted once
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    session_epoch   BIGINT NOT NULL DEFAULT 0,      -- raised to end every open session of the account
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    password_changed_at TIMESTAMPTZ,
    last_login_at   TIMESTAMPTZ
);
CREATE INDEX accounts_email_idx ON accounts (email);

CREATE TABLE recovery_codes (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX recovery_codes_account_idx ON recovery_codes (account_id);

CREATE TABLE admin_keys (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL UNIQUE,               -- SHA256 fingerprint of the public key
    public_key  TEXT NOT NULL,                      -- authorized_keys format
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX admin_keys_account_idx ON admin_keys (account_id);

CREATE TABLE phone_numbers (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    e164        TEXT NOT NULL UNIQUE CHECK (e164 LIKE '+%'),
    product     TEXT NOT NULL CHECK (product IN ('pbx', 'trunk', 'teams', 'trunk-participant', 'none')),
    trunk_id    BIGINT REFERENCES phone_numbers (id) ON DELETE SET NULL, -- main number of a trunk participant
    label       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX phone_numbers_account_idx ON phone_numbers (account_id, e164);
CREATE INDEX phone_numbers_trunk_idx ON phone_numbers (trunk_id);

CREATE TABLE sip_credentials (
    number_id       BIGINT PRIMARY KEY REFERENCES phone_numbers (id) ON DELETE CASCADE,
    sip_username    TEXT NOT NULL UNIQUE,
    voip_password   BYTEA NOT NULL,                 -- encrypted with the server key
    sip_servers     TEXT NOT NULL DEFAULT '',       -- override of the region's servers; empty: region default
    changed_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE music_files (
    id              BIGSERIAL PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('hold', 'queue')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'active', 'failed', 'replaced')),
    original_name   TEXT NOT NULL DEFAULT '',
    format          TEXT NOT NULL,                  -- wav or mp3, decided by content
    content_type    TEXT NOT NULL,
    codec           TEXT NOT NULL DEFAULT '',
    size_bytes      BIGINT NOT NULL,
    original        BYTEA NOT NULL,
    wav8k           BYTEA,                          -- telephony renditions, filled on activation
    wav16k          BYTEA,
    ulaw            BYTEA,
    alaw            BYTEA,
    duration_ms     BIGINT NOT NULL DEFAULT 0,
    peaks           TEXT NOT NULL DEFAULT '',
    error           TEXT NOT NULL DEFAULT '',
    licence_shown_at TIMESTAMPTZ NOT NULL,          -- the upload path showed the licence notice
    uploaded_at     TIMESTAMPTZ NOT NULL,
    claimed_by      TEXT NOT NULL DEFAULT '',
    claimed_at      TIMESTAMPTZ,
    attempts        INTEGER NOT NULL DEFAULT 0,
    activated_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX music_files_one_active ON music_files (account_id, kind) WHERE status = 'active';
CREATE INDEX music_files_account_idx ON music_files (account_id, kind, status);
CREATE INDEX music_files_queue_idx ON music_files (status, uploaded_at) WHERE status IN ('pending', 'processing');

CREATE TABLE reset_tokens (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,               -- SHA-256 of the token; the token itself is never stored
    purpose     TEXT NOT NULL CHECK (purpose IN ('reset', 'welcome')),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX reset_tokens_account_idx ON reset_tokens (account_id, created_at);

CREATE TABLE mail_outbox (
    id              BIGSERIAL PRIMARY KEY,
    account_id      BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL,
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            BYTEA NOT NULL,                 -- encrypted: reset mails carry single-use links
    message_id      TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_by      TEXT NOT NULL DEFAULT '',
    claimed_at      TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (status, next_attempt_at);

CREATE TABLE provisioning_outbox (
    id          BIGSERIAL PRIMARY KEY,
    number_id   BIGINT REFERENCES phone_numbers (id) ON DELETE SET NULL,
    e164        TEXT NOT NULL,
    event       TEXT NOT NULL,                      -- e.g. voip-password-changed; never the password itself
    created_at  TIMESTAMPTZ NOT NULL,
    consumed_at TIMESTAMPTZ
);
CREATE INDEX provisioning_outbox_pending_idx ON provisioning_outbox (consumed_at, id);

CREATE TABLE audit_events (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    actor       TEXT NOT NULL,                      -- user ID of who acted, kept when the account is gone
    account_id  BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_account_idx ON audit_events (account_id, at);
CREATE INDEX audit_events_at_idx ON audit_events (at);

-- Login throttling, in the store so limits hold across restarts and replicas.
-- scope is 'account' (subject: account id) or 'source' (subject: remote IP).
CREATE TABLE login_failures (
    scope           TEXT NOT NULL,
    subject         TEXT NOT NULL,
    consecutive     INTEGER NOT NULL DEFAULT 0,
    last_failure_at TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ,
    PRIMARY KEY (scope, subject)
);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE audit_events;
DROP TABLE provisioning_outbox;
DROP TABLE mail_outbox;
DROP TABLE reset_tokens;
DROP TABLE music_files;
DROP TABLE sip_credentials;
DROP TABLE phone_numbers;
DROP TABLE admin_keys;
DROP TABLE recovery_codes;
DROP TABLE accounts;
