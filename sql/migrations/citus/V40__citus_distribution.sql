-- V40 (Citus, where TimescaleDB is absent): the Citus distribution of shared/spec/database-schema.md ("Citus
-- Distributed Tables Configuration" and "Citus Distribution for Enterprise Tables"), changed where the document's
-- calls would fail or break an invariant, and extended to the tables those sections leave out: with Citus every
-- table that holds a foreign key to a Citus table must be a Citus table itself.
--
-- CHECKED HERE ONLY AS POSTGRESQL DDL: no Citus build is available on these machines (no Debian package, no Maven or
-- npm artefact). CitusDistributionRulesIT runs this file on PostgreSQL 17, after common/ and postgres/, against stand-in
-- create_distributed_table / create_reference_table functions with Citus's signatures that enforce the Citus rules
-- readable from the catalog (distribution column in every PRIMARY KEY / UNIQUE, colocation by equal column type,
-- foreign keys only distributed->reference, reference->reference, or between colocated distributed tables with the
-- distribution column at the same position and no SET NULL / SET DEFAULT on it, no partitioned reference table).
-- The rules come from the Citus documentation and source; the Citus-side behaviour itself is not exercised (shard
-- creation, DDL and role propagation to workers, the refresh of the materialized views over distributed tables).
--
-- How it runs
--   * Flyway applies it after V30 in the same transaction as every other pending migration. create_distributed_table
--     and create_reference_table work inside a transaction block (only create_distributed_table_concurrently refuses
--     one, and it is not used). Reference tables, distributed tables and foreign keys between them are created in
--     the same transaction, so the transaction is put in sequential mode first: Citus otherwise refuses parallel DDL
--     on a distributed table after a reference table it references has been touched in the same transaction.
--   * citus must be in shared_preload_libraries (CREATE EXTENSION fails otherwise) and the migration user must own
--     the tables. With no worker added yet, Citus puts the coordinator in its metadata and keeps the shards there.
--   * Lock table: one transaction creates 159 distributed relations (partitions included) x 128 shards, about 118,000
--     relations, indexes and TOAST tables, each locked until commit on the node that holds it. Every node holding
--     shards needs max_locks_per_transaction x (max_connections + max_prepared_transactions) above its share (a single
--     node all of it: e.g. max_locks_per_transaction = 2048 with 100 connections); with the default 64 the migration
--     rolls back with "out of shared memory". Sequential mode also makes it slow (minutes), once.
--   * Order, as the Citus documentation advises when tables cannot be distributed in foreign-key order (organizations
--     and users reference each other): (1) every foreign key of the 13 schemas is set aside and dropped, (2) keys are
--     widened and missing distribution columns added, (3) reference tables, then distributed tables, are created,
--     (4) the foreign keys come back, unchanged or made composite. Creating a reference table while a plain table
--     still held a foreign key to it would make Citus turn that table into a "Citus local table" on the side.
--   * The eleven time-series tables are RANGE-partitioned with a DEFAULT partition (postgres/V20).
--     create_distributed_table on a partitioned parent distributes every partition, the DEFAULT one included, in the
--     parent's colocation group; partitions made later by maintenance.create_time_partitions (CREATE TABLE ...
--     PARTITION OF, DETACH / ATTACH of the DEFAULT partition) are distributed by Citus as they are attached. A
--     reference table cannot be partitioned; none is.
--   * Row-level security and its policies are copied to the shards (the policies hold no subquery, which Citus
--     refuses). The policies read app.current_tenant_id / app.current_organization_id: on the workers those exist only
--     if the application sets them with SET LOCAL inside a transaction and citus.propagate_set_commands is 'local',
--     which the last statement sets for this database.
--   * The six materialized views (V16, V21) stay local materialized views on the coordinator: Citus does not
--     distribute materialized views, and their refresh runs the aggregation as a distributed query.
--   * CHECK constraints, defaults and indexes are copied to the shards unchanged.
--   * On a database that already holds rows, create_distributed_table copies them to the shards and leaves the local
--     copy on disk until truncate_local_data_after_distributing_table() is run; an empty schema is expected here.
--   * Writers must now give the distribution column on every INSERT (Citus rejects a row without it), including the
--     columns added below: tenant_id on agent_versions, conversation_nodes, call_transcripts, workflow_versions,
--     workflow_nodes and workflow_connections, organization_id on payment_methods (node_executions has it from V6).
--
-- Decisions on the document's contradictions (each is repeated, with its reason, where it is applied)
--   * tenants: a reference table, not distributed by 'id'. Distributing it by id would in fact colocate with the
--     tenant_id tables (Citus colocates by column type, not name), but users must be a reference table (below) and
--     reference tables cannot reference distributed ones, and slug/subdomain must stay unique platform-wide.
--   * users: a reference table, not distributed by tenant_id: its tenant_id is nullable (organization-level users;
--     Citus rejects NULL distribution values), email and user_id must stay unique platform-wide (login), and 54
--     foreign keys from 36 tables point at it, from reference tables (organizations, roles, tenants) and from tables
--     of all three colocation groups. organizations.created_by_id -> users becomes reference -> reference, which Citus allows.
--   * tenant-scoped tables keep PRIMARY KEY (id) widened to (id, tenant_id) (id stays a random UUID, unique in
--     practice) and foreign keys between them become (x_id, tenant_id) -> (id, tenant_id).
--   * agent_versions, conversation_nodes, workflow_versions, workflow_nodes (and call_transcripts,
--     workflow_connections) get the tenant_id column the document's colocation needs, filled from their parent row
--     (node_executions has it from V6).
--   * payment_methods: distributed by organization_id, not billing_account_id. colocate_with only checks that the
--     column types are equal (both UUID), so Citus would accept the document's colocation, but rows hashed on
--     billing_account_id would not land beside their billing account (hashed on organization_id), and the foreign key
--     would be refused (distribution columns at different positions).
--   * rate_limit_configurations: a reference table, as scope_id is NULL for global limits.
--   * feature_flags: a reference table, as the document's note says; tenant_feature_overrides references it.
--   * tools / tool_versions: reference tables, as system tools have tenant_id NULL and are shared by all tenants.
--   * tables the document leaves out: distributed by tenant_id (its sharding strategy) where tenant_id is NOT NULL,
--     by organization_id where only that is NOT NULL, login_history with user_sessions by user_id, api_access_logs by
--     id (both its tenant and organization are nullable), the small platform-wide tables as reference tables.
--   * no foreign key is dropped for good: 35 become composite (the document's 34 single-column keys between tables
--     now distributed, and node_executions' key of V6), listed in step 4; the others return unchanged.

-- 0. Citus itself, and the transaction's settings -------------------------------------------------------------------

-- The extension itself is created by V39, so that this file can be replayed against stand-ins in the tests.

-- Reference and distributed tables and the foreign keys between them are created in this one transaction.
SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
-- Foreign keys between distributed tables need single-copy shards (the default, stated so that it cannot vary).
SET LOCAL citus.shard_replication_factor TO 1;

-- 1. Set every foreign key of the schema aside and drop it ----------------------------------------------------------

CREATE TEMPORARY TABLE v40_foreign_keys ON COMMIT DROP AS
SELECT con.conrelid::regclass AS table_name, con.conname, pg_get_constraintdef(con.oid) AS definition
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE con.contype = 'f'
  AND con.conparentid = 0  -- the copies PostgreSQL keeps on partitions go with their parent
  AND n.nspname IN ('agent_manager', 'phone_manager', 'agent_intelligence', 'call_analytics', 'automation_engine',
                    'compliance', 'security', 'billing', 'identity', 'quality', 'features', 'operations', 'partners');

DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT * FROM v40_foreign_keys ORDER BY table_name::text, conname LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.table_name, fk.conname);
    END LOOP;
