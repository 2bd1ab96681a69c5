-- +goose Up
-- The provisioning outbox gets a consumer: the worker of every replica
-- claims rows the way the mail worker does (status, attempt counter, due
-- time that doubles as the claim's lease), so one replica applies each
-- event and a failed one is retried with back-off. consumed_at stays the
-- time the event was applied. Rows written before this migration were
-- never applied: they start queued and due.
ALTER TABLE provisioning_outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'done', 'failed'));
ALTER TABLE provisioning_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE provisioning_outbox ADD COLUMN next_attempt_at DATETIME;
ALTER TABLE provisioning_outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE provisioning_outbox ADD COLUMN claimed_at DATETIME;
ALTER TABLE provisioning_outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
UPDATE provisioning_outbox SET status = 'done' WHERE consumed_at IS NOT NULL;
UPDATE provisioning_outbox SET next_attempt_at = created_at;
CREATE INDEX provisioning_outbox_due_idx ON provisioning_outbox (status, next_attempt_at);

-- +goose Down
DROP INDEX provisioning_outbox_due_idx;
ALTER TABLE provisioning_outbox DROP COLUMN last_error;
ALTER TABLE provisioning_outbox DROP COLUMN claimed_at;
ALTER TABLE provisioning_outbox DROP COLUMN claimed_by;
ALTER TABLE provisioning_outbox DROP COLUMN next_attempt_at;
ALTER TABLE provisioning_outbox DROP COLUMN attempts;
ALTER TABLE provisioning_outbox DROP COLUMN status;
