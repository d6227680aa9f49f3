-- Run after V40 and the stand-ins (citus_stand_ins.sql): re-checks what the stand-ins cannot see at call time
-- (constraints added after distribution) and raises an exception on anything Citus would refuse.
DO $$
DECLARE
    bad int;
BEGIN
    SELECT count(*) INTO bad FROM pg_constraint con
    WHERE con.contype = 'f' AND con.conparentid = 0 AND citus_standin.fk_status(con.oid) LIKE 'INVALID%';
    IF bad > 0 THEN RAISE EXCEPTION 'checker: % invalid foreign keys', bad; END IF;

    SELECT count(*) INTO bad FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname IN ('agent_manager', 'phone_manager', 'agent_intelligence', 'call_analytics', 'automation_engine', 'compliance',
                        'security', 'billing', 'identity', 'quality', 'features', 'operations', 'partners')
      AND citus_standin.kind_of(c.oid) = 'local';
    IF bad > 0 THEN RAISE EXCEPTION 'checker: % application tables left local', bad; END IF;

    SELECT count(*) INTO bad FROM citus_standin.tables t JOIN pg_index i ON i.indrelid = t.relid
    WHERE t.kind = 'distributed' AND i.indisunique AND NOT (t.dist_attnum = ANY (i.indkey::int2[]));
    IF bad > 0 THEN RAISE EXCEPTION 'checker: % unique indexes without the distribution column', bad; END IF;

    SELECT count(*) INTO bad FROM pg_inherits i JOIN citus_standin.tables p ON p.relid = i.inhparent
    LEFT JOIN citus_standin.tables c ON c.relid = i.inhrelid
    WHERE c.relid IS NULL OR c.colocation <> p.colocation OR c.dist_col <> p.dist_col;
    IF bad > 0 THEN RAISE EXCEPTION 'checker: % partitions not distributed with their parent', bad; END IF;

    SELECT count(*) INTO bad FROM citus_standin.tables t JOIN pg_attribute a ON a.attrelid = t.relid AND a.attnum = t.dist_attnum
    WHERE t.kind = 'distributed' AND NOT a.attnotnull;
    IF bad > 0 THEN RAISE EXCEPTION 'checker: % nullable distribution columns', bad; END IF;

    RAISE NOTICE 'checker: all Citus rules checked here hold';
END
$$;
