-- V7: schema compliance: Consent, call recordings, inter-agent communications, KYC, compliance documents and sanctions screening.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE compliance.consent_records (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    phone_number                 VARCHAR(20) NOT NULL,
    consent_type                 VARCHAR(50) NOT NULL CHECK (consent_type IN ('marketing', 'service', 'emergency')),
    consent_status               VARCHAR(50) NOT NULL CHECK (consent_status IN ('opted_in', 'opted_out', 'expired')),
    opted_in_at                  TIMESTAMPTZ NOT NULL,
    opted_out_at                 TIMESTAMPTZ,
    expires_at                   TIMESTAMPTZ,
    verification_method          VARCHAR(50) NOT NULL CHECK (verification_method IN ('checkbox', 'sms', 'voice', 'email', 'trusted_form')),
    verification_details         JSONB DEFAULT '{}',
    ip_address                   INET,
    user_agent                   TEXT,
    source                       VARCHAR(100),  -- 'web_form', 'api', 'import', etc.
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID REFERENCES agent_manager.users(id)
);
CREATE INDEX idx_consent_phone_type ON compliance.consent_records (phone_number, consent_type, consent_status);
CREATE INDEX idx_consent_tenant_status ON compliance.consent_records (tenant_id, consent_status, expires_at);

CREATE TABLE compliance.call_recordings (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    call_id                      UUID NOT NULL REFERENCES call_analytics.calls(id) ON DELETE CASCADE,
    call_sid                     VARCHAR(255) NOT NULL,
    tenant_id                    UUID NOT NULL,
    recording_url                VARCHAR(500) NOT NULL,  -- S3 URL
    recording_key                VARCHAR(500) NOT NULL,  -- S3 key
    duration_seconds             INTEGER NOT NULL,
    file_size_bytes              BIGINT NOT NULL,
    format                       VARCHAR(20) DEFAULT 'mp3' CHECK (format IN ('mp3', 'wav', 'opus')),
    storage_tier                 VARCHAR(50) DEFAULT 'standard' CHECK (storage_tier IN ('standard', 'infrequent_access', 'glacier')),
    encryption_key_id            VARCHAR(255),  -- KMS key ID
    retention_policy             VARCHAR(50) NOT NULL,  -- 'us_7_years', 'uk_6_years', 'default_3_years'
    scheduled_deletion           TIMESTAMPTZ,
    transcript_available         BOOLEAN DEFAULT FALSE,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    accessed_at                  TIMESTAMPTZ,
    access_count                 INTEGER DEFAULT 0
);
CREATE INDEX idx_recordings_tenant_time ON compliance.call_recordings (tenant_id, created_at DESC);
CREATE INDEX idx_recordings_deletion ON compliance.call_recordings (scheduled_deletion) WHERE scheduled_deletion IS NOT NULL;

CREATE TABLE compliance.inter_agent_communications (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    from_agent_id                UUID NOT NULL,
    to_agent_id                  UUID NOT NULL,
    tenant_id                    UUID NOT NULL,
    communication_type           VARCHAR(50) CHECK (communication_type IN ('transfer', 'collaboration', 'escalation')),
    context_packet               JSONB NOT NULL,  -- Conversation history, entities, intent
    status                       VARCHAR(50) CHECK (status IN ('initiated', 'accepted', 'completed', 'failed')),
    initiated_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at                 TIMESTAMPTZ,
    metadata                     JSONB DEFAULT '{}'
);

CREATE TABLE compliance.kyc_verifications (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    verification_type            VARCHAR(50) NOT NULL CHECK (verification_type IN ('business', 'individual', 'enhanced')),
    status                       VARCHAR(50) DEFAULT 'pending' CHECK (status IN ('pending', 'in_review', 'approved', 'rejected', 'expired')),
    risk_level                   VARCHAR(20) CHECK (risk_level IN ('low', 'medium', 'high', 'unacceptable')),
    submitted_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    reviewed_at                  TIMESTAMPTZ,
    reviewed_by                  VARCHAR(255),  -- Can be system or human reviewer
    expiry_date                  DATE,
    rejection_reasons            JSONB DEFAULT '[]',
    verification_data            JSONB NOT NULL,  -- Encrypted sensitive data
    provider                     VARCHAR(50),  -- 'jumio', 'onfido', 'trulioo', 'manual'
    provider_reference           VARCHAR(255),
    documents                    JSONB DEFAULT '[]',  -- Array of document references
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE compliance.compliance_documents (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    document_type                VARCHAR(100) NOT NULL,  -- 'business_license', 'tax_certificate', 'incorporation', 'bank_statement'
    document_name                VARCHAR(255) NOT NULL,
    file_key                     VARCHAR(500) NOT NULL,  -- S3 key
    file_hash                    VARCHAR(64) NOT NULL,  -- SHA-256
    mime_type                    VARCHAR(100) NOT NULL,
    file_size_bytes              BIGINT NOT NULL,
    status                       VARCHAR(50) DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'expired')),
    expiry_date                  DATE,
    verified_at                  TIMESTAMPTZ,
    verified_by                  UUID REFERENCES agent_manager.users(id),
    metadata                     JSONB DEFAULT '{}',
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE compliance.sanctions_screening (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    screening_type               VARCHAR(50) NOT NULL CHECK (screening_type IN ('pep', 'sanctions', 'adverse_media', 'watchlist')),
    status                       VARCHAR(50) NOT NULL CHECK (status IN ('clear', 'potential_match', 'confirmed_match', 'false_positive')),
    provider                     VARCHAR(50) NOT NULL,  -- 'dow_jones', 'refinitiv', 'complyadvantage'
    provider_reference           VARCHAR(255),
    matches                      JSONB DEFAULT '[]',
    risk_score                   DECIMAL(3,2),
    screened_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    reviewed_at                  TIMESTAMPTZ,
    reviewed_by                  UUID REFERENCES agent_manager.users(id),
    review_notes                 TEXT,
    next_screening_date          DATE
);
