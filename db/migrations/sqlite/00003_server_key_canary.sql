-- +goose Up
-- A known value sealed with the server key at first start. A server
-- started with another key (or a fresh one, the old key lost) cannot open
-- it and refuses to start, instead of failing later on every stored
-- secret (SIP credentials, 2FA logins, mails).
CREATE TABLE server_key_canary (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    canary      BLOB NOT NULL,
    created_at  DATETIME NOT NULL
);

-- +goose Down
DROP TABLE server_key_canary;
