-- V5: schema call_analytics: Calls, transcripts, per-call analytics and the detailed metrics time series.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE call_analytics.calls (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    call_sid                     VARCHAR(255) NOT NULL UNIQUE,
    direction                    VARCHAR(10) NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    status                       VARCHAR(50) NOT NULL CHECK (status IN ('initiated', 'ringing', 'answered', 'completed', 'busy', 'failed', 'no-answer', 'cancelled')),
    from_number                  VARCHAR(20) NOT NULL,
    to_number                    VARCHAR(20) NOT NULL,
    duration_seconds             INTEGER DEFAULT 0,
    billable_duration_seconds    INTEGER DEFAULT 0,
    start_time                   TIMESTAMPTZ NOT NULL,
    answer_time                  TIMESTAMPTZ,
    end_time                     TIMESTAMPTZ,
    recording_url                VARCHAR(500),
    recording_duration_seconds   INTEGER,
    transcript_id                VARCHAR(255),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id),
    agent_id                     UUID REFERENCES agent_manager.agents(id),
    agent_version_id             UUID REFERENCES agent_manager.agent_versions(id),
    phone_number_id              UUID REFERENCES phone_manager.phone_numbers(id),
    metadata                     JSONB DEFAULT '{}',
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    edge_region                  VARCHAR(50),  -- Cloudflare edge region that handled the call
    aws_region                   VARCHAR(50),  -- AWS region that processed the call
    cost_usd                     DECIMAL(10,6) DEFAULT 0.00,
    quality_score                DECIMAL(3,2),  -- AI-generated call quality score (0.00-1.00)
    sentiment_score              DECIMAL(3,2)  -- Overall sentiment (-1.00 to 1.00)
);

CREATE TABLE call_analytics.call_transcripts (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    call_id                      UUID NOT NULL REFERENCES call_analytics.calls(id) ON DELETE CASCADE,
    call_sid                     VARCHAR(255) NOT NULL,
    turns                        JSONB NOT NULL DEFAULT '[]',  -- Array of conversation turns
    full_text                    TEXT,
    word_count                   INTEGER DEFAULT 0,
    speaker_count                INTEGER DEFAULT 2,
    language_detected            VARCHAR(10),
    confidence_score             DECIMAL(3,2) DEFAULT 0.00,
    processing_time_ms           INTEGER,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    redacted                     BOOLEAN DEFAULT FALSE,
    redacted_at                  TIMESTAMPTZ,
    redacted_by_id               UUID REFERENCES agent_manager.users(id),
    pii_detected                 JSONB DEFAULT '{}',  -- Types and locations of detected PII
    summary                      TEXT,  -- AI-generated summary
    key_topics                   JSONB DEFAULT '[]'  -- Extracted topics and keywords
);

CREATE TABLE call_analytics.call_analytics (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    call_sid                     VARCHAR(255) NOT NULL,
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id),
    agent_id                     UUID REFERENCES agent_manager.agents(id),
    agent_version_id             UUID REFERENCES agent_manager.agent_versions(id),
    phone_number_id              UUID REFERENCES phone_manager.phone_numbers(id),
    stt_latency_ms               INTEGER DEFAULT 0,
    llm_first_token_ms           INTEGER DEFAULT 0,
    llm_total_latency_ms         INTEGER DEFAULT 0,
    tts_first_audio_ms           INTEGER DEFAULT 0,
    tts_total_latency_ms         INTEGER DEFAULT 0,
    total_latency_ms             INTEGER DEFAULT 0,
    edge_cache_hits              INTEGER DEFAULT 0,
    edge_cache_misses            INTEGER DEFAULT 0,
    turns_count                  INTEGER DEFAULT 0,
    interruptions_count          INTEGER DEFAULT 0,
    tool_calls_count             INTEGER DEFAULT 0,
    successful_tool_calls        INTEGER DEFAULT 0,
    failed_tool_calls            INTEGER DEFAULT 0,
    tokens_used                  INTEGER DEFAULT 0,
    model_used                   VARCHAR(100),
    voice_model_used             VARCHAR(100),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    automation_usage             JSONB DEFAULT '{}',
    performance_metrics          JSONB DEFAULT '{}'
);

CREATE TABLE call_analytics.detailed_metrics (
    id                           BIGSERIAL,
    "timestamp"                  TIMESTAMPTZ NOT NULL,
    call_sid                     VARCHAR(255) NOT NULL,
    organization_id              UUID NOT NULL,
    tenant_id                    UUID NOT NULL,
    agent_id                     UUID,
    agent_version_id             UUID,
    phone_number_id              UUID,
    metric_type                  VARCHAR(50) NOT NULL CHECK (metric_type IN ('latency', 'quality', 'cost', 'usage', 'error', 'security')),
    metric_name                  VARCHAR(100) NOT NULL,
    metric_value                 DOUBLE PRECISION NOT NULL,
    metric_unit                  VARCHAR(20) DEFAULT 'ms',
    metadata                     JSONB DEFAULT '{}',
    edge_region                  VARCHAR(50),
    aws_region                   VARCHAR(50)
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_calls_tenant_time ON call_analytics.calls (tenant_id, start_time DESC);
CREATE INDEX idx_calls_agent_time ON call_analytics.calls (agent_id, start_time DESC);
CREATE INDEX idx_calls_status_time ON call_analytics.calls (status, start_time DESC);
CREATE INDEX idx_calls_phone_number ON call_analytics.calls (phone_number_id, start_time DESC);
CREATE INDEX idx_calls_duration ON call_analytics.calls (duration_seconds, status);
CREATE INDEX idx_calls_cost ON call_analytics.calls (cost_usd, start_time DESC);
CREATE INDEX idx_call_analytics_tenant ON call_analytics.call_analytics (tenant_id, call_sid);
CREATE INDEX idx_call_analytics_latency ON call_analytics.call_analytics (total_latency_ms, created_at DESC);
CREATE INDEX idx_call_analytics_performance ON call_analytics.call_analytics (model_used, total_latency_ms);
CREATE INDEX idx_transcripts_call ON call_analytics.call_transcripts (call_id);
CREATE INDEX idx_transcripts_redacted ON call_analytics.call_transcripts (redacted, redacted_at);
CREATE INDEX idx_transcripts_language ON call_analytics.call_transcripts (language_detected, confidence_score);
-- idx_recent_calls: the document's predicate (start_time > NOW() - INTERVAL '7 days') is not allowed, since an index
-- predicate must be immutable. Decision: the same index with a constant cutoff, seven days before the migration;
-- `bin/aybiza partitions` rolls the cutoff forward (RecentCallsIndex, CONCURRENTLY), keeping the index small.
DO $$
BEGIN
    EXECUTE format('CREATE INDEX idx_recent_calls ON call_analytics.calls (tenant_id, start_time) WHERE start_time > %L::timestamptz',
                   date_trunc('day', now() - INTERVAL '7 days'));
END
$$;
