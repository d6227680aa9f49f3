-- V15: row-level security for multi-tenancy, and what the application and admin roles may touch.
-- The document enables RLS on seven tables and names three policies; those are here verbatim. The other five RLS
-- tables get the same tenant and organization isolation, since with RLS on and no policy a role sees no row at all.
-- current_setting() without missing_ok is deliberate: a session that never set app.current_tenant_id gets an
-- error, never every tenant's rows. The table owner (the migration and ingest user) is not subject to RLS.

GRANT USAGE ON SCHEMA agent_manager, phone_manager, agent_intelligence, call_analytics, automation_engine, compliance,
    security, billing, identity, quality, features, operations, partners TO application_role, admin_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA agent_manager, phone_manager, agent_intelligence,
    call_analytics, automation_engine, compliance, security, billing, identity, quality, features, operations, partners
    TO application_role, admin_role;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA call_analytics TO application_role, admin_role;

ALTER TABLE agent_manager.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_manager.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_manager.agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE phone_manager.phone_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_analytics.calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE automation_engine.workflows ENABLE ROW LEVEL SECURITY;
ALTER TABLE automation_engine.tools ENABLE ROW LEVEL SECURITY;

-- The document's three policies.
CREATE POLICY tenant_isolation_users ON agent_manager.users
    FOR ALL TO application_role
    USING (tenant_id = current_setting('app.current_tenant_id')::UUID);

CREATE POLICY tenant_isolation_agents ON agent_manager.agents
    FOR ALL TO application_role
    USING (tenant_id = current_setting('app.current_tenant_id')::UUID);

CREATE POLICY org_isolation_users ON agent_manager.users
    FOR ALL TO admin_role
    USING (organization_id = current_setting('app.current_organization_id')::UUID);

-- The same isolation for the other tables the document puts under RLS.
CREATE POLICY tenant_isolation_tenants ON agent_manager.tenants
    FOR ALL TO application_role
    USING (id = current_setting('app.current_tenant_id')::UUID);

CREATE POLICY tenant_isolation_phone_numbers ON phone_manager.phone_numbers
    FOR ALL TO application_role
    USING (tenant_id = current_setting('app.current_tenant_id')::UUID);

CREATE POLICY tenant_isolation_calls ON call_analytics.calls
    FOR ALL TO application_role
    USING (tenant_id = current_setting('app.current_tenant_id')::UUID);

CREATE POLICY tenant_isolation_workflows ON automation_engine.workflows
    FOR ALL TO application_role
    USING (tenant_id = current_setting('app.current_tenant_id')::UUID);

CREATE POLICY tenant_isolation_tools ON automation_engine.tools
    FOR ALL TO application_role
    USING (tenant_id = current_setting('app.current_tenant_id')::UUID);

-- System tools (tenant_id NULL) are shared: every tenant may read them, none may change them.
CREATE POLICY shared_system_tools_read ON automation_engine.tools
    FOR SELECT TO application_role
    USING (tenant_id IS NULL AND is_system_tool);

CREATE POLICY org_isolation_tenants ON agent_manager.tenants
    FOR ALL TO admin_role
    USING (organization_id = current_setting('app.current_organization_id')::UUID);

CREATE POLICY org_isolation_agents ON agent_manager.agents
    FOR ALL TO admin_role
    USING (organization_id = current_setting('app.current_organization_id')::UUID);

CREATE POLICY org_isolation_phone_numbers ON phone_manager.phone_numbers
    FOR ALL TO admin_role
    USING (organization_id = current_setting('app.current_organization_id')::UUID);

CREATE POLICY org_isolation_calls ON call_analytics.calls
    FOR ALL TO admin_role
    USING (organization_id = current_setting('app.current_organization_id')::UUID);

CREATE POLICY org_isolation_workflows ON automation_engine.workflows
    FOR ALL TO admin_role
    USING (organization_id = current_setting('app.current_organization_id')::UUID);

CREATE POLICY org_isolation_tools ON automation_engine.tools
    FOR ALL TO admin_role
    USING (organization_id = current_setting('app.current_organization_id')::UUID);
