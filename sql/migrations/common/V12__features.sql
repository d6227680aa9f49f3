-- V12: schema features: Feature flags, tenant overrides and white-label configurations.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE features.feature_flags (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name                         VARCHAR(100) NOT NULL UNIQUE,
    description                  TEXT,
    flag_type                    VARCHAR(50) DEFAULT 'release' CHECK (flag_type IN ('release', 'experiment', 'operational', 'permission')),
    default_enabled              BOOLEAN DEFAULT FALSE,
    rollout_percentage           DECIMAL(5,2) DEFAULT 0.00,
    targeting_rules              JSONB DEFAULT '{}',
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by                   UUID REFERENCES agent_manager.users(id)
);

CREATE TABLE features.tenant_feature_overrides (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    feature_flag_id              UUID NOT NULL REFERENCES features.feature_flags(id),
    enabled                      BOOLEAN NOT NULL,
    configuration                JSONB DEFAULT '{}',
    reason                       TEXT,
    expires_at                   TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by                   UUID REFERENCES agent_manager.users(id),
    UNIQUE (tenant_id, feature_flag_id)
);

CREATE TABLE features.white_label_configurations (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    brand_name                   VARCHAR(255) NOT NULL,
    logo_url                     VARCHAR(500),
    favicon_url                  VARCHAR(500),
    primary_color                VARCHAR(7),  -- Hex color
    secondary_color              VARCHAR(7),
    custom_domain                VARCHAR(255) UNIQUE,
    ssl_certificate_id           VARCHAR(255),  -- AWS ACM certificate
    email_from_name              VARCHAR(255),
    email_from_address           VARCHAR(255),
    support_email                VARCHAR(255),
    support_phone                VARCHAR(20),
    custom_css                   TEXT,
    custom_js                    TEXT,
    metadata                     JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'active',
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_feature_flags_type ON features.feature_flags (flag_type, default_enabled);
CREATE INDEX idx_feature_overrides_tenant ON features.tenant_feature_overrides (tenant_id);
CREATE INDEX idx_feature_overrides_expires ON features.tenant_feature_overrides (expires_at) WHERE expires_at IS NOT NULL;
