-- V22 (TimescaleDB): the document's compression and retention policies, and an hourly job that refreshes the two
-- plain materialized views of V16 (TimescaleDB's scheduler stands in for cron here).
-- Compressed chunks are segmented by tenant (every query filters by it) and ordered by time, newest first.

ALTER TABLE call_analytics.detailed_metrics SET (timescaledb.compress, timescaledb.compress_segmentby = 'tenant_id', timescaledb.compress_orderby = '"timestamp" DESC');
ALTER TABLE automation_engine.execution_logs SET (timescaledb.compress, timescaledb.compress_segmentby = 'tenant_id', timescaledb.compress_orderby = '"timestamp" DESC');
ALTER TABLE security.audit_logs SET (timescaledb.compress, timescaledb.compress_segmentby = 'tenant_id', timescaledb.compress_orderby = '"timestamp" DESC');
ALTER TABLE security.security_events SET (timescaledb.compress, timescaledb.compress_segmentby = 'tenant_id', timescaledb.compress_orderby = '"timestamp" DESC');
ALTER TABLE security.api_access_logs SET (timescaledb.compress, timescaledb.compress_segmentby = 'tenant_id', timescaledb.compress_orderby = '"timestamp" DESC');

SELECT add_compression_policy('call_analytics.detailed_metrics', INTERVAL '7 days');
SELECT add_compression_policy('automation_engine.execution_logs', INTERVAL '7 days');
SELECT add_compression_policy('security.audit_logs', INTERVAL '7 days');
SELECT add_compression_policy('security.security_events', INTERVAL '7 days');
SELECT add_compression_policy('security.api_access_logs', INTERVAL '7 days');

SELECT add_retention_policy('call_analytics.detailed_metrics', INTERVAL '2 years');
SELECT add_retention_policy('automation_engine.execution_logs', INTERVAL '1 year');
SELECT add_retention_policy('security.audit_logs', INTERVAL '7 years'); -- Compliance requirement
SELECT add_retention_policy('security.security_events', INTERVAL '7 years'); -- Compliance requirement
SELECT add_retention_policy('security.api_access_logs', INTERVAL '1 year');

CREATE PROCEDURE maintenance.refresh_aggregate_views_job(job_id int, config jsonb)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM maintenance.refresh_aggregate_views();
END
$$;

SELECT add_job('maintenance.refresh_aggregate_views_job', INTERVAL '1 hour');