END
$$;

-- These come back in step 4 as composite keys that carry the distribution column; every other one comes back as it was.
DO $$
DECLARE
    replaced int;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE con.contype = 'f'
                 AND n.nspname IN ('agent_manager', 'phone_manager', 'agent_intelligence', 'call_analytics', 'automation_engine',
                                   'compliance', 'security', 'billing', 'identity', 'quality', 'features', 'operations', 'partners')) THEN
        RAISE EXCEPTION 'V40: foreign keys left after step 1';
    END IF;
    WITH gone AS (
        DELETE FROM v40_foreign_keys
        WHERE (table_name::text, conname) IN (
            ('agent_manager.agent_versions', 'agent_versions_agent_id_fkey'),
            ('agent_manager.conversation_nodes', 'conversation_nodes_agent_id_fkey'),
            ('agent_manager.conversation_nodes', 'conversation_nodes_agent_version_id_fkey'),
            ('agent_intelligence.agent_configurations', 'agent_configurations_agent_id_fkey'),
            ('phone_manager.phone_numbers', 'phone_numbers_agent_id_fkey'),
            ('call_analytics.calls', 'calls_agent_id_fkey'),
            ('call_analytics.calls', 'calls_agent_version_id_fkey'),
            ('call_analytics.calls', 'calls_phone_number_id_fkey'),
            ('call_analytics.call_transcripts', 'call_transcripts_call_id_fkey'),
            ('call_analytics.call_analytics', 'call_analytics_agent_id_fkey'),
            ('call_analytics.call_analytics', 'call_analytics_agent_version_id_fkey'),
            ('call_analytics.call_analytics', 'call_analytics_phone_number_id_fkey'),
            ('automation_engine.workflow_versions', 'workflow_versions_workflow_id_fkey'),
            ('automation_engine.workflow_nodes', 'workflow_nodes_workflow_id_fkey'),
            ('automation_engine.workflow_nodes', 'workflow_nodes_workflow_version_id_fkey'),
            ('automation_engine.workflow_connections', 'workflow_connections_workflow_id_fkey'),
            ('automation_engine.workflow_connections', 'workflow_connections_workflow_version_id_fkey'),
            ('automation_engine.workflow_connections', 'workflow_connections_source_node_id_fkey'),
            ('automation_engine.workflow_connections', 'workflow_connections_target_node_id_fkey'),
            ('automation_engine.execution_logs', 'execution_logs_workflow_id_fkey'),
            ('automation_engine.execution_logs', 'execution_logs_workflow_version_id_fkey'),
            ('automation_engine.node_executions', 'node_executions_execution_log_id_execution_log_timestamp_fkey'),
            ('automation_engine.node_executions', 'node_executions_node_id_fkey'),
            ('compliance.call_recordings', 'call_recordings_call_id_fkey'),
            ('security.prompt_injection_attempts', 'prompt_injection_attempts_agent_id_fkey'),
            ('security.prompt_injection_attempts', 'prompt_injection_attempts_agent_version_id_fkey'),
            ('security.voice_security_events', 'voice_security_events_agent_id_fkey'),
            ('security.voice_security_events', 'voice_security_events_agent_version_id_fkey'),
            ('quality.call_quality_scores', 'call_quality_scores_call_id_fkey'),
            ('quality.customer_feedback', 'customer_feedback_call_id_fkey'),
            ('quality.agent_performance_metrics', 'agent_performance_metrics_agent_id_fkey'),
            ('billing.payment_methods', 'payment_methods_billing_account_id_fkey'),
            ('billing.invoices', 'invoices_billing_account_id_fkey'),
            ('billing.invoices', 'invoices_payment_method_id_fkey'),
            ('billing.usage_metering', 'usage_metering_invoice_id_fkey'))
        RETURNING 1)
    SELECT count(*) INTO replaced FROM gone;
    -- 35: the document's 34 single-column keys between tables now distributed, and node_executions' key of V6.
    IF replaced <> 35 THEN
        RAISE EXCEPTION 'V40: % of the 35 foreign keys to make composite were found', replaced;
    END IF;
