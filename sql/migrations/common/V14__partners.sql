-- V14: schema partners: Partners and the organizations they manage.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE partners.partners (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    partner_code                 VARCHAR(20) NOT NULL UNIQUE,  -- Format: PTR-XXXX-XXXX
    company_name                 VARCHAR(255) NOT NULL,
    partner_type                 VARCHAR(50) NOT NULL CHECK (partner_type IN ('reseller', 'referral', 'technology', 'integration')),
    tier                         VARCHAR(50) DEFAULT 'bronze' CHECK (tier IN ('bronze', 'silver', 'gold', 'platinum')),
    commission_rate              DECIMAL(5,2) DEFAULT 20.00,
    discount_rate                DECIMAL(5,2) DEFAULT 0.00,
    billing_model                VARCHAR(50) DEFAULT 'revenue_share' CHECK (billing_model IN ('revenue_share', 'fixed_fee', 'tiered', 'custom')),
    contract_start               DATE NOT NULL,
    contract_end                 DATE,
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('pending', 'active', 'suspended', 'terminated')),
    primary_contact              JSONB NOT NULL,
    technical_contact            JSONB,
    billing_contact              JSONB,
    api_access_enabled           BOOLEAN DEFAULT TRUE,
    white_label_enabled          BOOLEAN DEFAULT FALSE,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE partners.partner_organizations (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    partner_id                   UUID NOT NULL REFERENCES partners.partners(id),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    relationship_type            VARCHAR(50) DEFAULT 'managed' CHECK (relationship_type IN ('managed', 'referred', 'supported')),
    commission_override          DECIMAL(5,2),  -- Override partner default
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    metadata                     JSONB DEFAULT '{}',
    UNIQUE (partner_id, organization_id)
);

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_partners_type_status ON partners.partners (partner_type, status);
CREATE INDEX idx_partners_tier ON partners.partners (tier, status) WHERE status = 'active';
CREATE INDEX idx_partner_orgs_partner ON partners.partner_organizations (partner_id);
CREATE INDEX idx_partner_orgs_org ON partners.partner_organizations (organization_id);
