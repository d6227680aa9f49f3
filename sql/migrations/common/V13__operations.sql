-- V13: schema operations: Scheduled maintenance, rate limit configurations and SLA tracking.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE operations.scheduled_maintenance (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    title                        VARCHAR(255) NOT NULL,
    description                  TEXT,
    maintenance_type             VARCHAR(50) NOT NULL CHECK (maintenance_type IN ('planned', 'emergency', 'security_patch')),
    affected_services            JSONB NOT NULL DEFAULT '[]',
    affected_regions             JSONB NOT NULL DEFAULT '[]',
    affected_tenants             JSONB DEFAULT '[]',  -- Empty means all tenants
    start_time                   TIMESTAMPTZ NOT NULL,
    end_time                     TIMESTAMPTZ NOT NULL,
    status                       VARCHAR(50) DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    notification_sent            BOOLEAN DEFAULT FALSE,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by                   UUID REFERENCES agent_manager.users(id),
    completed_at                 TIMESTAMPTZ,
    impact_summary               TEXT
);

CREATE TABLE operations.rate_limit_configurations (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    scope                        VARCHAR(50) NOT NULL CHECK (scope IN ('global', 'organization', 'tenant', 'user')),
    scope_id                     UUID,  -- NULL for global
    resource                     VARCHAR(100) NOT NULL,  -- 'api_calls', 'concurrent_calls', 'tool_executions'
    limit_value                  INTEGER NOT NULL,
    time_window_seconds          INTEGER NOT NULL,
    burst_allowed                BOOLEAN DEFAULT TRUE,
    burst_multiplier             DECIMAL(3,2) DEFAULT 1.5,
    enforcement_action           VARCHAR(50) DEFAULT 'throttle' CHECK (enforcement_action IN ('throttle', 'reject', 'queue')),
    alert_threshold_percentage   DECIMAL(5,2) DEFAULT 80.00,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE operations.sla_tracking (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id),
    month                        DATE NOT NULL,
    uptime_percentage            DECIMAL(5,2) NOT NULL,
    api_availability_percentage  DECIMAL(5,2) NOT NULL,
    voice_quality_percentage     DECIMAL(5,2) NOT NULL,
    support_response_time_avg_minutes INTEGER,
    incidents_count              INTEGER DEFAULT 0,
    sla_breaches                 JSONB DEFAULT '[]',
    credits_issued               DECIMAL(10,2) DEFAULT 0.00,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, month)
);
