-- V6: schema automation_engine: Workflows, their versions, nodes and connections, tools and execution logs.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE automation_engine.workflows (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    name                         VARCHAR(255) NOT NULL,
    description                  TEXT,
    category                     VARCHAR(100) DEFAULT 'custom' CHECK (category IN ('crm', 'communication', 'analytics', 'integration', 'custom')),
    trigger_type                 VARCHAR(50) NOT NULL CHECK (trigger_type IN ('voice_agent', 'webhook', 'scheduled', 'manual', 'event')),
    trigger_config               JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'inactive', 'archived')),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id),
    version                      INTEGER DEFAULT 1,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    is_published                 BOOLEAN DEFAULT FALSE,
    published_at                 TIMESTAMPTZ,
    published_by_id              UUID REFERENCES agent_manager.users(id),
    execution_count              INTEGER DEFAULT 0,
    success_rate                 DECIMAL(5,2) DEFAULT 0.00,
    avg_execution_time_ms        INTEGER DEFAULT 0,
    metadata                     JSONB DEFAULT '{}',
    is_template                  BOOLEAN DEFAULT FALSE,
    template_category            VARCHAR(100)
);

CREATE TABLE automation_engine.workflow_versions (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id                  UUID NOT NULL REFERENCES automation_engine.workflows(id) ON DELETE CASCADE,
    version                      INTEGER NOT NULL,
    trigger_config               JSONB NOT NULL,
    status                       VARCHAR(50) DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'published', 'archived')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    is_published                 BOOLEAN DEFAULT FALSE,
    published_at                 TIMESTAMPTZ,
    published_by_id              UUID REFERENCES agent_manager.users(id),
    changelog                    TEXT,
    metadata                     JSONB DEFAULT '{}',
    UNIQUE (workflow_id, version)
);

CREATE TABLE automation_engine.workflow_nodes (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id                  UUID NOT NULL REFERENCES automation_engine.workflows(id) ON DELETE CASCADE,
    workflow_version_id          UUID NOT NULL REFERENCES automation_engine.workflow_versions(id) ON DELETE CASCADE,
    name                         VARCHAR(255) NOT NULL,
    node_type                    VARCHAR(50) NOT NULL CHECK (node_type IN ('trigger', 'action', 'condition', 'loop', 'parallel', 'tool', 'integration', 'end')),
    config                       JSONB NOT NULL DEFAULT '{}',
    tool_id                      UUID,
    position_x                   INTEGER DEFAULT 0,
    position_y                   INTEGER DEFAULT 0,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id),
    timeout_ms                   INTEGER DEFAULT 30000,
    retry_count                  INTEGER DEFAULT 0,
    retry_delay_ms               INTEGER DEFAULT 1000
);

CREATE TABLE automation_engine.workflow_connections (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id                  UUID NOT NULL REFERENCES automation_engine.workflows(id) ON DELETE CASCADE,
    workflow_version_id          UUID NOT NULL REFERENCES automation_engine.workflow_versions(id) ON DELETE CASCADE,
    source_node_id               UUID NOT NULL REFERENCES automation_engine.workflow_nodes(id) ON DELETE CASCADE,
    target_node_id               UUID NOT NULL REFERENCES automation_engine.workflow_nodes(id) ON DELETE CASCADE,
    condition                    JSONB DEFAULT '{}',
    label                        VARCHAR(255),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id)
);

CREATE TABLE automation_engine.tools (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id              UUID REFERENCES agent_manager.organizations(id) ON DELETE CASCADE,
    tenant_id                    UUID REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    name                         VARCHAR(255) NOT NULL,
    description                  TEXT,
    category                     VARCHAR(100) DEFAULT 'custom' CHECK (category IN ('crm', 'communication', 'database', 'analytics', 'integration', 'ai', 'custom')),
    tool_type                    VARCHAR(50) NOT NULL CHECK (tool_type IN ('http_api', 'database', 'webhook', 'function', 'ai_service', 'file_operation')),
    config                       JSONB NOT NULL DEFAULT '{}',
    auth_config                  JSONB DEFAULT '{}',  -- Encrypted
    input_schema                 JSONB NOT NULL,  -- JSON Schema for input validation
    output_schema                JSONB NOT NULL,  -- JSON Schema for output validation
    created_by_id                UUID REFERENCES agent_manager.users(id),
    updated_by_id                UUID REFERENCES agent_manager.users(id),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    version                      INTEGER DEFAULT 1,
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'deprecated')),
    is_system_tool               BOOLEAN DEFAULT FALSE,
    is_verified                  BOOLEAN DEFAULT FALSE,
    usage_count                  INTEGER DEFAULT 0,
    success_rate                 DECIMAL(5,2) DEFAULT 0.00,
    avg_execution_time_ms        INTEGER DEFAULT 0
);

