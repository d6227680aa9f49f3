-- V1: the thirteen schemas of shared/spec/database-schema.md and the roles its security section names.
-- Roles are cluster-wide objects, so they are created only where missing: a second database in the same
-- cluster (or a re-run after a failed attempt) must not fail on them.
--   application_role  tenant-scoped access, filtered by row-level security (app.current_tenant_id)
--   admin_role        organization-scoped access (app.current_organization_id)
--   bi_reader         read-only access to the aggregate views, for BI tools, and nothing else

CREATE SCHEMA IF NOT EXISTS agent_manager;
CREATE SCHEMA IF NOT EXISTS phone_manager;
CREATE SCHEMA IF NOT EXISTS agent_intelligence;
CREATE SCHEMA IF NOT EXISTS call_analytics;
CREATE SCHEMA IF NOT EXISTS automation_engine;
CREATE SCHEMA IF NOT EXISTS compliance;
CREATE SCHEMA IF NOT EXISTS security;
CREATE SCHEMA IF NOT EXISTS billing;
CREATE SCHEMA IF NOT EXISTS identity;
CREATE SCHEMA IF NOT EXISTS quality;
CREATE SCHEMA IF NOT EXISTS features;
CREATE SCHEMA IF NOT EXISTS operations;
CREATE SCHEMA IF NOT EXISTS partners;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['application_role', 'admin_role', 'bi_reader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;
