-- V20 (PostgreSQL without TimescaleDB): the eleven time-series tables are RANGE-partitioned on "timestamp".
-- One partition per UTC day for every table. The document's 1-hour chunks (detailed_metrics, api_access_logs) are a
-- TimescaleDB tuning; as native partitions they would mean 17,520 tables per table for two years of retention,
-- far past what PostgreSQL's planner handles well. Each table also gets a DEFAULT partition, so that an event whose
-- day has no partition yet (a late backfill, a clock far off) is still stored rather than rejected: usage_metering
-- carries money. maintenance.create_time_partitions() moves such rows into their day's partition when it creates it.
-- Retention is the document's where it gives one; `bin/aybiza partitions` drops partitions past it.

CREATE TABLE maintenance.time_partitioned_tables (
    table_name  regclass PRIMARY KEY,
    retention   interval    -- NULL: partitions are kept
);

INSERT INTO maintenance.time_partitioned_tables (table_name, retention) VALUES
    ('agent_intelligence.tool_executions', NULL),
    ('call_analytics.detailed_metrics', INTERVAL '2 years'),
    ('automation_engine.execution_logs', INTERVAL '1 year'),
    ('security.audit_logs', INTERVAL '7 years'),
    ('security.security_events', INTERVAL '7 years'),
    ('security.prompt_injection_attempts', NULL),
    ('security.voice_security_events', NULL),
    ('security.api_access_logs', INTERVAL '1 year'),
    ('billing.usage_metering', NULL),
    ('identity.login_history', NULL),
    ('quality.agent_performance_metrics', NULL);

-- Creates the daily partitions of every time-partitioned table for the days from p_from through p_from + p_ahead
-- (both included), skipping those that exist. Returns the partitions it created, and a line starting 'kept ' for a
-- day it could not create: rows of that day sit in the DEFAULT partition and other tables reference them
-- (execution_logs, by node_executions). Moving them would mean deleting them, which ON DELETE CASCADE would carry to
-- the referencing rows, and PostgreSQL refuses to detach a DEFAULT partition that holds referenced rows. Such rows
-- stay in the DEFAULT partition, where queries still find them.
CREATE FUNCTION maintenance.create_time_partitions(p_ahead interval,
                                                   p_from date DEFAULT (now() AT TIME ZONE 'UTC')::date)
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    t          record;
    day        date;
    part       text;
    lo         timestamptz;
    hi         timestamptz;
    dflt       text;
    misplaced  boolean;
BEGIN
    FOR t IN SELECT c.oid::regclass AS tbl, n.nspname AS nsp, c.relname AS rel,
                    EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.oid) AS referenced
             FROM maintenance.time_partitioned_tables p
             JOIN pg_class c ON c.oid = p.table_name JOIN pg_namespace n ON n.oid = c.relnamespace
             ORDER BY (c.oid::regclass)::text LOOP
        dflt := t.rel || '_default';
        FOR day IN SELECT generate_series(p_from::timestamp, p_from + p_ahead, INTERVAL '1 day')::date LOOP
            part := t.rel || '_p' || to_char(day, 'YYYYMMDD');
            CONTINUE WHEN to_regclass(format('%I.%I', t.nsp, part)) IS NOT NULL;
            lo := day::timestamp AT TIME ZONE 'UTC';
            hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE "timestamp" >= %L AND "timestamp" < %L)',
                           t.nsp, dflt, lo, hi) INTO misplaced;
            IF misplaced AND t.referenced THEN
                RETURN NEXT 'kept ' || t.nsp || '.' || part || ': its rows stay in ' || dflt || ' (other tables reference them)';
                CONTINUE;
            ELSIF misplaced THEN
                -- A new partition may not overlap rows held by the default one: set the default aside, create the
                -- partition, route the rows through the parent into it, and put the default back. All of it in this
                -- transaction, which holds the table's lock throughout.
                EXECUTE format('ALTER TABLE %s DETACH PARTITION %I.%I', t.tbl, t.nsp, dflt);
                EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)', t.nsp, part, t.tbl, lo, hi);
                EXECUTE format('INSERT INTO %s SELECT * FROM %I.%I WHERE "timestamp" >= %L AND "timestamp" < %L',
                               t.tbl, t.nsp, dflt, lo, hi);
                EXECUTE format('DELETE FROM %I.%I WHERE "timestamp" >= %L AND "timestamp" < %L', t.nsp, dflt, lo, hi);
                EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I DEFAULT', t.tbl, t.nsp, dflt);
            ELSE
                EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)', t.nsp, part, t.tbl, lo, hi);
            END IF;
            RETURN NEXT t.nsp || '.' || part;
        END LOOP;
    END LOOP;
END
$$;

-- Drops the daily partitions that lie entirely before p_now - retention, and deletes the DEFAULT partition's rows
-- that are past it (late rows of days that never got a partition). Returns what it dropped or deleted.
-- A partition of a table that other tables reference (execution_logs, by node_executions) cannot simply be dropped:
-- its rows are deleted first, so that ON DELETE CASCADE takes the referencing rows with them, then it is detached.
CREATE FUNCTION maintenance.drop_expired_time_partitions(p_now timestamptz DEFAULT now())
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    p record;
    deleted bigint;
BEGIN
    FOR p IN SELECT n.nspname AS nsp, c.relname AS rel
             FROM maintenance.time_partitioned_tables t
             JOIN pg_class c ON c.oid = t.table_name JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE t.retention IS NOT NULL ORDER BY 1, 2 LOOP
        EXECUTE format('DELETE FROM %I.%I WHERE "timestamp" < %L', p.nsp, p.rel || '_default',
                       p_now - (SELECT retention FROM maintenance.time_partitioned_tables
                                WHERE table_name = format('%I.%I', p.nsp, p.rel)::regclass));
        GET DIAGNOSTICS deleted = ROW_COUNT;
        IF deleted > 0 THEN
            RETURN NEXT format('deleted %s rows past retention from %I.%I', deleted, p.nsp, p.rel || '_default');
        END IF;
    END LOOP;
    FOR p IN SELECT n.nspname AS nsp, c.relname AS rel, t.table_name AS parent,
                    EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = t.table_name) AS referenced
             FROM maintenance.time_partitioned_tables t
             JOIN pg_inherits i ON i.inhparent = t.table_name
             JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE t.retention IS NOT NULL
               AND c.relname ~ '_p\d{8}$'
               AND (to_date(right(c.relname, 8), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= p_now - t.retention
             ORDER BY 1, 2 LOOP
        IF p.referenced THEN
            EXECUTE format('DELETE FROM %I.%I', p.nsp, p.rel);
            EXECUTE format('ALTER TABLE %s DETACH PARTITION %I.%I', p.parent, p.nsp, p.rel);
        END IF;
        EXECUTE format('DROP TABLE %I.%I', p.nsp, p.rel);
        RETURN NEXT p.nsp || '.' || p.rel;
    END LOOP;
END
$$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT n.nspname AS nsp, c.relname AS rel, c.oid::regclass AS tbl
             FROM maintenance.time_partitioned_tables p
             JOIN pg_class c ON c.oid = p.table_name JOIN pg_namespace n ON n.oid = c.relnamespace LOOP
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT', t.nsp, t.rel || '_default', t.tbl);
    END LOOP;
END
$$;

-- Yesterday (late events of the previous day) through a week ahead; `bin/aybiza partitions` keeps it rolling.
SELECT count(*) FROM maintenance.create_time_partitions(INTERVAL '8 days', ((now() AT TIME ZONE 'UTC')::date - 1));
