-- V2: schema agent_manager: Organizations, tenants, roles, users, agents and their versions: the reference data every event is enriched with.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE agent_manager.organizations (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id                   VARCHAR(20) NOT NULL UNIQUE,  -- Format: AYB-XXXX-XXXX-XXXX
    name                         VARCHAR(255) NOT NULL,
    slug                         VARCHAR(100) NOT NULL UNIQUE,
    settings                     JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended', 'pending')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID,
    updated_by_id                UUID,
    version                      INTEGER DEFAULT 1,
    business_type                VARCHAR(100),
    registration_number          VARCHAR(100),
    tax_id                       VARCHAR(100),
    address_line1                VARCHAR(255),
    address_line2                VARCHAR(255),
    city                         VARCHAR(100),
    state                        VARCHAR(100),
    postal_code                  VARCHAR(20),
    country                      VARCHAR(100),
    phone_number                 VARCHAR(20),
    website                      VARCHAR(255),
    industry                     VARCHAR(100),
    compliance_status            VARCHAR(50) DEFAULT 'pending' CHECK (compliance_status IN ('pending', 'verified', 'rejected', 'expired')),
    compliance_verified_at       TIMESTAMPTZ,
    compliance_documents         JSONB DEFAULT '{}',
    edge_regions                 JSONB DEFAULT '["us-east-1", "eu-west-1"]',  -- Cloudflare edge optimization regions
    data_residency_region        VARCHAR(50) DEFAULT 'us-east-1',  -- GDPR compliance
    hybrid_config                JSONB DEFAULT '{}'  -- Cloudflare+AWS configuration
);

CREATE TABLE agent_manager.tenants (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    name                         VARCHAR(255) NOT NULL,
    slug                         VARCHAR(100) NOT NULL UNIQUE,
    subdomain                    VARCHAR(255) NOT NULL UNIQUE,
    settings                     JSONB DEFAULT '{}',
    plan_tier                    VARCHAR(50) DEFAULT 'standard' CHECK (plan_tier IN ('starter', 'standard', 'premium', 'enterprise')),
    max_agents                   INTEGER DEFAULT 5,
    max_concurrent_calls         INTEGER DEFAULT 10,
    max_phone_numbers            INTEGER DEFAULT 1,
    features                     JSONB DEFAULT '{}',  -- Feature flags and limits
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID,
    updated_by_id                UUID,
    version                      INTEGER DEFAULT 1,
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended', 'trial')),
    trial_ends_at                TIMESTAMPTZ,
    billing_cycle                VARCHAR(20) DEFAULT 'monthly' CHECK (billing_cycle IN ('monthly', 'yearly'))
);

CREATE TABLE agent_manager.roles (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    name                         VARCHAR(100) NOT NULL,
    description                  TEXT,
    permissions                  JSONB NOT NULL DEFAULT '{}',
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID,
    updated_by_id                UUID,
    version                      INTEGER DEFAULT 1,
    is_system_role               BOOLEAN DEFAULT FALSE,
    scope                        VARCHAR(50) DEFAULT 'tenant' CHECK (scope IN ('organization', 'tenant')),
    UNIQUE (organization_id, name)
);

CREATE TABLE agent_manager.users (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                      VARCHAR(20) NOT NULL UNIQUE,  -- Format: USR-XXXXXXXXXX
    email                        VARCHAR(255) NOT NULL UNIQUE,
    encrypted_password           VARCHAR(255) NOT NULL,
    full_name                    VARCHAR(255) NOT NULL,
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID REFERENCES agent_manager.tenants(id) ON DELETE SET NULL,
    role_id                      UUID NOT NULL REFERENCES agent_manager.roles(id),
    settings                     JSONB DEFAULT '{}',
    is_active                    BOOLEAN DEFAULT TRUE,
    last_login                   TIMESTAMPTZ,
    login_attempts               INTEGER DEFAULT 0,
    locked_until                 TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id),
    version                      INTEGER DEFAULT 1,
    position                     VARCHAR(100),
    department                   VARCHAR(100),
    phone_number                 VARCHAR(20),
    mfa_enabled                  BOOLEAN DEFAULT FALSE,
    mfa_secret                   TEXT,  -- Encrypted field
    recovery_codes               JSONB,  -- Encrypted field
    password_changed_at          TIMESTAMPTZ DEFAULT now(),
    must_change_password         BOOLEAN DEFAULT FALSE
);

CREATE TABLE agent_manager.agents (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name                         VARCHAR(255) NOT NULL,
    description                  TEXT,
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id),
    system_prompt                TEXT NOT NULL,
    voice_config                 JSONB DEFAULT '{
  "model": "aura-asteria-en",
  "style": "calm_informative",
  "natural_speech": true,
  "emotion_control": "moderate",
  "speed": 1.0,
  "pitch": 0.0
}',
    language_config              JSONB DEFAULT '{
  "primary": "en-US",
  "auto_detect": true,
  "supported": ["en-US"]
}',
    model_config                 JSONB DEFAULT '{
  "default": "claude-3-5-sonnet-v2",
  "fast": "claude-3-5-haiku", 
  "complex": "claude-3-7-sonnet",
  "opus_4": "anthropic.claude-opus-4-20250514-v1:0",
  "sonnet_4": "anthropic.claude-sonnet-4-20250514-v1:0",
  "selection_strategy": "auto",
  "extended_thinking": false,
  "prompt_caching_enabled": true,
  "cache_ttl_seconds": 3600
}',
    settings                     JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'inactive', 'archived')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    version                      INTEGER DEFAULT 1,
    latency_optimization_level   VARCHAR(50) DEFAULT 'balanced' CHECK (latency_optimization_level IN ('ultra_low', 'low', 'balanced', 'quality')),
    max_turn_time_ms             INTEGER DEFAULT 1500,
    interruption_threshold       DECIMAL(3,2) DEFAULT 0.7,
    context_window_size          INTEGER DEFAULT 32000,
    temperature                  DECIMAL(3,2) DEFAULT 0.3,
    automation_config            JSONB DEFAULT '{
  "tools_enabled": true,
  "max_tool_calls": 10,
  "parallel_tool_execution": true,
  "async_workflows": true,
  "timeout_ms": 30000,
  "mcp_enabled": false,
  "code_execution_enabled": false,
  "files_api_enabled": false,
  "web_search_enabled": true
}',
    phone_integration_type       VARCHAR(20) DEFAULT 'managed' CHECK (phone_integration_type IN ('managed', 'sip_trunk', 'twilio')),
    edge_optimization            JSONB DEFAULT '{
  "enabled": true,
  "cache_responses": true,
  "preferred_regions": ["us-east-1", "eu-west-1"]
}'
);

