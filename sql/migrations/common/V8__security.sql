-- V8: schema security: API keys, customer credentials, audit/security/prompt-injection/voice-security/API access logs, compliance reports, threat intelligence and security policies.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE security.api_keys (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    key_hash                     VARCHAR(255) NOT NULL UNIQUE,
    name                         VARCHAR(255) NOT NULL,
    description                  TEXT,
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    permissions                  JSONB NOT NULL DEFAULT '{}',
    rate_limit                   JSONB DEFAULT '{
  "requests_per_minute": 100,
  "requests_per_hour": 1000,
  "requests_per_day": 10000
}',
    ip_whitelist                 JSONB DEFAULT '[]',  -- Array of allowed IP addresses/CIDR
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'revoked', 'expired')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at                   TIMESTAMPTZ,
    last_used_at                 TIMESTAMPTZ,
    usage_count                  INTEGER DEFAULT 0,
    version                      INTEGER DEFAULT 1
);

CREATE TABLE security.customer_credentials (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    credential_type              VARCHAR(100) NOT NULL,  -- 'api_key', 'oauth_token', 'database', 'mcp_connector'
    credential_name              VARCHAR(255) NOT NULL,
    encrypted_data               TEXT NOT NULL,  -- Base64 encoded encrypted credential
    data_key_encrypted           TEXT NOT NULL,  -- KMS encrypted data key
    encryption_context           JSONB NOT NULL,  -- Additional AAD for decryption
    kms_key_alias                VARCHAR(255) NOT NULL,  -- Tenant-specific KMS key
    metadata                     JSONB DEFAULT '{}',  -- Non-sensitive metadata
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'expired', 'rotating')),
    expires_at                   TIMESTAMPTZ,
    last_rotated_at              TIMESTAMPTZ,
    last_accessed_at             TIMESTAMPTZ,
    access_count                 INTEGER DEFAULT 0,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id)
);
CREATE INDEX idx_credentials_tenant_type ON security.customer_credentials (tenant_id, credential_type, status);
CREATE INDEX idx_credentials_expires ON security.customer_credentials (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE security.audit_logs (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID REFERENCES agent_manager.tenants(id),
    user_id                      UUID REFERENCES agent_manager.users(id),
    api_key_id                   UUID REFERENCES security.api_keys(id),
    action                       VARCHAR(100) NOT NULL,
    resource_type                VARCHAR(100) NOT NULL,
    resource_id                  UUID,
    resource_name                VARCHAR(255),
    ip_address                   INET,
    user_agent                   TEXT,
    request_id                   UUID,
    session_id                   VARCHAR(255),
    details                      JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'success' CHECK (status IN ('success', 'failure', 'error')),
    error_message                TEXT,
    duration_ms                  INTEGER,
    edge_region                  VARCHAR(50),
    aws_region                   VARCHAR(50),
    -- Widened with the time column: TimescaleDB and PostgreSQL partitioning both require every unique key to
    -- include it. id is still a random UUID (or the producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp")
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE security.security_events (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID REFERENCES agent_manager.tenants(id),
    event_type                   VARCHAR(100) NOT NULL CHECK (event_type IN ('login_failure', 'suspicious_activity', 'rate_limit_exceeded', 'unauthorized_access', 'data_breach', 'system_anomaly')),
    severity                     VARCHAR(20) NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    source                       VARCHAR(100) NOT NULL,
    ip_address                   INET,
    user_id                      UUID REFERENCES agent_manager.users(id),
    api_key_id                   UUID REFERENCES security.api_keys(id),
    details                      JSONB DEFAULT '{}',
    resolved                     BOOLEAN DEFAULT FALSE,
    resolved_at                  TIMESTAMPTZ,
    resolved_by                  UUID REFERENCES agent_manager.users(id),
    resolution_notes             TEXT,
    automated_response           JSONB DEFAULT '{}',
    risk_score                   DECIMAL(3,2) DEFAULT 0.00,
    -- Widened with the time column: TimescaleDB and PostgreSQL partitioning both require every unique key to
    -- include it. id is still a random UUID (or the producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp")
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE security.prompt_injection_attempts (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id),
    agent_id                     UUID REFERENCES agent_manager.agents(id),
    agent_version_id             UUID REFERENCES agent_manager.agent_versions(id),
    call_sid                     VARCHAR(255),
    input_text                   TEXT NOT NULL,
    detection_method             VARCHAR(100) NOT NULL CHECK (detection_method IN ('rule_based', 'ml_model', 'llm_detection', 'pattern_matching')),
    confidence_score             DECIMAL(3,2) NOT NULL,
    threat_level                 VARCHAR(20) DEFAULT 'medium' CHECK (threat_level IN ('low', 'medium', 'high', 'critical')),
    action_taken                 VARCHAR(100) NOT NULL CHECK (action_taken IN ('blocked', 'sanitized', 'logged', 'escalated')),
    metadata                     JSONB DEFAULT '{}',
    false_positive               BOOLEAN,
    reviewed_by                  UUID REFERENCES agent_manager.users(id),
    reviewed_at                  TIMESTAMPTZ,
    -- Widened with the time column: TimescaleDB and PostgreSQL partitioning both require every unique key to
    -- include it. id is still a random UUID (or the producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp")
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE security.voice_security_events (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id),
    agent_id                     UUID REFERENCES agent_manager.agents(id),
    agent_version_id             UUID REFERENCES agent_manager.agent_versions(id),
    call_sid                     VARCHAR(255) NOT NULL,
    event_type                   VARCHAR(100) NOT NULL CHECK (event_type IN ('voice_cloning', 'deepfake_audio', 'caller_spoofing', 'audio_anomaly', 'suspicious_patterns')),
    detection_method             VARCHAR(100) NOT NULL CHECK (detection_method IN ('ai_model', 'voice_biometrics', 'pattern_analysis', 'frequency_analysis')),
    confidence_score             DECIMAL(3,2) NOT NULL,
    threat_level                 VARCHAR(20) DEFAULT 'medium' CHECK (threat_level IN ('low', 'medium', 'high', 'critical')),
    action_taken                 VARCHAR(100) NOT NULL CHECK (action_taken IN ('call_terminated', 'escalated', 'logged', 'user_notified')),
    audio_sample_url             VARCHAR(500),  -- Encrypted storage location
    metadata                     JSONB DEFAULT '{}',
    false_positive               BOOLEAN,
    reviewed_by                  UUID REFERENCES agent_manager.users(id),
    reviewed_at                  TIMESTAMPTZ,
    -- Widened with the time column: TimescaleDB and PostgreSQL partitioning both require every unique key to
    -- include it. id is still a random UUID (or the producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp")
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE security.api_access_logs (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    organization_id              UUID REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID REFERENCES agent_manager.tenants(id),
    user_id                      UUID REFERENCES agent_manager.users(id),
    api_key_id                   UUID REFERENCES security.api_keys(id),
    endpoint                     VARCHAR(255) NOT NULL,
    method                       VARCHAR(10) NOT NULL,
    status_code                  INTEGER NOT NULL,
    response_time_ms             INTEGER NOT NULL,
    request_size_bytes           INTEGER DEFAULT 0,
    response_size_bytes          INTEGER DEFAULT 0,
    ip_address                   INET,
    user_agent                   TEXT,
    request_id                   UUID,
    request_body_hash            VARCHAR(64),  -- SHA-256 hash for sensitive data
    rate_limited                 BOOLEAN DEFAULT FALSE,
    cached_response              BOOLEAN DEFAULT FALSE,
    edge_region                  VARCHAR(50),
    aws_region                   VARCHAR(50),
    error_details                JSONB DEFAULT '{}',
    -- Widened with the time column: TimescaleDB and PostgreSQL partitioning both require every unique key to
    -- include it. id is still a random UUID (or the producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp")
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE security.compliance_reports (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    report_type                  VARCHAR(50) NOT NULL CHECK (report_type IN ('soc2', 'hipaa', 'gdpr', 'pci_dss', 'custom')),
    reporting_period_start       TIMESTAMPTZ NOT NULL,
    reporting_period_end         TIMESTAMPTZ NOT NULL,
    status                       VARCHAR(50) DEFAULT 'generating' CHECK (status IN ('generating', 'completed', 'failed')),
    report_data                  JSONB NOT NULL DEFAULT '{}',
    findings                     JSONB DEFAULT '[]',
    recommendations              JSONB DEFAULT '[]',
    generated_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    generated_by_id              UUID NOT NULL REFERENCES agent_manager.users(id),
    report_file_url              VARCHAR(500),  -- Encrypted storage location
    checksum                     VARCHAR(64)  -- SHA-256 checksum for integrity
);

CREATE TABLE security.threat_intelligence (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    threat_type                  VARCHAR(100) NOT NULL,  -- 'voice_cloning', 'number_spoofing', 'prompt_injection'
    threat_signature             TEXT NOT NULL,
    severity                     VARCHAR(20) NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    detection_method             VARCHAR(100) NOT NULL,
    active                       BOOLEAN DEFAULT TRUE,
    false_positive_rate          DECIMAL(5,2),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    source                       VARCHAR(100),  -- 'internal', 'vendor', 'community'
    metadata                     JSONB DEFAULT '{}'
);

CREATE TABLE security.security_policies (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID REFERENCES agent_manager.organizations(id),  -- NULL for global policies
    tenant_id                    UUID REFERENCES agent_manager.tenants(id),  -- NULL for org-wide policies
    policy_type                  VARCHAR(100) NOT NULL,  -- 'password', 'mfa', 'api_access', 'data_retention'
    policy_name                  VARCHAR(255) NOT NULL,
    requirements                 JSONB NOT NULL,
    enforcement_level            VARCHAR(50) DEFAULT 'required' CHECK (enforcement_level IN ('optional', 'recommended', 'required', 'strict')),
    grace_period_days            INTEGER DEFAULT 0,
    exceptions                   JSONB DEFAULT '[]',
    active                       BOOLEAN DEFAULT TRUE,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by                   UUID REFERENCES agent_manager.users(id)
);

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_audit_logs_tenant_time ON security.audit_logs (tenant_id, timestamp DESC);
CREATE INDEX idx_audit_logs_user_action ON security.audit_logs (user_id, action, timestamp DESC);
CREATE INDEX idx_audit_logs_resource ON security.audit_logs (resource_type, resource_id, timestamp DESC);
CREATE INDEX idx_security_events_tenant_time ON security.security_events (tenant_id, timestamp DESC);
CREATE INDEX idx_security_events_severity ON security.security_events (severity, resolved, timestamp DESC);
CREATE INDEX idx_security_events_type ON security.security_events (event_type, timestamp DESC);
CREATE INDEX idx_api_logs_tenant_time ON security.api_access_logs (tenant_id, timestamp DESC);
CREATE INDEX idx_api_logs_endpoint_time ON security.api_access_logs (endpoint, timestamp DESC);
CREATE INDEX idx_api_logs_status_time ON security.api_access_logs (status_code, timestamp DESC);
CREATE INDEX idx_api_logs_performance ON security.api_access_logs (response_time_ms DESC, timestamp DESC);
