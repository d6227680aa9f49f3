-- V10: schema identity: SSO configurations, user sessions and login history.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE identity.sso_configurations (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    provider                     VARCHAR(50) NOT NULL CHECK (provider IN ('saml', 'oidc', 'azure_ad', 'okta', 'google_workspace', 'custom')),
    enabled                      BOOLEAN DEFAULT TRUE,
    idp_entity_id                VARCHAR(500) NOT NULL,
    sso_url                      VARCHAR(500) NOT NULL,
    certificate                  TEXT,  -- X.509 certificate for SAML
    client_id                    VARCHAR(255),  -- For OIDC
    client_secret                TEXT,  -- Encrypted, for OIDC
    metadata_url                 VARCHAR(500),
    attribute_mapping            JSONB NOT NULL DEFAULT '{}',
    default_role_id              UUID REFERENCES agent_manager.roles(id),
    auto_provision_users         BOOLEAN DEFAULT TRUE,
    jit_provisioning             BOOLEAN DEFAULT TRUE,
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'testing')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE identity.user_sessions (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                      UUID NOT NULL REFERENCES agent_manager.users(id) ON DELETE CASCADE,
    session_token                VARCHAR(255) NOT NULL UNIQUE,  -- Hashed
    refresh_token                VARCHAR(255) UNIQUE,  -- Hashed
    ip_address                   INET NOT NULL,
    user_agent                   TEXT,
    device_fingerprint           VARCHAR(255),
    location                     JSONB,  -- GeoIP data
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at                   TIMESTAMPTZ NOT NULL,
    last_activity                TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at                   TIMESTAMPTZ,
    revoked_reason               VARCHAR(100)
);

CREATE TABLE identity.login_history (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_id                      UUID NOT NULL REFERENCES agent_manager.users(id),
    success                      BOOLEAN NOT NULL,
    failure_reason               VARCHAR(100),  -- 'invalid_password', 'account_locked', 'mfa_failed'
    ip_address                   INET NOT NULL,
    user_agent                   TEXT,
    device_fingerprint           VARCHAR(255),
    location                     JSONB,
    authentication_method        VARCHAR(50),  -- 'password', 'sso', 'api_key', 'mfa'
    risk_score                   DECIMAL(3,2),
    suspicious_indicators        JSONB DEFAULT '[]',
    -- Widened with the time column and the space dimension's column (user_id): TimescaleDB and PostgreSQL
    -- partitioning require every unique key to include the partitioning columns. id is still a random UUID (or the
    -- producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp", user_id)
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_sso_configs_org ON identity.sso_configurations (organization_id, enabled);
CREATE INDEX idx_user_sessions_user ON identity.user_sessions (user_id, expires_at);
CREATE INDEX idx_user_sessions_activity ON identity.user_sessions (last_activity) WHERE revoked_at IS NULL;
CREATE INDEX idx_login_history_user_time ON identity.login_history (user_id, timestamp DESC);
CREATE INDEX idx_login_history_failures ON identity.login_history (timestamp DESC) WHERE success = FALSE;
CREATE INDEX idx_login_history_risk ON identity.login_history (risk_score DESC, timestamp DESC) WHERE risk_score > 0.7;
