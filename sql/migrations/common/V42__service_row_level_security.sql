-- V42: row-level security for every table the CRUD service (service/, bin/aybiza serve) exposes, and the key ring
-- its encrypted fields use.
--
-- The service runs each request in one transaction as application_role (a key of one tenant) or admin_role (a key of
-- a whole organization), with app.current_tenant_id / app.current_organization_id set locally. V15 holds the
-- document's policies for tenants, users, agents, phone_numbers, calls, workflows and tools; they stay as they are.
-- This migration adds the same isolation to the other exposed tables, by the way each table is owned:
--   tenant-owned        a tenant_id column: the tenant (application_role), or a tenant of the organization (admin_role)
--   organization-owned  an organization_id and no tenant_id: the key's organization, for both roles
--   children            neither: the parent row must be visible (e.g. agent_versions through agents). Where a
--                       deployment has given the child a tenant_id (Citus, V40), the tenant policy is used instead,
--                       so the rule is picked from the table's columns when this runs.
--   platform-wide       feature flags, partners, threat intelligence, maintenance windows, rate limits: every key
--                       reads them; only a platform administrator's request (app.platform_admin = 'on') changes them.
-- current_setting() without missing_ok stays deliberate for the tenant and organization: a session that set neither
-- gets an error, never every tenant's rows. The table owner (migrations, ingest jobs) is not subject to RLS.

-- Organizations: each key sees and changes only its own.
ALTER TABLE agent_manager.organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_organization ON agent_manager.organizations
    FOR ALL TO application_role, admin_role
    USING (id = current_setting('app.current_organization_id')::UUID);

DO $$
DECLARE
    t text;
    child text[];
    parent text;
    link text;
    has_tenant boolean;
