-- +goose Up
-- A refusal's reason as a stable code and its parameters ("too_short" and
-- "0.02 s", tab-separated), so each reader sees it in their own language;
-- reason keeps the English for customer care and the log. Rows from
-- before have no code and show their stored reason.
ALTER TABLE music_refusals ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE music_refusals DROP COLUMN reason_code;
