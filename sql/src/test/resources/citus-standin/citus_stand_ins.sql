-- Stand-ins for Citus's create_distributed_table / create_reference_table, for a plain PostgreSQL scratch database.
-- They record the distribution in citus_standin.tables and enforce, at call time, the Citus rules that can be checked
-- from the catalog (taken from citus src/backend/distributed/commands/{create_distributed_table,foreign_constraint}.c
-- and the Citus DDL docs). Stricter than Citus in three places, on purpose (marked STRICT): a nullable distribution
-- column, a reference table touching a plain local table through a foreign key (Citus would silently convert the
-- local table to a "Citus local table", which needs the coordinator in the metadata), and a foreign key from a plain
-- local table into a Citus table (only reported here, caught by checker.sql).

CREATE SCHEMA citus;
CREATE TYPE citus.distribution_type AS ENUM ('hash', 'range', 'append');
CREATE SCHEMA citus_standin;

CREATE TABLE citus_standin.tables (
    relid        oid PRIMARY KEY,
    relname      text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('distributed', 'reference')),
    dist_col     text,
    dist_attnum  int2,
    dist_type    oid,
    colocation   int NOT NULL,
    default_group boolean NOT NULL DEFAULT false,
    shard_count  int
);
CREATE SEQUENCE citus_standin.colocation_seq;

-- 'local' | 'distributed' | 'reference'
CREATE FUNCTION citus_standin.kind_of(rel oid) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT kind FROM citus_standin.tables WHERE relid = rel), 'local')
$$;

-- Classifies one foreign key: 'ok ...' or 'INVALID ...'.
CREATE FUNCTION citus_standin.fk_status(con_oid oid) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    c   pg_constraint;
    s   citus_standin.tables;
    d   citus_standin.tables;
    sk  text;
    dk  text;
    spos int;
    dpos int;
    bad_action boolean;
BEGIN
    SELECT * INTO c FROM pg_constraint WHERE oid = con_oid;
    sk := citus_standin.kind_of(c.conrelid);
    dk := citus_standin.kind_of(c.confrelid);
    SELECT * INTO s FROM citus_standin.tables WHERE relid = c.conrelid;
    SELECT * INTO d FROM citus_standin.tables WHERE relid = c.confrelid;
    IF sk = 'local' AND dk = 'local' THEN
        RETURN 'ok local->local';
    ELSIF sk = 'local' THEN
        RETURN 'INVALID local->' || dk || ' (the referencing table was never distributed)';
    ELSIF dk = 'local' THEN
        RETURN 'INVALID ' || sk || '->local (referenced table must be a distributed table or a reference table)';
    ELSIF sk = 'reference' AND dk = 'reference' THEN
        RETURN 'ok reference->reference';
    ELSIF sk = 'reference' AND dk = 'distributed' THEN
        RETURN 'INVALID reference->distributed (foreign keys from reference tables to distributed tables are not supported)';
    END IF;
    -- referencing side is distributed
    spos := array_position(c.conkey, s.dist_attnum);
    bad_action := spos IS NOT NULL AND (c.confdeltype IN ('n', 'd') OR c.confupdtype IN ('n', 'd', 'c'));
    IF bad_action THEN
        RETURN 'INVALID distributed->' || dk || ' with SET NULL/SET DEFAULT (or ON UPDATE CASCADE) on a key that includes the distribution column';
    END IF;
    IF dk = 'reference' THEN
        RETURN 'ok distributed->reference';
    END IF;
    IF s.colocation <> d.colocation THEN
        RETURN 'INVALID distributed->distributed across colocation groups (' || s.colocation || ' vs ' || d.colocation || ')';
    END IF;
    dpos := array_position(c.confkey, d.dist_attnum);
    IF spos IS NULL OR dpos IS NULL OR spos <> dpos THEN
        RETURN 'INVALID distributed->distributed without both distribution columns at the same position';
    END IF;
    RETURN 'ok distributed->distributed colocated, distribution column included';
END
$$;