END
$$;

-- 2. Distribution columns and keys ----------------------------------------------------------------------------------

-- 2a. Tenant-scoped child tables without tenant_id get it from their parent, so that they can be colocated with it.
ALTER TABLE agent_manager.agent_versions ADD COLUMN tenant_id UUID;  -- the document colocates it by tenant_id, which it lacks
UPDATE agent_manager.agent_versions v SET tenant_id = a.tenant_id FROM agent_manager.agents a WHERE a.id = v.agent_id;
ALTER TABLE agent_manager.agent_versions ALTER COLUMN tenant_id SET NOT NULL;

ALTER TABLE agent_manager.conversation_nodes ADD COLUMN tenant_id UUID;  -- the document colocates it by tenant_id, which it lacks
UPDATE agent_manager.conversation_nodes x SET tenant_id = a.tenant_id FROM agent_manager.agents a WHERE a.id = x.agent_id;
ALTER TABLE agent_manager.conversation_nodes ALTER COLUMN tenant_id SET NOT NULL;

ALTER TABLE call_analytics.call_transcripts ADD COLUMN tenant_id UUID;  -- the document distributes it by tenant_id, which it lacks
UPDATE call_analytics.call_transcripts x SET tenant_id = c.tenant_id FROM call_analytics.calls c WHERE c.id = x.call_id;
ALTER TABLE call_analytics.call_transcripts ALTER COLUMN tenant_id SET NOT NULL;

ALTER TABLE automation_engine.workflow_versions ADD COLUMN tenant_id UUID;  -- the document colocates it by tenant_id, which it lacks
UPDATE automation_engine.workflow_versions x SET tenant_id = w.tenant_id FROM automation_engine.workflows w WHERE w.id = x.workflow_id;
ALTER TABLE automation_engine.workflow_versions ALTER COLUMN tenant_id SET NOT NULL;

ALTER TABLE automation_engine.workflow_nodes ADD COLUMN tenant_id UUID;  -- the document colocates it by tenant_id, which it lacks
UPDATE automation_engine.workflow_nodes x SET tenant_id = w.tenant_id FROM automation_engine.workflows w WHERE w.id = x.workflow_id;
ALTER TABLE automation_engine.workflow_nodes ALTER COLUMN tenant_id SET NOT NULL;

ALTER TABLE automation_engine.workflow_connections ADD COLUMN tenant_id UUID;  -- references workflows and nodes, so must be colocated with them
UPDATE automation_engine.workflow_connections x SET tenant_id = w.tenant_id FROM automation_engine.workflows w WHERE w.id = x.workflow_id;
ALTER TABLE automation_engine.workflow_connections ALTER COLUMN tenant_id SET NOT NULL;

-- node_executions has its tenant_id from V6 already (its key to execution_logs carries it).

-- Rows hashed on billing_account_id would not sit beside their billing account (hashed on organization_id).
ALTER TABLE billing.payment_methods ADD COLUMN organization_id UUID;
UPDATE billing.payment_methods p SET organization_id = b.organization_id FROM billing.billing_accounts b WHERE b.id = p.billing_account_id;
ALTER TABLE billing.payment_methods ALTER COLUMN organization_id SET NOT NULL;

