-- V21 (TimescaleDB): the document's four continuous aggregates over hypertables, each with a refresh policy.
-- WITH NO DATA: a continuous aggregate may only be created inside a transaction without its initial refresh, and
-- Flyway runs the whole migrate in one transaction; the policies fill them. They are real-time
-- (materialized_only = false), so BI tools also see the rows written since the last refresh.
-- call_analytics_hourly and tenant_usage_daily are over calls, not a hypertable: see V16.

CREATE MATERIALIZED VIEW security.security_events_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket('1 day', "timestamp") AS day,
       tenant_id,
       event_type,
       severity,
       COUNT(*) AS event_count,
       COUNT(*) FILTER (WHERE resolved = true) AS resolved_count
FROM security.security_events
GROUP BY day, tenant_id, event_type, severity
WITH NO DATA;

CREATE MATERIALIZED VIEW call_analytics.performance_metrics_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket('1 hour', "timestamp") AS hour,
       tenant_id,
       metric_name,
       AVG(metric_value) AS avg_value,
       MIN(metric_value) AS min_value,
       MAX(metric_value) AS max_value,
       COUNT(*) AS sample_count
FROM call_analytics.detailed_metrics
WHERE metric_type = 'latency'
GROUP BY hour, tenant_id, metric_name
WITH NO DATA;

CREATE MATERIALIZED VIEW billing.usage_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket('1 hour', "timestamp") AS hour,
       tenant_id,
       resource_type,
       SUM(quantity) AS total_quantity,
       SUM(total_cost) AS total_cost,
       COUNT(*) AS transaction_count
FROM billing.usage_metering
GROUP BY hour, tenant_id, resource_type
WITH NO DATA;

CREATE MATERIALIZED VIEW billing.billing_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket('1 day', "timestamp") AS day,
       organization_id,
       SUM(total_cost) AS daily_cost,
       COUNT(DISTINCT tenant_id) AS active_tenants,
       COUNT(DISTINCT resource_type) AS resource_types_used
FROM billing.usage_metering
GROUP BY day, organization_id
WITH NO DATA;

-- Late events are normal at the edge: re-materialize the last three buckets' worth on every run.
SELECT add_continuous_aggregate_policy('security.security_events_daily',
    start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour');
SELECT add_continuous_aggregate_policy('call_analytics.performance_metrics_hourly',
    start_offset => INTERVAL '3 hours', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('billing.usage_hourly',
    start_offset => INTERVAL '3 hours', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('billing.billing_daily',
    start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour');
