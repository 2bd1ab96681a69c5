-- +goose Up
-- The store's identity: random, made at the first start that finds none
-- (portal.StoreIdentity). The registrar database records which store
-- provisions it (Kamailio's database, table sipdesk_provisioner), and a
-- store whose identity is not that one never writes there: a replica
-- started against the wrong store (a mistyped or forgotten
-- --database-url) must not make the registrar equal to it. A backup
-- restored keeps the identity, as it is the same store.
CREATE TABLE store_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    store_id    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE store_identity;
