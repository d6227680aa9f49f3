-- V32: the key the calls write path (com.aybiza.jobs.calls) needs so that a replay of the calls topic stores no
-- figure twice. The other tables it writes already have one: calls UNIQUE (call_sid); call_analytics PRIMARY KEY
-- (id), with an id the job derives from (tenant, call_sid); tool_executions PRIMARY KEY (id, "timestamp"), with an id
-- derived from (tenant, execution_id) and "timestamp" = started_at, which every event of an execution carries.
--
-- detailed_metrics has no unique key in the document (id BIGSERIAL, no PRIMARY KEY). The job gives each figure of a
-- finished call an id derived from (tenant, call_sid, metric, turn) and inserts it with ON CONFLICT DO NOTHING, which
-- needs this key. It holds "timestamp" because every unique key of a partitioned table or a hypertable must, and
-- tenant_id because it is the hypertable's space dimension (timescaledb/V20) and the Citus distribution column
-- (citus/V40), which every unique key must hold as well. The document's items are unchanged: this key is extra.

CREATE UNIQUE INDEX detailed_metrics_figure_key ON call_analytics.detailed_metrics (id, "timestamp", tenant_id);