-- Every PRIMARY KEY / UNIQUE constraint and every unique index (partial ones too) must contain the column.
CREATE FUNCTION citus_standin.check_uniques(rel oid, col int2) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT i.indexrelid::regclass AS idx FROM pg_index i
             WHERE i.indrelid = rel AND i.indisunique AND NOT (col = ANY (i.indkey::int2[])) LOOP
        RAISE EXCEPTION 'cannot create constraint on "%": Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column (index %)',
            rel::regclass, r.idx;
    END LOOP;
END
$$;

CREATE FUNCTION citus_standin.check_common(rel oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    k "char";
BEGIN
    SELECT relkind INTO k FROM pg_class WHERE oid = rel;
    IF k NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '% is not a regular or partitioned table', rel::regclass;
    END IF;
    IF citus_standin.kind_of(rel) <> 'local' THEN
        RAISE EXCEPTION 'table "%" is already distributed', rel::regclass;
    END IF;
    IF (SELECT relispartition FROM pg_class WHERE oid = rel) THEN
        RAISE EXCEPTION 'cannot distribute relation "%" which is partition of "%"', rel::regclass,
            (SELECT inhparent::regclass FROM pg_inherits WHERE inhrelid = rel);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = rel AND NOT tgisinternal) THEN
        RAISE EXCEPTION 'cannot distribute relation "%" because it has triggers', rel::regclass;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = rel
               AND (coalesce(polqual::text, '') LIKE '%SUBLINK%' OR coalesce(polwithcheck::text, '') LIKE '%SUBLINK%')) THEN
        RAISE EXCEPTION 'cannot create policy: Subqueries are not supported in policies on distributed tables (%)', rel::regclass;
    END IF;
END
$$;

