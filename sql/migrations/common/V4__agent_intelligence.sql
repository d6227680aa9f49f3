-- V4: schema agent_intelligence: Agent sessions, configurations, memories, MCP connectors, files and tool executions.
-- Tables, columns, types, defaults, CHECK lists, foreign keys and keys as in shared/spec/database-schema.md.
-- Identifiers are unqualified in the document; here every object is schema-qualified.

CREATE TABLE agent_intelligence.agent_sessions (
    agent_session_id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id                     UUID NOT NULL,
    tenant_id                    UUID NOT NULL,
    session_state                JSONB,  -- Real-time agent state
    active_tools                 JSONB DEFAULT '[]',  -- Currently executing tools
    memory_context               JSONB DEFAULT '{}',  -- Working memory
    conversation_buffer          JSONB DEFAULT '[]',  -- Recent turns
    model_in_use                 VARCHAR(100),  -- Current Claude model
    thinking_state               VARCHAR(50) CHECK (thinking_state IN ('idle', 'thinking', 'extended_thinking')),
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    ttl                          INTEGER DEFAULT 3600  -- DynamoDB TTL
);

CREATE TABLE agent_intelligence.agent_configurations (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id                     UUID NOT NULL REFERENCES agent_manager.agents(id) ON DELETE CASCADE,
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    claude_4_config              JSONB DEFAULT '{
  "opus_enabled": true,
  "sonnet_enabled": true,
  "extended_thinking_allowed": false,
  "max_thinking_time_ms": 30000,
  "parallel_tools_max": 5,
  "code_execution_allowed": false,
  "mcp_connectors": [],
  "files_api_enabled": false,
  "web_search_enabled": true,
  "prompt_cache_strategy": "adaptive"
}',
    tool_permissions             JSONB DEFAULT '{}',  -- Granular tool access
    memory_config                JSONB DEFAULT '{
  "vector_db_enabled": true,
  "max_memory_items": 1000,
  "memory_ttl_days": 365
}',
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    version                      INTEGER DEFAULT 1
);

CREATE TABLE agent_intelligence.agent_memories (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id                     UUID NOT NULL,
    tenant_id                    UUID NOT NULL,
    memory_type                  VARCHAR(50) CHECK (memory_type IN ('fact', 'preference', 'context', 'skill')),
    content                      TEXT NOT NULL,
    embedding                    REAL[],  -- For semantic search. VECTOR(1536) where pgvector is installed (pgvector/V4_1).
    metadata                     JSONB DEFAULT '{}',
    importance_score             DECIMAL(3,2) DEFAULT 0.50,
    access_count                 INTEGER DEFAULT 0,
    last_accessed                TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at                   TIMESTAMPTZ
);

CREATE TABLE agent_intelligence.mcp_connectors (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                    UUID NOT NULL REFERENCES agent_manager.tenants(id) ON DELETE CASCADE,
    name                         VARCHAR(255) NOT NULL,
    connector_type               VARCHAR(100) NOT NULL,  -- 'hubspot', 'postgresql', 'google_drive', etc.
    configuration                JSONB NOT NULL,  -- Encrypted connection details
    permissions                  JSONB DEFAULT '{}',
    status                       VARCHAR(50) DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'error')),
    last_health_check            TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent_intelligence.agent_files (
    id                           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    file_key                     VARCHAR(500) NOT NULL UNIQUE,  -- S3 key
    agent_id                     UUID NOT NULL,
    tenant_id                    UUID NOT NULL,
    file_name                    VARCHAR(255) NOT NULL,
    file_type                    VARCHAR(100) NOT NULL,
    file_size_bytes              BIGINT NOT NULL,
    content_hash                 VARCHAR(64) NOT NULL,  -- SHA-256
    metadata                     JSONB DEFAULT '{}',
    access_permissions           JSONB DEFAULT '{}',
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_accessed                TIMESTAMPTZ,
    access_count                 INTEGER DEFAULT 0,
    expires_at                   TIMESTAMPTZ
);

CREATE TABLE agent_intelligence.tool_executions (
    id                           UUID NOT NULL DEFAULT gen_random_uuid(),
    "timestamp"                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    agent_id                     UUID NOT NULL,
    tenant_id                    UUID NOT NULL,
    call_sid                     VARCHAR(255),
    tool_name                    VARCHAR(255) NOT NULL,
    tool_type                    VARCHAR(100) NOT NULL,
    execution_mode               VARCHAR(50) CHECK (execution_mode IN ('sequential', 'parallel')),
    input_data                   JSONB NOT NULL,
    output_data                  JSONB,
    status                       VARCHAR(50) CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    started_at                   TIMESTAMPTZ NOT NULL,
    completed_at                 TIMESTAMPTZ,
    duration_ms                  INTEGER,
    error_details                JSONB,
    cost_usd                     DECIMAL(10,6) DEFAULT 0.00,
    -- Widened with the time column: TimescaleDB and PostgreSQL partitioning both require every unique key to
    -- include it. id is still a random UUID (or the producer's idempotency key), unique in practice.
    PRIMARY KEY (id, "timestamp")
) ${time_partitioning};  -- a hypertable under TimescaleDB, RANGE-partitioned by day elsewhere
