-- +goose Up
-- Refused music uploads. A refusal is not a music file (no valid audio, or
-- too large), so it never becomes a music_files row; but the OpenSSH scp
-- and sftp clients print only a generic "Failure" for a refused file, so
-- the specific reason is kept here for `music status` and the Music page.
-- Only the newest few per account are kept (pruned on insert).
CREATE TABLE music_refusals (
    id              BIGSERIAL PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('hold', 'queue')),
    original_name   TEXT NOT NULL DEFAULT '',
    size_bytes      BIGINT NOT NULL,                -- bytes received before the refusal
    reason          TEXT NOT NULL,                  -- what the customer was told
    via             TEXT NOT NULL,                  -- ssh, scp or sftp
    remote_addr     TEXT NOT NULL DEFAULT '',
    refused_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX music_refusals_account_idx ON music_refusals (account_id, kind, id);

-- How an upload arrived (ssh, scp, sftp), and so how its licence notice
-- was shown: printed by the command, or sent on the sftp channel's stderr.
ALTER TABLE music_files ADD COLUMN upload_via TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE music_files DROP COLUMN upload_via;
DROP TABLE music_refusals;