CREATE FUNCTION citus_standin.check_outgoing_fks(rel oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
    st text;
BEGIN
    FOR r IN SELECT oid, conname, confrelid FROM pg_constraint WHERE contype = 'f' AND conrelid = rel AND conparentid = 0 LOOP
        IF r.confrelid <> rel AND citus_standin.kind_of(r.confrelid) = 'local' THEN
            RAISE EXCEPTION 'referenced table "%" must be a distributed table or a reference table (foreign key % of %)',
                r.confrelid::regclass, r.conname, rel::regclass;
        END IF;
        st := citus_standin.fk_status(r.oid);
        IF st LIKE 'INVALID%' THEN
            RAISE EXCEPTION 'cannot create foreign key constraint % on %: %', r.conname, rel::regclass, st;
        END IF;
    END LOOP;
    FOR r IN SELECT conname, conrelid FROM pg_constraint WHERE contype = 'f' AND confrelid = rel AND conparentid = 0
             AND conrelid <> rel AND citus_standin.kind_of(conrelid) = 'local' LOOP
        RAISE NOTICE 'note: % is referenced by a foreign key (%) from plain local table %', rel::regclass, r.conname, r.conrelid::regclass;
    END LOOP;
END
$$;

CREATE FUNCTION public.create_distributed_table(table_name regclass, distribution_column text,
                                                distribution_type citus.distribution_type DEFAULT 'hash',
                                                colocate_with text DEFAULT 'default', shard_count int DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    rel      oid := table_name;
    att      pg_attribute;
    grp      int;
    shards   int := coalesce(shard_count, 32);
    other    citus_standin.tables;
    part     record;
    is_default boolean := false;
BEGIN
    RAISE NOTICE 'create_distributed_table(%, %, colocate_with => %, shard_count => %)', table_name, distribution_column, colocate_with, shard_count;
    PERFORM citus_standin.check_common(rel);
    IF distribution_type <> 'hash' THEN
        RAISE EXCEPTION 'stand-in only models hash distribution';
    END IF;
    SELECT * INTO att FROM pg_attribute WHERE attrelid = rel AND attname = distribution_column AND NOT attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation "%" does not exist', distribution_column, table_name;
    END IF;
    IF NOT att.attnotnull THEN  -- STRICT: Citus accepts the table but rejects every row with NULL there
        RAISE EXCEPTION 'distribution column %.% is nullable: Citus rejects INSERTs with NULL in the partition column', table_name, distribution_column;
    END IF;
    IF shard_count IS NOT NULL AND lower(colocate_with) NOT IN ('default', 'none') THEN
        RAISE EXCEPTION 'Cannot use colocate_with with a table and shard_count at the same time';
    END IF;
    IF lower(colocate_with) = 'none' THEN
        grp := nextval('citus_standin.colocation_seq');
    ELSIF lower(colocate_with) = 'default' THEN
        is_default := true;
        SELECT colocation INTO grp FROM citus_standin.tables
        WHERE default_group AND kind = 'distributed' AND dist_type = att.atttypid AND tables.shard_count = shards LIMIT 1;
        IF grp IS NULL THEN
            grp := nextval('citus_standin.colocation_seq');
        END IF;
    ELSE
        SELECT * INTO other FROM citus_standin.tables WHERE relid = colocate_with::regclass;
        IF NOT FOUND OR other.kind <> 'distributed' THEN
            RAISE EXCEPTION 'cannot colocate tables % and %: % is not a hash distributed table', table_name, colocate_with, colocate_with;
        END IF;
        IF other.dist_type <> att.atttypid THEN
            RAISE EXCEPTION 'cannot colocate tables % and %: Distribution column types don''t match (% vs %)',
                colocate_with, table_name, other.dist_type::regtype, att.atttypid::regtype;
        END IF;
        grp := other.colocation;
        shards := other.shard_count;
        is_default := other.default_group;
    END IF;
    PERFORM citus_standin.check_uniques(rel, att.attnum);
    INSERT INTO citus_standin.tables VALUES (rel, table_name::text, 'distributed', distribution_column, att.attnum, att.atttypid, grp, is_default, shards);
    -- a partitioned parent distributes its partitions (the DEFAULT one included), in the same colocation group
    FOR part IN SELECT inhrelid FROM pg_inherits WHERE inhparent = rel LOOP
        IF (SELECT relkind FROM pg_class WHERE oid = part.inhrelid) = 'p' THEN
            RAISE EXCEPTION 'distributing multi-level partitioned tables is not supported (%)', part.inhrelid::regclass;
        END IF;
        INSERT INTO citus_standin.tables
        SELECT part.inhrelid, part.inhrelid::regclass::text, 'distributed', distribution_column, a.attnum, a.atttypid, grp, is_default, shards
        FROM pg_attribute a WHERE a.attrelid = part.inhrelid AND a.attname = distribution_column;
    END LOOP;
    PERFORM citus_standin.check_outgoing_fks(rel);
END
$$;

CREATE FUNCTION public.create_reference_table(table_name regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    rel oid := table_name;
    r record;
BEGIN
    RAISE NOTICE 'create_reference_table(%)', table_name;
    PERFORM citus_standin.check_common(rel);
    IF (SELECT relkind FROM pg_class WHERE oid = rel) = 'p' THEN
        RAISE EXCEPTION 'distributing partitioned tables in only supported for hash-distributed tables (%)', table_name;
    END IF;
    -- STRICT: a foreign key between a reference table and a plain local table (either direction)
    FOR r IN SELECT conname, conrelid, confrelid FROM pg_constraint
             WHERE contype = 'f' AND conparentid = 0 AND (conrelid = rel OR confrelid = rel) AND conrelid <> confrelid LOOP
        IF citus_standin.kind_of(CASE WHEN r.conrelid = rel THEN r.confrelid ELSE r.conrelid END) = 'local' THEN
            RAISE EXCEPTION 'reference table % has foreign key % with plain local table % (Citus would convert it to a Citus local table)',
                table_name, r.conname, (CASE WHEN r.conrelid = rel THEN r.confrelid ELSE r.conrelid END)::regclass;
        END IF;
    END LOOP;
    INSERT INTO citus_standin.tables VALUES (rel, table_name::text, 'reference', NULL, NULL, NULL, 0, false, 1);
    PERFORM citus_standin.check_outgoing_fks(rel);
END
$$;
