-- V21 (PostgreSQL without TimescaleDB): the document's four continuous aggregates over time-series tables, as
-- materialized views with the same columns, refreshed by maintenance.refresh_aggregate_views()
-- (`bin/aybiza refresh-aggregates`). Buckets are UTC hours and days, as time_bucket() makes them.

CREATE MATERIALIZED VIEW security.security_events_daily AS
SELECT date_trunc('day', "timestamp", 'UTC') AS day,
       tenant_id,
       event_type,
       severity,
       COUNT(*) AS event_count,
       COUNT(*) FILTER (WHERE resolved = true) AS resolved_count
FROM security.security_events
GROUP BY 1, tenant_id, event_type, severity;
CREATE UNIQUE INDEX security_events_daily_key ON security.security_events_daily (day, tenant_id, event_type, severity) NULLS NOT DISTINCT;

CREATE MATERIALIZED VIEW call_analytics.performance_metrics_hourly AS
SELECT date_trunc('hour', "timestamp", 'UTC') AS hour,
       tenant_id,
       metric_name,
       AVG(metric_value) AS avg_value,
       MIN(metric_value) AS min_value,
       MAX(metric_value) AS max_value,
       COUNT(*) AS sample_count
FROM call_analytics.detailed_metrics
WHERE metric_type = 'latency'
GROUP BY 1, tenant_id, metric_name;
CREATE UNIQUE INDEX performance_metrics_hourly_key ON call_analytics.performance_metrics_hourly (hour, tenant_id, metric_name);

CREATE MATERIALIZED VIEW billing.usage_hourly AS
SELECT date_trunc('hour', "timestamp", 'UTC') AS hour,
       tenant_id,
       resource_type,
       SUM(quantity) AS total_quantity,
       SUM(total_cost) AS total_cost,
       COUNT(*) AS transaction_count
FROM billing.usage_metering
GROUP BY 1, tenant_id, resource_type;
CREATE UNIQUE INDEX usage_hourly_key ON billing.usage_hourly (hour, tenant_id, resource_type);

CREATE MATERIALIZED VIEW billing.billing_daily AS
SELECT date_trunc('day', "timestamp", 'UTC') AS day,
       organization_id,
       SUM(total_cost) AS daily_cost,
       COUNT(DISTINCT tenant_id) AS active_tenants,
       COUNT(DISTINCT resource_type) AS resource_types_used
FROM billing.usage_metering
GROUP BY 1, organization_id;
CREATE UNIQUE INDEX billing_daily_key ON billing.billing_daily (day, organization_id);