BEGIN
    -- Tenant-owned tables.
    FOREACH t IN ARRAY ARRAY[
            'phone_manager.phone_number_reservations', 'phone_manager.porting_requests', 'phone_manager.sip_trunks',
            'agent_intelligence.agent_configurations', 'agent_intelligence.mcp_connectors',
            'agent_intelligence.agent_files', 'compliance.consent_records', 'security.customer_credentials',
            'features.tenant_feature_overrides', 'operations.sla_tracking'] LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL TO application_role '
                       'USING (tenant_id = current_setting(''app.current_tenant_id'')::UUID)', t);
        -- agent_manager.tenants is itself filtered by organization for admin_role (V15).
        EXECUTE format('CREATE POLICY org_isolation ON %s FOR ALL TO admin_role '
                       'USING (tenant_id IN (SELECT id FROM agent_manager.tenants))', t);
    END LOOP;

    -- Tables of an organization, some with an optional tenant: a tenant's key sees its own rows and reads the
    -- organization-wide ones (tenant_id NULL), but only changes its own.
    FOREACH t IN ARRAY ARRAY['security.api_keys', 'security.compliance_reports'] LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL TO application_role '
                       'USING (tenant_id = current_setting(''app.current_tenant_id'')::UUID)', t);
        EXECUTE format('CREATE POLICY org_isolation ON %s FOR ALL TO admin_role '
                       'USING (organization_id = current_setting(''app.current_organization_id'')::UUID)', t);
    END LOOP;
    -- API keys of the whole organization stay invisible to a tenant's key: reading them is the first step to
    -- revoking them, which only the organization may do. compliance_reports of the organization are readable.
    CREATE POLICY org_wide_reports_read ON security.compliance_reports FOR SELECT TO application_role
        USING (tenant_id IS NULL AND organization_id = current_setting('app.current_organization_id')::UUID);

    FOREACH t IN ARRAY ARRAY[
            'agent_manager.roles', 'billing.billing_accounts', 'billing.invoices', 'identity.sso_configurations',
            'compliance.kyc_verifications', 'compliance.compliance_documents', 'compliance.sanctions_screening',
            'features.white_label_configurations'] LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY org_isolation ON %s FOR ALL TO application_role, admin_role '
                       'USING (organization_id = current_setting(''app.current_organization_id'')::UUID)', t);
    END LOOP;

    -- Security policies: a tenant's own, its organization's and the platform's are readable; only its own change.
    ALTER TABLE security.security_policies ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON security.security_policies FOR ALL TO application_role
        USING (tenant_id = current_setting('app.current_tenant_id')::UUID);
    CREATE POLICY org_isolation ON security.security_policies FOR ALL TO admin_role
        USING (organization_id = current_setting('app.current_organization_id')::UUID);
    CREATE POLICY shared_policies_read ON security.security_policies FOR SELECT TO application_role, admin_role
        USING ((tenant_id IS NULL AND organization_id = current_setting('app.current_organization_id')::UUID)
               OR organization_id IS NULL);

    -- Children: visible and writable exactly when their parent row is.
    FOREACH child SLICE 1 IN ARRAY ARRAY[
            -- table, parent, linking column
            ['agent_manager.agent_versions', 'agent_manager.agents', 'agent_id'],
            ['agent_manager.conversation_nodes', 'agent_manager.agents', 'agent_id'],
            ['automation_engine.workflow_versions', 'automation_engine.workflows', 'workflow_id'],
            ['automation_engine.workflow_nodes', 'automation_engine.workflows', 'workflow_id'],
            ['automation_engine.workflow_connections', 'automation_engine.workflows', 'workflow_id'],
            ['automation_engine.tool_versions', 'automation_engine.tools', 'tool_id'],
            ['billing.payment_methods', 'billing.billing_accounts', 'billing_account_id']] LOOP
        t := child[1];
        parent := child[2];
        link := child[3];
        SELECT EXISTS (SELECT 1 FROM information_schema.columns
                       WHERE table_schema || '.' || table_name = t AND column_name = 'tenant_id') INTO has_tenant;
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
        IF has_tenant THEN
            EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL TO application_role '
                           'USING (tenant_id = current_setting(''app.current_tenant_id'')::UUID)', t);
        ELSE
            EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL TO application_role '
                           'USING (%I IN (SELECT id FROM %s))', t, link, parent);
        END IF;
        EXECUTE format('CREATE POLICY org_isolation ON %s FOR ALL TO admin_role USING (%I IN (SELECT id FROM %s))',
                       t, link, parent);
    END LOOP;

    -- Platform-wide tables.
    FOREACH t IN ARRAY ARRAY[
            'features.feature_flags', 'partners.partners', 'security.threat_intelligence',
            'operations.scheduled_maintenance', 'operations.rate_limit_configurations'] LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY platform_read ON %s FOR SELECT TO application_role, admin_role USING (true)', t);
        EXECUTE format('CREATE POLICY platform_admin_write ON %s FOR ALL TO application_role, admin_role '
                       'USING (current_setting(''app.platform_admin'', true) = ''on'')', t);
    END LOOP;
END
$$;

-- The key ring: one data key per tenant (or per organization, for organization-owned rows), wrapped by the master
-- key (a local key file, or AWS KMS). Only the service's own connection (the table owner) reads it; neither
-- application_role nor admin_role is granted anything on it. It lives outside the document's thirteen schemas on
-- purpose: it is the service's machinery, not part of the platform's data model (and stays a local table on Citus).
CREATE SCHEMA IF NOT EXISTS keyring;
CREATE TABLE keyring.data_keys (
    owner_id UUID PRIMARY KEY,            -- a tenant's id, or an organization's for organization-owned rows
    wrapped_key TEXT NOT NULL,            -- base64 of the master key's wrapping of 32 random bytes
    master_key_id VARCHAR(255) NOT NULL,  -- which master key wrapped it (key file fingerprint or KMS key ARN)
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT NOW()
);
-- The service reads and adds data keys inside a request, as the request's role: a tenant's request sees the keys
-- of its own tenant and organization only. Wrapped keys are useless without the master key; the policy keeps one
-- tenant's request from replacing or even naming another's.
ALTER TABLE keyring.data_keys ENABLE ROW LEVEL SECURITY;
GRANT USAGE ON SCHEMA keyring TO application_role, admin_role;
GRANT SELECT, INSERT ON keyring.data_keys TO application_role, admin_role;
CREATE POLICY own_data_keys ON keyring.data_keys
    FOR ALL TO application_role, admin_role
    USING (owner_id = current_setting('app.current_organization_id')::UUID
           OR owner_id IN (SELECT id FROM agent_manager.tenants));
