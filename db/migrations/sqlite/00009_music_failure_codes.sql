-- +goose Up
-- A failed conversion's reason as a stable code and its parameters, like
-- music_refusals.reason_code, so each reader sees it in their own
-- language; error keeps the English for customer care and the log. Rows
-- from before have no code and show their stored error.
ALTER TABLE music_files ADD COLUMN error_code TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE music_files DROP COLUMN error_code;
