-- V9: schema billing: Billing accounts, payment methods, usage metering (money flows through it) and invoices.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE billing.billing_accounts (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    account_number               VARCHAR(20) NOT NULL UNIQUE,  -- Format: BILL-XXXX-XXXX
    billing_type                 VARCHAR(50) DEFAULT 'postpaid' CHECK (billing_type IN ('prepaid', 'postpaid', 'enterprise_contract')),
    payment_terms                VARCHAR(50) DEFAULT 'net_30' CHECK (payment_terms IN ('due_on_receipt', 'net_15', 'net_30', 'net_60', 'custom')),
    credit_limit                 DECIMAL(10,2) DEFAULT 10000.00,
    current_balance              DECIMAL(10,2) DEFAULT 0.00,
    auto_recharge_enabled        BOOLEAN DEFAULT FALSE,
    auto_recharge_amount         DECIMAL(10,2),
    auto_recharge_threshold      DECIMAL(10,2),
    billing_contact              JSONB NOT NULL,  -- Name, email, phone
    billing_address              JSONB NOT NULL,
    tax_exempt                   BOOLEAN DEFAULT FALSE,
    tax_exempt_certificate       TEXT,  -- Encrypted
    currency                     VARCHAR(3) DEFAULT 'USD',
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'delinquent', 'closed')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE billing.payment_methods (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    billing_account_id           UUID NOT NULL REFERENCES billing.billing_accounts(id) ON DELETE CASCADE,
    type                         VARCHAR(50) NOT NULL CHECK (type IN ('credit_card', 'ach', 'wire_transfer', 'invoice')),
    is_primary                   BOOLEAN DEFAULT FALSE,
    last_four                    VARCHAR(4),  -- Last 4 digits of card/account
    brand                        VARCHAR(50),  -- Visa, Mastercard, etc.
    expiry_month                 INTEGER,
    expiry_year                  INTEGER,
    bank_name                    VARCHAR(100),
    account_holder_name          VARCHAR(255),  -- Encrypted
    billing_address              JSONB,
    stripe_payment_method_id     VARCHAR(255),  -- External provider reference
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'expired', 'failed', 'removed')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE billing.usage_metering (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    organization_id              UUID NOT NULL,
    tenant_id                    UUID NOT NULL,
    resource_type                VARCHAR(100) NOT NULL,  -- 'call_minutes', 'agent_sessions', 'api_calls', 'storage_gb', 'tool_executions'
    resource_subtype             VARCHAR(100),  -- 'inbound', 'outbound', 'claude_opus', 'claude_sonnet'
    quantity                     DECIMAL(20,6) NOT NULL,
    unit                         VARCHAR(50) NOT NULL,  -- 'minutes', 'sessions', 'calls', 'gb', 'executions'
    unit_price                   DECIMAL(10,6) NOT NULL,
    total_cost                   DECIMAL(10,6) NOT NULL,
    metadata                     JSONB DEFAULT '{}',
    billing_period               DATE NOT NULL,
    invoice_id                   UUID,
    -- Widened with the time column and the space dimension's column (tenant_id): TimescaleDB and PostgreSQL
    -- partitioning require every unique key to include the partitioning columns. id is still a random UUID (or the
    -- producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp", tenant_id)
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE billing.invoices (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    invoice_number               VARCHAR(50) NOT NULL UNIQUE,  -- Format: INV-YYYY-MM-XXXXXX
    billing_account_id           UUID NOT NULL REFERENCES billing.billing_accounts(id),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    billing_period_start         DATE NOT NULL,
    billing_period_end           DATE NOT NULL,
    status                       VARCHAR(50) DEFAULT 'draft' CHECK (status IN ('draft', 'pending', 'sent', 'paid', 'overdue', 'cancelled', 'refunded')),
    subtotal                     DECIMAL(10,2) NOT NULL,
    tax_amount                   DECIMAL(10,2) DEFAULT 0.00,
    discount_amount              DECIMAL(10,2) DEFAULT 0.00,
    total_amount                 DECIMAL(10,2) NOT NULL,
    currency                     VARCHAR(3) DEFAULT 'USD',
    due_date                     DATE NOT NULL,
    paid_date                    DATE,
    payment_method_id            UUID REFERENCES billing.payment_methods(id),
    stripe_invoice_id            VARCHAR(255),
    pdf_url                      VARCHAR(500),  -- S3 URL
    notes                        TEXT,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at                      TIMESTAMPTZ,
    metadata                     JSONB DEFAULT '{}'
);

ALTER TABLE billing.usage_metering ADD FOREIGN KEY (invoice_id) REFERENCES billing.invoices(id);

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_billing_accounts_org ON billing.billing_accounts (organization_id, status);
CREATE INDEX idx_billing_accounts_balance ON billing.billing_accounts (current_balance, credit_limit);
CREATE INDEX idx_payment_methods_account ON billing.payment_methods (billing_account_id, is_primary);
CREATE INDEX idx_payment_methods_expiry ON billing.payment_methods (expiry_year, expiry_month, status);
CREATE INDEX idx_usage_metering_tenant_time ON billing.usage_metering (tenant_id, timestamp DESC);
CREATE INDEX idx_usage_metering_resource ON billing.usage_metering (resource_type, resource_subtype, timestamp DESC);
CREATE INDEX idx_usage_metering_billing ON billing.usage_metering (billing_period, invoice_id);
CREATE INDEX idx_invoices_org_period ON billing.invoices (organization_id, billing_period_start DESC);
CREATE INDEX idx_invoices_status_due ON billing.invoices (status, due_date) WHERE status IN ('pending', 'sent', 'overdue');
