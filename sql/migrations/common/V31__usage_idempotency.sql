-- V31: the billing pipeline's durable memory of every usage event it stored, so that uniqueness of
-- (tenant_id, event_id) holds for ever, not only for the streaming job's de-duplication window.
-- usage_metering cannot hold that key itself: as a hypertable (or a partitioned table) every unique key must contain
-- "timestamp", so the same event id sent again with another event_time would be billed twice. This plain table is
-- written in the same transaction as the usage rows, so a replay of any age, a start without state or an old savepoint
-- bills nothing twice, and the same id with other content is refused while the first stands.
-- A RECORD's row is kept narrow (it is written once per billed event): its amounts are in its usage_metering row,
-- found by (event_id, event_time, tenant_id), that table's key. A CORRECTION or VOID also keeps its own event, until
-- its target has arrived, and the difference it wrote.

CREATE TABLE billing.usage_idempotency (
    tenant_id         UUID NOT NULL,
    event_id          UUID NOT NULL,
    fingerprint       BIGINT NOT NULL,          -- first 64 bits of the SHA-256 of the event's content
    event_time        TIMESTAMPTZ NOT NULL,
    target_event_id   UUID,                     -- NULL for a RECORD; the RECORD a CORRECTION or VOID adjusts
    adjustment        JSONB,                    -- a CORRECTION's or VOID's kind, amounts and usage row
    applied_quantity  DECIMAL(20,6),            -- the signed difference it wrote into usage_metering; NULL while waiting
    applied_cost      DECIMAL(10,6),
    PRIMARY KEY (tenant_id, event_id)
);

-- A target's adjustments, applied or not: read when one of them or the target arrives.
CREATE INDEX idx_usage_idempotency_adjustments ON billing.usage_idempotency (tenant_id, target_event_id)
    WHERE target_event_id IS NOT NULL;
-- The adjustments still waiting for their target: nearly always empty, so a batch of RECORDs probes it for free.
CREATE INDEX idx_usage_idempotency_waiting ON billing.usage_idempotency (tenant_id, target_event_id)
    WHERE target_event_id IS NOT NULL AND applied_quantity IS NULL;

COMMENT ON TABLE billing.usage_idempotency IS
    'Every usage event stored by the pipeline, by (tenant_id, event_id): the durable idempotency key of billing.';
