-- V31: the billing pipeline's durable memory of every usage event it stored, so that uniqueness of
-- (tenant_id, event_id) holds for ever, not only for the streaming job's de-duplication window.
-- usage_metering cannot hold that key itself: as a hypertable (or a partitioned table) every unique key must contain
-- "timestamp", so the same event id sent again with another event_time would be billed twice. This plain table is
-- written in the same transaction as the usage rows, so a replay of any age, a start without state or an old savepoint
-- bills nothing twice, and the same id with other content is refused while the first stands.
-- It also holds CORRECTION and VOID events until their target has arrived, and the difference each one wrote.

CREATE TABLE billing.usage_idempotency (
    tenant_id         UUID NOT NULL,
    event_id          UUID NOT NULL,
    fingerprint       BYTEA NOT NULL,           -- SHA-256 of the event's content: same id, other content = conflict
    kind              VARCHAR(10) NOT NULL CHECK (kind IN ('RECORD', 'CORRECTION', 'VOID')),
    target_event_id   UUID NOT NULL,            -- the RECORD it adjusts; a RECORD's own id
    event_time        TIMESTAMPTZ NOT NULL,
    quantity          DECIMAL(20,6) NOT NULL,   -- as reported by the event
    total_cost        DECIMAL(10,6) NOT NULL,
    adjustment        JSONB,                    -- a CORRECTION's or VOID's usage row, written once its target is known
    applied_quantity  DECIMAL(20,6),            -- the signed difference it wrote into usage_metering; NULL while waiting
    applied_cost      DECIMAL(10,6),
    recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);

-- Finds a target's adjustments; RECORDs (nearly every row) stay out of it, so it stays small.
CREATE INDEX idx_usage_idempotency_adjustments ON billing.usage_idempotency (tenant_id, target_event_id)
    WHERE kind <> 'RECORD';

COMMENT ON TABLE billing.usage_idempotency IS
    'Every usage event stored by the pipeline, by (tenant_id, event_id): the durable idempotency key of billing.';