CREATE TABLE agent_manager.agent_versions (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id                     UUID NOT NULL REFERENCES agent_manager.agents(id) ON DELETE CASCADE,
    version                      INTEGER NOT NULL,
    system_prompt                TEXT NOT NULL,
    voice_config                 JSONB NOT NULL,
    language_config              JSONB NOT NULL,
    model_config                 JSONB NOT NULL,
    settings                     JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'published', 'archived')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    is_published                 BOOLEAN DEFAULT FALSE,
    published_at                 TIMESTAMPTZ,
    published_by_id              UUID REFERENCES agent_manager.users(id),
    automation_config            JSONB DEFAULT '{}',
    performance_metrics          JSONB DEFAULT '{}',
    a_b_test_config              JSONB DEFAULT '{}',
    UNIQUE (agent_id, version)
);

CREATE TABLE agent_manager.conversation_nodes (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id                     UUID NOT NULL REFERENCES agent_manager.agents(id) ON DELETE CASCADE,
    agent_version_id             UUID NOT NULL REFERENCES agent_manager.agent_versions(id) ON DELETE CASCADE,
    name                         VARCHAR(255) NOT NULL,
    node_type                    VARCHAR(50) NOT NULL CHECK (node_type IN ('main', 'response', 'tool_call', 'condition', 'transfer', 'end')),
    content                      TEXT,
    conditions                   JSONB DEFAULT '{}',
    next_node_ids                JSONB DEFAULT '[]',  -- Array of possible next nodes
    tool_config                  JSONB DEFAULT '{}',
    position_x                   INTEGER DEFAULT 0,
    position_y                   INTEGER DEFAULT 0,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id)
);

-- The document makes organizations and users reference each other (organizations.created_by_id -> users,
-- users.organization_id -> organizations). Decision: keep both foreign keys; the audit columns on organizations,
-- tenants and roles are DEFERRABLE INITIALLY DEFERRED, so an organization, its first tenant, role and admin user
-- can be inserted in one transaction in any order and are checked together at commit.
ALTER TABLE agent_manager.organizations ADD FOREIGN KEY (created_by_id) REFERENCES agent_manager.users(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE agent_manager.organizations ADD FOREIGN KEY (updated_by_id) REFERENCES agent_manager.users(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE agent_manager.tenants ADD FOREIGN KEY (created_by_id) REFERENCES agent_manager.users(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE agent_manager.tenants ADD FOREIGN KEY (updated_by_id) REFERENCES agent_manager.users(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE agent_manager.roles ADD FOREIGN KEY (created_by_id) REFERENCES agent_manager.users(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE agent_manager.roles ADD FOREIGN KEY (updated_by_id) REFERENCES agent_manager.users(id) DEFERRABLE INITIALLY DEFERRED;

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
-- idx_organizations_slug: served by the column's UNIQUE constraint, whose index is the same; a second one would only slow writes.
CREATE INDEX idx_organizations_status_created ON agent_manager.organizations (status, created_at DESC);
CREATE INDEX idx_organizations_compliance ON agent_manager.organizations (compliance_status, compliance_verified_at);
CREATE INDEX idx_tenants_org_status ON agent_manager.tenants (organization_id, status);
-- idx_tenants_subdomain: served by the column's UNIQUE constraint, whose index is the same; a second one would only slow writes.
CREATE INDEX idx_tenants_plan_tier ON agent_manager.tenants (plan_tier, status);
CREATE UNIQUE INDEX idx_users_email_active ON agent_manager.users (email) WHERE is_active = true;
CREATE INDEX idx_users_org_tenant ON agent_manager.users (organization_id, tenant_id, is_active);
CREATE INDEX idx_users_last_login ON agent_manager.users (last_login DESC) WHERE is_active = true;
CREATE INDEX idx_users_mfa_enabled ON agent_manager.users (mfa_enabled, is_active);
CREATE INDEX idx_agents_tenant_status ON agent_manager.agents (tenant_id, status);
CREATE INDEX idx_agents_integration_type ON agent_manager.agents (phone_integration_type, status);
CREATE INDEX idx_agents_optimization ON agent_manager.agents (latency_optimization_level, status);
CREATE INDEX idx_agent_versions_published ON agent_manager.agent_versions (agent_id, is_published, version DESC);
CREATE INDEX idx_agent_versions_status ON agent_manager.agent_versions (status, created_at DESC);
CREATE INDEX idx_active_agents ON agent_manager.agents (tenant_id, status) WHERE status = 'active';