CREATE TABLE automation_engine.tool_versions (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tool_id                      UUID NOT NULL REFERENCES automation_engine.tools(id) ON DELETE CASCADE,
    version                      INTEGER NOT NULL,
    config                       JSONB NOT NULL,
    auth_config                  JSONB DEFAULT '{}',
    input_schema                 JSONB NOT NULL,
    output_schema                JSONB NOT NULL,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by_id                UUID NOT NULL REFERENCES agent_manager.users(id),
    is_published                 BOOLEAN DEFAULT FALSE,
    published_at                 TIMESTAMPTZ,
    published_by_id              UUID REFERENCES agent_manager.users(id),
    status                       VARCHAR(50) DEFAULT 'draft' CHECK (status IN ('draft', 'testing', 'published', 'deprecated')),
    changelog                    TEXT,
    UNIQUE (tool_id, version)
);

CREATE TABLE automation_engine.execution_logs (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    workflow_id                  UUID NOT NULL REFERENCES automation_engine.workflows(id),
    workflow_version_id          UUID NOT NULL REFERENCES automation_engine.workflow_versions(id),
    organization_id              UUID NOT NULL REFERENCES agent_manager.organizations(id),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id),
    trigger_type                 VARCHAR(50) NOT NULL CHECK (trigger_type IN ('voice_agent', 'webhook', 'scheduled', 'manual', 'event')),
    trigger_id                   UUID,  -- Could be call_id, agent_id, etc.
    trigger_data                 JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'started' CHECK (status IN ('started', 'running', 'completed', 'failed', 'timeout', 'cancelled')),
    started_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at                 TIMESTAMPTZ,
    duration_ms                  INTEGER,
    error_message                TEXT,
    error_details                JSONB DEFAULT '{}',
    input_data                   JSONB DEFAULT '{}',
    output_data                  JSONB DEFAULT '{}',
    metadata                     JSONB DEFAULT '{}',
    nodes_executed               INTEGER DEFAULT 0,
    nodes_succeeded              INTEGER DEFAULT 0,
    nodes_failed                 INTEGER DEFAULT 0,
    cost_usd                     DECIMAL(10,6) DEFAULT 0.00,
    -- Widened with the time column and the space dimension's column (tenant_id): TimescaleDB and PostgreSQL
    -- partitioning require every unique key to include the partitioning columns. id is still a random UUID,
    -- unique in practice.
    PRIMARY KEY (id, "timestamp", tenant_id)
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere

CREATE TABLE automation_engine.node_executions (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The document references execution_logs(id), but execution_logs is time-partitioned and its key is
    -- (id, "timestamp", tenant_id): PostgreSQL cannot reference id alone. Decision: node_executions also records its
    -- log's timestamp and tenant and references the whole key, which keeps the integrity and the ON DELETE CASCADE.
    execution_log_id             UUID NOT NULL,
    execution_log_timestamp      TIMESTAMPTZ NOT NULL,
    tenant_id                    UUID NOT NULL,
    node_id                      UUID NOT NULL REFERENCES automation_engine.workflow_nodes(id),
    node_name                    VARCHAR(255) NOT NULL,
    node_type                    VARCHAR(50) NOT NULL,
    status                       VARCHAR(50) DEFAULT 'started' CHECK (status IN ('started', 'running', 'completed', 'failed', 'skipped', 'timeout')),
    started_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at                 TIMESTAMPTZ,
    duration_ms                  INTEGER,
    input_data                   JSONB DEFAULT '{}',
    output_data                  JSONB DEFAULT '{}',
    error_message                TEXT,
    error_details                JSONB DEFAULT '{}',
    retry_count                  INTEGER DEFAULT 0,
    cost_usd                     DECIMAL(10,6) DEFAULT 0.00,
    CONSTRAINT node_executions_execution_log_id_execution_log_timestamp_fkey
        FOREIGN KEY (execution_log_id, execution_log_timestamp, tenant_id)
        REFERENCES automation_engine.execution_logs (id, "timestamp", tenant_id) ON DELETE CASCADE
);

ALTER TABLE automation_engine.workflow_nodes ADD FOREIGN KEY (tool_id) REFERENCES automation_engine.tools(id);

-- The document's indexes. Inside a migration they cannot be CONCURRENTLY: Flyway runs each migration in one
-- transaction (so a failed migrate leaves nothing behind), and CREATE INDEX CONCURRENTLY refuses to run in one.
CREATE INDEX idx_workflows_tenant_status ON automation_engine.workflows (tenant_id, status);
CREATE INDEX idx_workflows_category ON automation_engine.workflows (category, status);
CREATE INDEX idx_workflows_template ON automation_engine.workflows (is_template, template_category);
CREATE INDEX idx_workflows_performance ON automation_engine.workflows (success_rate DESC, execution_count DESC);
CREATE INDEX idx_tools_tenant_category ON automation_engine.tools (tenant_id, category, status);
CREATE INDEX idx_tools_system ON automation_engine.tools (is_system_tool, status);
CREATE INDEX idx_tools_verified ON automation_engine.tools (is_verified, usage_count DESC);
CREATE INDEX idx_execution_logs_tenant_time ON automation_engine.execution_logs (tenant_id, timestamp DESC);
CREATE INDEX idx_execution_logs_workflow_time ON automation_engine.execution_logs (workflow_id, timestamp DESC);
CREATE INDEX idx_execution_logs_status ON automation_engine.execution_logs (status, timestamp DESC);
CREATE INDEX idx_execution_logs_trigger ON automation_engine.execution_logs (trigger_type, trigger_id, timestamp DESC);
