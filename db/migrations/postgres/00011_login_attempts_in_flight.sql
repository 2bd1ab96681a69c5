-- +goose Up
-- How many of the counted attempts are still being evaluated (reserved,
-- password not yet checked). A login that finds the lock threshold reached
-- only because of these waits for them instead of being refused: a right
-- password gives its attempt back, so parallel logins of one account with
-- the right password do not lock each other out.
ALTER TABLE login_failures ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE login_failures DROP COLUMN in_flight;
