-- V20 (TimescaleDB): the eleven time-series tables become hypertables, with the document's chunk intervals and
-- space dimensions. tool_executions is marked a hypertable in its heading but has no create_hypertable() call:
-- decision, one-day chunks like the other event logs and no space dimension (the document gives none).

CREATE EXTENSION IF NOT EXISTS timescaledb;

SELECT create_hypertable('call_analytics.detailed_metrics', 'timestamp', chunk_time_interval => INTERVAL '1 hour');
SELECT create_hypertable('automation_engine.execution_logs', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('security.audit_logs', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('security.security_events', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('security.prompt_injection_attempts', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('security.voice_security_events', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('security.api_access_logs', 'timestamp', chunk_time_interval => INTERVAL '1 hour');
SELECT create_hypertable('billing.usage_metering', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('identity.login_history', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('quality.agent_performance_metrics', 'timestamp', chunk_time_interval => INTERVAL '1 day');
SELECT create_hypertable('agent_intelligence.tool_executions', 'timestamp', chunk_time_interval => INTERVAL '1 day');

-- A space dimension's column must be part of every unique key of its hypertable (V6, V9, V10, V11 widen theirs).
SELECT add_dimension('call_analytics.detailed_metrics', 'tenant_id', number_partitions => 4);
SELECT add_dimension('automation_engine.execution_logs', 'tenant_id', number_partitions => 4);
SELECT add_dimension('billing.usage_metering', 'tenant_id', number_partitions => 4);
SELECT add_dimension('identity.login_history', 'user_id', number_partitions => 4);
SELECT add_dimension('quality.agent_performance_metrics', 'tenant_id', number_partitions => 4);

-- Not added, although the document asks for them (TimescaleDB advises against space partitioning on one node anyway):
--   audit_logs, security_events, api_access_logs: tenant_id is nullable there (platform-wide events have no tenant),
--     and a primary key, which must include the space column, cannot hold a NULL.
