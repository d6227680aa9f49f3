-- V43: call_analytics.latency_percentiles_hourly, the 50th, 95th and 99th percentile of every latency figure per UTC
-- hour, tenant and metric, for the BI dashboard's latency panel (issue 9). performance_metrics_hourly, the document's
-- view, keeps only mean, min and max, and a percentile cannot be rebuilt from those; its columns stay as the document
-- has them, so the percentiles get a view of their own. It is not in the document.
--
-- A plain materialized view on every database. Under TimescaleDB a continuous aggregate cannot hold an ordered-set
-- aggregate such as percentile_cont (the toolkit's percentile_agg could, but timescaledb_toolkit is not installed
-- everywhere). maintenance.refresh_aggregate_views() (V16) refreshes it with the others, CONCURRENTLY once populated:
-- `bin/aybiza refresh-aggregates`, `local`'s schedule, and under TimescaleDB the hourly job of V22. It is recomputed
-- whole on each refresh, like the plain-PostgreSQL views of V21.
-- Under Citus it stays a local materialized view on the coordinator, like the others (see citus/V40); it groups by
-- tenant_id, the distribution column of detailed_metrics, so that Citus can push the whole aggregation down to the
-- shards (a percentile cannot be merged from partial ones). Not exercised here: no Citus build (see citus/V40).
-- Buckets are UTC hours, the same as performance_metrics_hourly's. The three percentile_cont calls share one sort of
-- each group (PostgreSQL shares the state of ordered-set aggregates with the same input).

CREATE MATERIALIZED VIEW call_analytics.latency_percentiles_hourly AS
SELECT date_trunc('hour', "timestamp", 'UTC') AS hour,
       tenant_id,
       metric_name,
       percentile_cont(0.50) WITHIN GROUP (ORDER BY metric_value) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY metric_value) AS p95,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY metric_value) AS p99,
       COUNT(*) AS sample_count
FROM call_analytics.detailed_metrics
WHERE metric_type = 'latency'
GROUP BY 1, tenant_id, metric_name;

-- Unique, so that it can be refreshed CONCURRENTLY (readers are never blocked).
CREATE UNIQUE INDEX latency_percentiles_hourly_key ON call_analytics.latency_percentiles_hourly (hour, tenant_id, metric_name);

-- bi_reader reads the aggregate views and nothing else (V30); no default privilege grants it new views.
GRANT SELECT ON call_analytics.latency_percentiles_hourly TO bi_reader;
