-- +goose Up
-- A customer's own choices for how the portal speaks to them: the language
-- (de, fr, it, en) and the time zone of the times they see. A missing row
-- or an empty value means "not chosen": the language then follows the
-- client's locale and the region, the time zone the region (Europe/Zurich,
-- Europe/Vienna). A table of its own keeps the accounts row, which every
-- login reads, unchanged.
CREATE TABLE account_settings (
    account_id  BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    language    TEXT NOT NULL DEFAULT '' CHECK (language IN ('', 'de', 'fr', 'it', 'en')),
    time_zone   TEXT NOT NULL DEFAULT '',           -- IANA name, checked by the portal
    updated_at  DATETIME NOT NULL
);

-- +goose Down
DROP TABLE account_settings;