-- 2b. Every PRIMARY KEY and UNIQUE of a distributed table must contain its distribution column. The surrogate ids stay
-- random UUIDs (or producers' idempotency keys), unique in practice; constraint names are kept. A natural key widened
-- this way is unique per tenant (or organization, or user) only; where that matters the line says so.

-- tenant_id group
ALTER TABLE agent_manager.agents DROP CONSTRAINT agents_pkey, ADD CONSTRAINT agents_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE agent_manager.agent_versions DROP CONSTRAINT agent_versions_pkey, ADD CONSTRAINT agent_versions_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE agent_manager.agent_versions DROP CONSTRAINT agent_versions_agent_id_version_key,
    ADD CONSTRAINT agent_versions_agent_id_version_key UNIQUE (agent_id, version, tenant_id);  -- an agent has one tenant: still one row per agent and version
ALTER TABLE agent_manager.conversation_nodes DROP CONSTRAINT conversation_nodes_pkey, ADD CONSTRAINT conversation_nodes_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE agent_intelligence.agent_configurations DROP CONSTRAINT agent_configurations_pkey, ADD CONSTRAINT agent_configurations_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE agent_intelligence.agent_sessions DROP CONSTRAINT agent_sessions_pkey, ADD CONSTRAINT agent_sessions_pkey PRIMARY KEY (agent_session_id, tenant_id);
ALTER TABLE agent_intelligence.agent_memories DROP CONSTRAINT agent_memories_pkey, ADD CONSTRAINT agent_memories_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE agent_intelligence.mcp_connectors DROP CONSTRAINT mcp_connectors_pkey, ADD CONSTRAINT mcp_connectors_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE agent_intelligence.agent_files DROP CONSTRAINT agent_files_pkey, ADD CONSTRAINT agent_files_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE agent_intelligence.agent_files DROP CONSTRAINT agent_files_file_key_key,
    ADD CONSTRAINT agent_files_file_key_key UNIQUE (file_key, tenant_id);  -- S3 keys are generated per file: unique per tenant is enough
ALTER TABLE agent_intelligence.tool_executions DROP CONSTRAINT tool_executions_pkey, ADD CONSTRAINT tool_executions_pkey PRIMARY KEY (id, "timestamp", tenant_id);
ALTER TABLE phone_manager.phone_numbers DROP CONSTRAINT phone_numbers_pkey, ADD CONSTRAINT phone_numbers_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE phone_manager.phone_numbers DROP CONSTRAINT phone_numbers_number_key,
    ADD CONSTRAINT phone_numbers_number_key UNIQUE (number, tenant_id);  -- platform-wide uniqueness of a number is now the provisioning service's check (the carrier assigns each number to one account)
ALTER TABLE phone_manager.phone_number_reservations DROP CONSTRAINT phone_number_reservations_pkey, ADD CONSTRAINT phone_number_reservations_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE phone_manager.porting_requests DROP CONSTRAINT porting_requests_pkey, ADD CONSTRAINT porting_requests_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE phone_manager.sip_trunks DROP CONSTRAINT sip_trunks_pkey, ADD CONSTRAINT sip_trunks_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE call_analytics.calls DROP CONSTRAINT calls_pkey, ADD CONSTRAINT calls_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE call_analytics.calls DROP CONSTRAINT calls_call_sid_key,
    ADD CONSTRAINT calls_call_sid_key UNIQUE (call_sid, tenant_id);  -- call SIDs are issued unique by the telephony provider
ALTER TABLE call_analytics.call_transcripts DROP CONSTRAINT call_transcripts_pkey, ADD CONSTRAINT call_transcripts_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE call_analytics.call_analytics DROP CONSTRAINT call_analytics_pkey, ADD CONSTRAINT call_analytics_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE automation_engine.workflows DROP CONSTRAINT workflows_pkey, ADD CONSTRAINT workflows_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE automation_engine.workflow_versions DROP CONSTRAINT workflow_versions_pkey, ADD CONSTRAINT workflow_versions_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE automation_engine.workflow_versions DROP CONSTRAINT workflow_versions_workflow_id_version_key,
    ADD CONSTRAINT workflow_versions_workflow_id_version_key UNIQUE (workflow_id, version, tenant_id);  -- a workflow has one tenant: still one row per workflow and version
ALTER TABLE automation_engine.workflow_nodes DROP CONSTRAINT workflow_nodes_pkey, ADD CONSTRAINT workflow_nodes_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE automation_engine.workflow_connections DROP CONSTRAINT workflow_connections_pkey, ADD CONSTRAINT workflow_connections_pkey PRIMARY KEY (id, tenant_id);
-- execution_logs' key is (id, "timestamp", tenant_id) from V6 already.
ALTER TABLE automation_engine.node_executions DROP CONSTRAINT node_executions_pkey, ADD CONSTRAINT node_executions_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE compliance.consent_records DROP CONSTRAINT consent_records_pkey, ADD CONSTRAINT consent_records_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE compliance.call_recordings DROP CONSTRAINT call_recordings_pkey, ADD CONSTRAINT call_recordings_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE compliance.inter_agent_communications DROP CONSTRAINT inter_agent_communications_pkey, ADD CONSTRAINT inter_agent_communications_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE security.customer_credentials DROP CONSTRAINT customer_credentials_pkey, ADD CONSTRAINT customer_credentials_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE security.prompt_injection_attempts DROP CONSTRAINT prompt_injection_attempts_pkey, ADD CONSTRAINT prompt_injection_attempts_pkey PRIMARY KEY (id, "timestamp", tenant_id);
ALTER TABLE security.voice_security_events DROP CONSTRAINT voice_security_events_pkey, ADD CONSTRAINT voice_security_events_pkey PRIMARY KEY (id, "timestamp", tenant_id);
ALTER TABLE quality.call_quality_scores DROP CONSTRAINT call_quality_scores_pkey, ADD CONSTRAINT call_quality_scores_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE quality.customer_feedback DROP CONSTRAINT customer_feedback_pkey, ADD CONSTRAINT customer_feedback_pkey PRIMARY KEY (id, tenant_id);
-- quality.agent_performance_metrics: its keys already carry tenant_id (V11).
ALTER TABLE features.tenant_feature_overrides DROP CONSTRAINT tenant_feature_overrides_pkey, ADD CONSTRAINT tenant_feature_overrides_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE operations.sla_tracking DROP CONSTRAINT sla_tracking_pkey, ADD CONSTRAINT sla_tracking_pkey PRIMARY KEY (id, tenant_id);
-- call_analytics.detailed_metrics has no unique key.

-- organization_id group
ALTER TABLE billing.billing_accounts DROP CONSTRAINT billing_accounts_pkey, ADD CONSTRAINT billing_accounts_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE billing.billing_accounts DROP CONSTRAINT billing_accounts_account_number_key,
    ADD CONSTRAINT billing_accounts_account_number_key UNIQUE (account_number, organization_id);  -- account numbers are generated by the billing service
ALTER TABLE billing.payment_methods DROP CONSTRAINT payment_methods_pkey, ADD CONSTRAINT payment_methods_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE billing.invoices DROP CONSTRAINT invoices_pkey, ADD CONSTRAINT invoices_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE billing.invoices DROP CONSTRAINT invoices_invoice_number_key,
    ADD CONSTRAINT invoices_invoice_number_key UNIQUE (invoice_number, organization_id);  -- invoice numbers are generated by the billing service
ALTER TABLE billing.usage_metering DROP CONSTRAINT usage_metering_pkey,
    ADD CONSTRAINT usage_metering_pkey PRIMARY KEY (id, "timestamp", tenant_id, organization_id);  -- colocated with invoices (organization_id) so that invoice_id keeps its foreign key
ALTER TABLE compliance.kyc_verifications DROP CONSTRAINT kyc_verifications_pkey, ADD CONSTRAINT kyc_verifications_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE compliance.compliance_documents DROP CONSTRAINT compliance_documents_pkey, ADD CONSTRAINT compliance_documents_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE compliance.sanctions_screening DROP CONSTRAINT sanctions_screening_pkey, ADD CONSTRAINT sanctions_screening_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE identity.sso_configurations DROP CONSTRAINT sso_configurations_pkey, ADD CONSTRAINT sso_configurations_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE features.white_label_configurations DROP CONSTRAINT white_label_configurations_pkey, ADD CONSTRAINT white_label_configurations_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE features.white_label_configurations DROP CONSTRAINT white_label_configurations_custom_domain_key,
    ADD CONSTRAINT white_label_configurations_custom_domain_key UNIQUE (custom_domain, organization_id);  -- a custom domain is claimed through DNS/ACM verification, which only its owner passes
ALTER TABLE security.compliance_reports DROP CONSTRAINT compliance_reports_pkey, ADD CONSTRAINT compliance_reports_pkey PRIMARY KEY (id, organization_id);
ALTER TABLE security.audit_logs DROP CONSTRAINT audit_logs_pkey, ADD CONSTRAINT audit_logs_pkey PRIMARY KEY (id, "timestamp", organization_id);
ALTER TABLE security.security_events DROP CONSTRAINT security_events_pkey, ADD CONSTRAINT security_events_pkey PRIMARY KEY (id, "timestamp", organization_id);

-- user_id group
ALTER TABLE identity.user_sessions DROP CONSTRAINT user_sessions_pkey, ADD CONSTRAINT user_sessions_pkey PRIMARY KEY (id, user_id);
ALTER TABLE identity.user_sessions DROP CONSTRAINT user_sessions_session_token_key,
    ADD CONSTRAINT user_sessions_session_token_key UNIQUE (session_token, user_id);  -- hashed random tokens: unique in practice; a lookup by token alone reaches every shard
ALTER TABLE identity.user_sessions DROP CONSTRAINT user_sessions_refresh_token_key,
    ADD CONSTRAINT user_sessions_refresh_token_key UNIQUE (refresh_token, user_id);  -- hashed random tokens: unique in practice
-- identity.login_history: its key already carries user_id (V10).

-- 3. Reference tables, then distributed tables ----------------------------------------------------------------------

-- The document's reference tables.
SELECT create_reference_table('agent_manager.organizations');
SELECT create_reference_table('agent_manager.roles');
SELECT create_reference_table('partners.partners');
SELECT create_reference_table('security.threat_intelligence');
SELECT create_reference_table('security.security_policies');
-- Document: create_distributed_table('tenants', 'id'). users must be a reference table and references tenants;
-- slug and subdomain (tenant routing) must stay unique platform-wide.
SELECT create_reference_table('agent_manager.tenants');
-- Document: create_distributed_table('users', 'tenant_id'). tenant_id is nullable (organization-level users), email
-- and user_id must stay unique platform-wide, and organizations, roles and tenants (reference tables) reference it.
SELECT create_reference_table('agent_manager.users');
-- Document: create_distributed_table('feature_flags', 'id') "Reference table candidate": taken up, since
-- tenant_feature_overrides (distributed by tenant_id) references it and name must stay unique.
SELECT create_reference_table('features.feature_flags');
-- Document: create_distributed_table('rate_limit_configurations', 'scope_id'). scope_id is NULL for global limits.
SELECT create_reference_table('operations.rate_limit_configurations');
-- Document: create_distributed_table('tools', 'tenant_id'). System tools have tenant_id NULL and are read by every tenant.
SELECT create_reference_table('automation_engine.tools');
-- Not in the document: follows tools, which it references, and has no tenant_id.
SELECT create_reference_table('automation_engine.tool_versions');
-- Not in the document: tenant_id is nullable (organization-wide keys) and every API request looks a key up by
-- key_hash, which must stay unique; audit, security and access logs reference it. Its usage counters are written
-- to every node: update them in batches.
SELECT create_reference_table('security.api_keys');
-- Not in the document: platform-wide rows, few, no tenant.
SELECT create_reference_table('partners.partner_organizations');
SELECT create_reference_table('operations.scheduled_maintenance');

-- tenant_id group, 128 shards (the document's sharding strategy). agents anchors it, as tenants is not distributed.
SELECT create_distributed_table('agent_manager.agents', 'tenant_id', colocate_with => 'none', shard_count => 128);
SELECT create_distributed_table('agent_manager.agent_versions', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('agent_manager.conversation_nodes', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('agent_intelligence.agent_configurations', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('phone_manager.phone_numbers', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('call_analytics.calls', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('call_analytics.call_transcripts', 'tenant_id', colocate_with => 'call_analytics.calls');
SELECT create_distributed_table('automation_engine.workflows', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('automation_engine.workflow_versions', 'tenant_id', colocate_with => 'automation_engine.workflows');
SELECT create_distributed_table('automation_engine.workflow_nodes', 'tenant_id', colocate_with => 'automation_engine.workflows');
SELECT create_distributed_table('compliance.consent_records', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('quality.call_quality_scores', 'tenant_id', colocate_with => 'call_analytics.calls');
SELECT create_distributed_table('quality.customer_feedback', 'tenant_id', colocate_with => 'call_analytics.calls');
SELECT create_distributed_table('features.tenant_feature_overrides', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('operations.sla_tracking', 'tenant_id', colocate_with => 'agent_manager.agents');
-- Not in the document: tenant-scoped (tenant_id NOT NULL), most of them referencing the tables above.
SELECT create_distributed_table('agent_intelligence.agent_sessions', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('agent_intelligence.agent_memories', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('agent_intelligence.mcp_connectors', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('agent_intelligence.agent_files', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('agent_intelligence.tool_executions', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('phone_manager.phone_number_reservations', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('phone_manager.porting_requests', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('phone_manager.sip_trunks', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('call_analytics.call_analytics', 'tenant_id', colocate_with => 'call_analytics.calls');
SELECT create_distributed_table('call_analytics.detailed_metrics', 'tenant_id', colocate_with => 'call_analytics.calls');
SELECT create_distributed_table('automation_engine.workflow_connections', 'tenant_id', colocate_with => 'automation_engine.workflows');
SELECT create_distributed_table('automation_engine.execution_logs', 'tenant_id', colocate_with => 'automation_engine.workflows');
SELECT create_distributed_table('automation_engine.node_executions', 'tenant_id', colocate_with => 'automation_engine.workflows');
SELECT create_distributed_table('compliance.call_recordings', 'tenant_id', colocate_with => 'call_analytics.calls');
SELECT create_distributed_table('compliance.inter_agent_communications', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('security.customer_credentials', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('security.prompt_injection_attempts', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('security.voice_security_events', 'tenant_id', colocate_with => 'agent_manager.agents');
SELECT create_distributed_table('quality.agent_performance_metrics', 'tenant_id', colocate_with => 'agent_manager.agents');

-- organization_id group, its own 128 shards (colocate_with 'none': not mixed into the tenant_id group by column type).
SELECT create_distributed_table('billing.billing_accounts', 'organization_id', colocate_with => 'none', shard_count => 128);
-- Document: create_distributed_table('payment_methods', 'billing_account_id', colocate_with => 'billing_accounts').
-- Colocation needs the same values, not only the same type: distributed by organization_id (added in step 2a).
SELECT create_distributed_table('billing.payment_methods', 'organization_id', colocate_with => 'billing.billing_accounts');
SELECT create_distributed_table('billing.invoices', 'organization_id', colocate_with => 'billing.billing_accounts');
SELECT create_distributed_table('compliance.kyc_verifications', 'organization_id', colocate_with => 'billing.billing_accounts');
SELECT create_distributed_table('compliance.compliance_documents', 'organization_id', colocate_with => 'billing.billing_accounts');
SELECT create_distributed_table('identity.sso_configurations', 'organization_id', colocate_with => 'billing.billing_accounts');
SELECT create_distributed_table('features.white_label_configurations', 'organization_id', colocate_with => 'billing.billing_accounts');
-- Not in the document: organization_id NOT NULL, tenant_id nullable or absent.
SELECT create_distributed_table('billing.usage_metering', 'organization_id', colocate_with => 'billing.billing_accounts');  -- beside its invoices
SELECT create_distributed_table('compliance.sanctions_screening', 'organization_id', colocate_with => 'billing.billing_accounts');
SELECT create_distributed_table('security.compliance_reports', 'organization_id', colocate_with => 'billing.billing_accounts');
SELECT create_distributed_table('security.audit_logs', 'organization_id', colocate_with => 'billing.billing_accounts');  -- tenant_id is nullable
SELECT create_distributed_table('security.security_events', 'organization_id', colocate_with => 'billing.billing_accounts');  -- tenant_id is nullable

-- user_id group. Document: create_distributed_table('user_sessions', 'user_id', colocate_with => 'users'); users is a
-- reference table, which cannot anchor a colocation group, so user_sessions starts its own.
SELECT create_distributed_table('identity.user_sessions', 'user_id', colocate_with => 'none', shard_count => 128);
-- Not in the document: keyed by user_id already (V10).
SELECT create_distributed_table('identity.login_history', 'user_id', colocate_with => 'identity.user_sessions');

-- Not in the document: both its organization_id and tenant_id are nullable; it references reference tables only.
SELECT create_distributed_table('security.api_access_logs', 'id', colocate_with => 'none', shard_count => 128);

-- 4. Foreign keys back -----------------------------------------------------------------------------------------------

-- Every key set aside in step 1 and not listed there comes back unchanged: distributed -> reference and
-- reference -> reference keys, which Citus accepts (none of them sets a distribution column to NULL).
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT * FROM v40_foreign_keys ORDER BY table_name::text, conname LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.table_name, fk.conname, fk.definition);
    END LOOP;
END
$$;

-- Between distributed tables a key must carry the distribution column of both sides, at the same position.
-- Names and ON DELETE actions are kept, except where the line says otherwise.
ALTER TABLE agent_manager.agent_versions ADD CONSTRAINT agent_versions_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE agent_manager.conversation_nodes ADD CONSTRAINT conversation_nodes_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE agent_manager.conversation_nodes ADD CONSTRAINT conversation_nodes_agent_version_id_fkey
    FOREIGN KEY (agent_version_id, tenant_id) REFERENCES agent_manager.agent_versions (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE agent_intelligence.agent_configurations ADD CONSTRAINT agent_configurations_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id) ON DELETE CASCADE;
-- ON DELETE SET NULL becomes NO ACTION: Citus refuses SET NULL on a key that includes the distribution column (it
-- would null tenant_id; PostgreSQL 15's SET NULL (agent_id) is refused as well). The application detaches an agent's
-- numbers (agent_id = NULL) before deleting the agent.
ALTER TABLE phone_manager.phone_numbers ADD CONSTRAINT phone_numbers_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id);
ALTER TABLE call_analytics.calls ADD CONSTRAINT calls_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id);
ALTER TABLE call_analytics.calls ADD CONSTRAINT calls_agent_version_id_fkey
    FOREIGN KEY (agent_version_id, tenant_id) REFERENCES agent_manager.agent_versions (id, tenant_id);
ALTER TABLE call_analytics.calls ADD CONSTRAINT calls_phone_number_id_fkey
    FOREIGN KEY (phone_number_id, tenant_id) REFERENCES phone_manager.phone_numbers (id, tenant_id);
ALTER TABLE call_analytics.call_transcripts ADD CONSTRAINT call_transcripts_call_id_fkey
    FOREIGN KEY (call_id, tenant_id) REFERENCES call_analytics.calls (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE call_analytics.call_analytics ADD CONSTRAINT call_analytics_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id);
ALTER TABLE call_analytics.call_analytics ADD CONSTRAINT call_analytics_agent_version_id_fkey
    FOREIGN KEY (agent_version_id, tenant_id) REFERENCES agent_manager.agent_versions (id, tenant_id);
ALTER TABLE call_analytics.call_analytics ADD CONSTRAINT call_analytics_phone_number_id_fkey
    FOREIGN KEY (phone_number_id, tenant_id) REFERENCES phone_manager.phone_numbers (id, tenant_id);
ALTER TABLE automation_engine.workflow_versions ADD CONSTRAINT workflow_versions_workflow_id_fkey
    FOREIGN KEY (workflow_id, tenant_id) REFERENCES automation_engine.workflows (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.workflow_nodes ADD CONSTRAINT workflow_nodes_workflow_id_fkey
    FOREIGN KEY (workflow_id, tenant_id) REFERENCES automation_engine.workflows (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.workflow_nodes ADD CONSTRAINT workflow_nodes_workflow_version_id_fkey
    FOREIGN KEY (workflow_version_id, tenant_id) REFERENCES automation_engine.workflow_versions (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.workflow_connections ADD CONSTRAINT workflow_connections_workflow_id_fkey
    FOREIGN KEY (workflow_id, tenant_id) REFERENCES automation_engine.workflows (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.workflow_connections ADD CONSTRAINT workflow_connections_workflow_version_id_fkey
    FOREIGN KEY (workflow_version_id, tenant_id) REFERENCES automation_engine.workflow_versions (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.workflow_connections ADD CONSTRAINT workflow_connections_source_node_id_fkey
    FOREIGN KEY (source_node_id, tenant_id) REFERENCES automation_engine.workflow_nodes (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.workflow_connections ADD CONSTRAINT workflow_connections_target_node_id_fkey
    FOREIGN KEY (target_node_id, tenant_id) REFERENCES automation_engine.workflow_nodes (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.execution_logs ADD CONSTRAINT execution_logs_workflow_id_fkey
    FOREIGN KEY (workflow_id, tenant_id) REFERENCES automation_engine.workflows (id, tenant_id);
ALTER TABLE automation_engine.execution_logs ADD CONSTRAINT execution_logs_workflow_version_id_fkey
    FOREIGN KEY (workflow_version_id, tenant_id) REFERENCES automation_engine.workflow_versions (id, tenant_id);
ALTER TABLE automation_engine.node_executions ADD CONSTRAINT node_executions_execution_log_id_execution_log_timestamp_fkey
    FOREIGN KEY (execution_log_id, execution_log_timestamp, tenant_id)
    REFERENCES automation_engine.execution_logs (id, "timestamp", tenant_id) ON DELETE CASCADE;
ALTER TABLE automation_engine.node_executions ADD CONSTRAINT node_executions_node_id_fkey
    FOREIGN KEY (node_id, tenant_id) REFERENCES automation_engine.workflow_nodes (id, tenant_id);
ALTER TABLE compliance.call_recordings ADD CONSTRAINT call_recordings_call_id_fkey
    FOREIGN KEY (call_id, tenant_id) REFERENCES call_analytics.calls (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE security.prompt_injection_attempts ADD CONSTRAINT prompt_injection_attempts_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id);
ALTER TABLE security.prompt_injection_attempts ADD CONSTRAINT prompt_injection_attempts_agent_version_id_fkey
    FOREIGN KEY (agent_version_id, tenant_id) REFERENCES agent_manager.agent_versions (id, tenant_id);
ALTER TABLE security.voice_security_events ADD CONSTRAINT voice_security_events_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id);
ALTER TABLE security.voice_security_events ADD CONSTRAINT voice_security_events_agent_version_id_fkey
    FOREIGN KEY (agent_version_id, tenant_id) REFERENCES agent_manager.agent_versions (id, tenant_id);
ALTER TABLE quality.call_quality_scores ADD CONSTRAINT call_quality_scores_call_id_fkey
    FOREIGN KEY (call_id, tenant_id) REFERENCES call_analytics.calls (id, tenant_id) ON DELETE CASCADE;
ALTER TABLE quality.customer_feedback ADD CONSTRAINT customer_feedback_call_id_fkey
    FOREIGN KEY (call_id, tenant_id) REFERENCES call_analytics.calls (id, tenant_id);
ALTER TABLE quality.agent_performance_metrics ADD CONSTRAINT agent_performance_metrics_agent_id_fkey
    FOREIGN KEY (agent_id, tenant_id) REFERENCES agent_manager.agents (id, tenant_id);
ALTER TABLE billing.payment_methods ADD CONSTRAINT payment_methods_billing_account_id_fkey
    FOREIGN KEY (billing_account_id, organization_id) REFERENCES billing.billing_accounts (id, organization_id) ON DELETE CASCADE;
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_billing_account_id_fkey
    FOREIGN KEY (billing_account_id, organization_id) REFERENCES billing.billing_accounts (id, organization_id);
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_payment_method_id_fkey
    FOREIGN KEY (payment_method_id, organization_id) REFERENCES billing.payment_methods (id, organization_id);
ALTER TABLE billing.usage_metering ADD CONSTRAINT usage_metering_invoice_id_fkey
    FOREIGN KEY (invoice_id, organization_id) REFERENCES billing.invoices (id, organization_id);

-- Nothing lost on the way: as many top-level foreign keys in the 13 schemas as before step 1.
DO $$
DECLARE
    expected int := (SELECT count(*) FROM v40_foreign_keys) + 35;
    actual int;
BEGIN
    SELECT count(*) INTO actual
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype = 'f' AND con.conparentid = 0
      AND n.nspname IN ('agent_manager', 'phone_manager', 'agent_intelligence', 'call_analytics', 'automation_engine',
                        'compliance', 'security', 'billing', 'identity', 'quality', 'features', 'operations', 'partners');
    IF actual <> expected THEN
        RAISE EXCEPTION 'V40: % foreign keys after distribution, % expected', actual, expected;
    END IF;
END
$$;

-- 5. Row-level security on the workers ------------------------------------------------------------------------------

-- The RLS policies read app.current_tenant_id / app.current_organization_id; Citus sends a SET LOCAL of them along
-- to the shards' connections only with this setting.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET citus.propagate_set_commands TO %L', current_database(), 'local');
END
$$;
