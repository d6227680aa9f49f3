-- V16: the two aggregate views over call_analytics.calls, as plain materialized views on every database.
-- The document declares call_analytics_hourly a continuous aggregate over calls, but does not make calls a
-- hypertable, and calls(id) is the target of five foreign keys. Decision: calls stays a regular table (foreign keys
-- need a unique id) and call_analytics_hourly is a materialized view, refreshed by maintenance.refresh_aggregate_views()
-- (a TimescaleDB job where TimescaleDB is installed, `bin/aybiza refresh-aggregates` elsewhere).
-- tenant_usage_daily filters on NOW(), which only a plain materialized view allows.
-- Buckets are UTC hours and days, the same as time_bucket()'s.

CREATE SCHEMA IF NOT EXISTS maintenance;
COMMENT ON SCHEMA maintenance IS 'Partition, retention and aggregate upkeep of the AYBIZA schema (not part of the data model).';

CREATE MATERIALIZED VIEW call_analytics.call_analytics_hourly AS
SELECT date_trunc('hour', start_time, 'UTC') AS hour,
       tenant_id,
       agent_id,
       COUNT(*) AS total_calls,
       AVG(duration_seconds) AS avg_duration,
       AVG(quality_score) AS avg_quality,
       SUM(cost_usd) AS total_cost,
       COUNT(*) FILTER (WHERE status = 'completed') AS successful_calls
FROM call_analytics.calls
GROUP BY 1, tenant_id, agent_id;

-- Unique, so that it can be refreshed CONCURRENTLY (readers are never blocked); agent_id may be NULL.
CREATE UNIQUE INDEX call_analytics_hourly_key ON call_analytics.call_analytics_hourly (hour, tenant_id, agent_id) NULLS NOT DISTINCT;

CREATE MATERIALIZED VIEW call_analytics.tenant_usage_daily AS
SELECT tenant_id,
       (start_time AT TIME ZONE 'UTC')::date AS usage_date,
       COUNT(*) AS total_calls,
       SUM(duration_seconds) AS total_duration,
       SUM(cost_usd) AS total_cost,
       COUNT(DISTINCT agent_id) AS active_agents
FROM call_analytics.calls
WHERE start_time > NOW() - INTERVAL '30 days'
GROUP BY tenant_id, 2;

CREATE UNIQUE INDEX ON call_analytics.tenant_usage_daily(tenant_id, usage_date);

-- Every materialized view the schema holds, refreshed CONCURRENTLY once it has data. Continuous aggregates are not
-- in pg_matviews (TimescaleDB refreshes those itself, by policy).
CREATE FUNCTION maintenance.refresh_aggregate_views() RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT schemaname, matviewname, ispopulated FROM pg_matviews
             WHERE schemaname IN ('call_analytics', 'security', 'billing') ORDER BY 1, 2 LOOP
        IF v.ispopulated THEN
            EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I.%I', v.schemaname, v.matviewname);
        ELSE
            EXECUTE format('REFRESH MATERIALIZED VIEW %I.%I', v.schemaname, v.matviewname);
        END IF;
        RETURN NEXT v.schemaname || '.' || v.matviewname;
    END LOOP;
END
$$;
