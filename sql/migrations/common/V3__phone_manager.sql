-- V3: schema phone_manager: Phone numbers, reservations, porting requests and SIP trunks.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE phone_manager.phone_numbers (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    number                       VARCHAR(20) NOT NULL UNIQUE,
    formatted_number             VARCHAR(30) NOT NULL,  -- E.164 format
    country_code                 VARCHAR(3) NOT NULL,
    area_code                    VARCHAR(10),
    local_number                 VARCHAR(15) NOT NULL,
    acquisition_method           VARCHAR(20) NOT NULL CHECK (acquisition_method IN ('managed', 'sip_trunk', 'twilio', 'ported')),
    provider                     VARCHAR(50) NOT NULL,  -- 'aybiza', 'twilio', 'external_sip'
    provider_id                  VARCHAR(255),  -- External provider identifier
    capabilities                 JSONB DEFAULT '{
  "voice": true,
  "sms": false,
  "fax": false,
  "mms": false
}',
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    agent_id                     UUID REFERENCES agent_manager.agents(id) ON DELETE SET NULL,
    settings                     JSONB DEFAULT '{}',
    monthly_cost                 DECIMAL(10,4) DEFAULT 1.00,
    setup_cost                   DECIMAL(10,4) DEFAULT 0.00,
    currency                     VARCHAR(3) DEFAULT 'USD',
    status                       VARCHAR(50) DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'inactive', 'suspended', 'porting', 'failed')),
    region                       VARCHAR(50) NOT NULL,  -- Geographic region for optimization
    compliance_verified          BOOLEAN DEFAULT FALSE,
    compliance_documents         JSONB DEFAULT '{}',
    emergency_services_enabled   BOOLEAN DEFAULT TRUE,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id),
    version                      INTEGER DEFAULT 1,
    last_health_check            TIMESTAMPTZ,
    health_status                VARCHAR(20) DEFAULT 'unknown' CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown'))
);

CREATE TABLE phone_manager.phone_number_reservations (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    requested_area_code          VARCHAR(10),
    requested_country            VARCHAR(100) NOT NULL,
    requested_region             VARCHAR(100),
    acquisition_method           VARCHAR(20) NOT NULL CHECK (acquisition_method IN ('managed', 'sip_trunk', 'twilio', 'porting')),
    status                       VARCHAR(50) DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'available', 'reserved', 'completed', 'failed', 'expired')),
    available_numbers            JSONB DEFAULT '[]',  -- Array of available numbers
    selected_number              VARCHAR(20),
    reservation_expires_at       TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    metadata                     JSONB DEFAULT '{}'
);

CREATE TABLE phone_manager.porting_requests (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    phone_number                 VARCHAR(20) NOT NULL,
    current_provider             VARCHAR(100) NOT NULL,
    account_number               VARCHAR(100) NOT NULL,
    pin_password                 TEXT,  -- Encrypted field
    authorized_contact           JSONB NOT NULL,  -- Contact information
    service_address              JSONB NOT NULL,  -- Service address
    billing_address              JSONB,  -- Billing address if different
    supporting_documents         JSONB DEFAULT '[]',  -- Array of document URLs
    status                       VARCHAR(50) DEFAULT 'pending' CHECK (status IN ('pending', 'submitted', 'in_progress', 'approved', 'rejected', 'completed', 'cancelled')),
    provider_response            JSONB DEFAULT '{}',
    estimated_completion         TIMESTAMPTZ,
    actual_completion            TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    processed_by_id              UUID REFERENCES agent_manager.users(id)
);

CREATE TABLE phone_manager.sip_trunks (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name                         VARCHAR(255) NOT NULL,
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    provider_name                VARCHAR(100) NOT NULL,
    termination_uri              VARCHAR(500) NOT NULL,
    origination_uris             JSONB NOT NULL DEFAULT '[]',  -- Array of origination URIs
    authentication_method        VARCHAR(50) DEFAULT 'ip_acl' CHECK (authentication_method IN ('ip_acl', 'credential', 'certificate')),
    credentials                  JSONB,  -- Encrypted credentials if needed
    ip_access_control_list       JSONB DEFAULT '[]',  -- Array of allowed IP addresses
    codec_preferences            JSONB DEFAULT '["PCMU", "PCMA", "G722"]',
    max_concurrent_calls         INTEGER DEFAULT 10,
    settings                     JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'testing', 'failed')),
    last_health_check            TIMESTAMPTZ,
    health_status                VARCHAR(20) DEFAULT 'unknown' CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id)
);

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
-- idx_phone_numbers_number: served by the UNIQUE constraint on number, whose index is the same.
CREATE INDEX idx_phone_numbers_tenant_status ON phone_manager.phone_numbers (tenant_id, status);
CREATE INDEX idx_phone_numbers_acquisition ON phone_manager.phone_numbers (acquisition_method, status);
CREATE INDEX idx_phone_numbers_region ON phone_manager.phone_numbers (region, status);
CREATE INDEX idx_phone_numbers_health ON phone_manager.phone_numbers (health_status, last_health_check);
CREATE INDEX idx_reservations_tenant_status ON phone_manager.phone_number_reservations (tenant_id, status);
CREATE INDEX idx_reservations_expires ON phone_manager.phone_number_reservations (reservation_expires_at) WHERE status IN ('reserved', 'available');
CREATE INDEX idx_porting_tenant_status ON phone_manager.porting_requests (tenant_id, status);
CREATE INDEX idx_porting_completion ON phone_manager.porting_requests (estimated_completion, status);
CREATE INDEX idx_sip_trunks_tenant_status ON phone_manager.sip_trunks (tenant_id, status);
CREATE INDEX idx_sip_trunks_health ON phone_manager.sip_trunks (health_status, last_health_check);
