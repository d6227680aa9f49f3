-- V11: schema quality: Call quality scores, per-agent performance metrics and customer feedback.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE quality.call_quality_scores (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    call_id                      UUID NOT NULL REFERENCES call_analytics.calls(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL,
    agent_id                     UUID NOT NULL,
    overall_score                DECIMAL(3,2) NOT NULL,  -- 0.00 to 1.00
    audio_quality_score          DECIMAL(3,2),
    agent_performance_score      DECIMAL(3,2),
    customer_satisfaction_score  DECIMAL(3,2),
    compliance_score             DECIMAL(3,2),
    scoring_method               VARCHAR(50) DEFAULT 'ai' CHECK (scoring_method IN ('ai', 'manual', 'hybrid')),
    scoring_model_version        VARCHAR(50),
    issues_detected              JSONB DEFAULT '[]',
    highlights                   JSONB DEFAULT '[]',
    recommendations              JSONB DEFAULT '[]',
    scored_at                    TIMESTAMPTZ NOT NULL DEFAULT now(),
    reviewed_by                  UUID REFERENCES agent_manager.users(id),
    reviewed_at                  TIMESTAMPTZ,
    review_notes                 TEXT
);

CREATE TABLE quality.agent_performance_metrics (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    agent_id                     UUID NOT NULL REFERENCES agent_manager.agents(id),
    tenant_id                    UUID NOT NULL,
    metric_date                  DATE NOT NULL,
    total_calls                  INTEGER DEFAULT 0,
    successful_calls             INTEGER DEFAULT 0,
    average_call_duration        DECIMAL(10,2),
    average_response_time_ms     DECIMAL(10,2),
    customer_satisfaction_avg    DECIMAL(3,2),
    first_call_resolution_rate   DECIMAL(5,2),
    tool_usage_stats             JSONB DEFAULT '{}',
    error_rate                   DECIMAL(5,2),
    escalation_rate              DECIMAL(5,2),
    compliance_violations        INTEGER DEFAULT 0,
    -- Widened with the time column and the space dimension's column (tenant_id): TimescaleDB and PostgreSQL
    -- partitioning require every unique key to include the partitioning columns. id is still a random UUID (or the
    -- producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp", tenant_id),
    -- The document's UNIQUE (agent_id, metric_date) cannot exist on a time-partitioned table without the time column.
    -- Decision: pin "timestamp" to the metric day (midnight UTC) and widen the key with it (and tenant_id, the space
    -- dimension); an agent belongs to one tenant, so the key still means exactly one row per agent and day.
    CONSTRAINT agent_performance_metrics_timestamp_is_metric_day CHECK ("timestamp" = (metric_date::timestamp AT TIME ZONE 'UTC')),
    UNIQUE (agent_id, metric_date, "timestamp", tenant_id)
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE quality.customer_feedback (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    call_id                      UUID NOT NULL REFERENCES call_analytics.calls(id),
    tenant_id                    UUID NOT NULL,
    feedback_type                VARCHAR(50) NOT NULL CHECK (feedback_type IN ('survey', 'rating', 'comment', 'complaint')),
    rating                       INTEGER CHECK (rating >= 1 AND rating <= 5),
    nps_score                    INTEGER CHECK (nps_score >= 0 AND nps_score <= 10),
    comment                      TEXT,
    categories                   JSONB DEFAULT '[]',  -- ['helpful', 'fast', 'accurate', 'friendly']
    sentiment                    VARCHAR(20) CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    collected_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    collection_method            VARCHAR(50),  -- 'post_call_ivr', 'sms', 'email', 'in_call'
    metadata                     JSONB DEFAULT '{}'
);

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_quality_scores_call ON quality.call_quality_scores (call_id);
CREATE INDEX idx_quality_scores_agent ON quality.call_quality_scores (agent_id, scored_at DESC);
CREATE INDEX idx_quality_scores_low ON quality.call_quality_scores (overall_score, scored_at DESC) WHERE overall_score < 0.7;
CREATE INDEX idx_agent_metrics_time ON quality.agent_performance_metrics (agent_id, timestamp DESC);
CREATE INDEX idx_agent_metrics_date ON quality.agent_performance_metrics (agent_id, metric_date DESC);
CREATE INDEX idx_feedback_call ON quality.customer_feedback (call_id);
CREATE INDEX idx_feedback_sentiment ON quality.customer_feedback (sentiment, collected_at DESC);
CREATE INDEX idx_feedback_nps ON quality.customer_feedback (nps_score, collected_at DESC) WHERE nps_score IS NOT NULL;
