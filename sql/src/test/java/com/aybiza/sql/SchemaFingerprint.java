package com.aybiza.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One hash over every user object's definition (relations, columns, constraints, indexes, policies, functions,
 * schemas), ignoring Flyway's history table: equal fingerprints mean nothing in the schema changed.
 */
final class SchemaFingerprint {

    private static final String QUERY = """
            SELECT md5(string_agg(item, E'\\n' ORDER BY item)) FROM (
              SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.relrowsecurity::text AS item
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                 AND n.nspname NOT LIKE '\\_timescaledb%' AND c.relname <> 'flyway_schema_history'
                 AND c.relname NOT LIKE 'flyway_schema_history%'
              UNION ALL
              SELECT 'col ' || a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                     || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
                 AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE '\\_timescaledb%'
                 AND c.relname NOT LIKE 'flyway_schema_history%'
              UNION ALL
              SELECT 'con ' || con.conrelid::regclass || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
                FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE '\\_timescaledb%'
                 AND con.conrelid::regclass::text NOT LIKE '%flyway_schema_history%'
              UNION ALL
              SELECT 'idx ' || pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE '\\_timescaledb%'
                 AND c.relname NOT LIKE 'flyway_schema_history%'
              UNION ALL
              SELECT 'pol ' || polrelid::regclass || ' ' || polname FROM pg_policy
              UNION ALL
              SELECT 'fun ' || p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'maintenance'
              UNION ALL
              SELECT 'nsp ' || nspname FROM pg_namespace
               WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT LIKE '\\_timescaledb%'
            ) items
            """;

    private SchemaFingerprint() {}

    static String of(DatabaseSettings database) throws SQLException {
        try (Connection c = database.open()) {
            return Catalog.strings(c, QUERY).get(0);
        }
    }
}
