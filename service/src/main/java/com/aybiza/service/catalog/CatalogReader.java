package com.aybiza.service.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the exposed tables' columns, indexes, foreign keys and CHECK lists from pg_catalog, and the meaning of every
 * constraint in the platform's schemas (a violation may come from a table the service does not expose, e.g. a
 * delete refused because calls still refer to an agent).
 */
public final class CatalogReader {

    private static final String COLUMNS = """
            SELECT a.attname, format_type(a.atttypid, NULL), t.typname, a.attnotnull, a.atthasdef,
                   information_schema._pg_char_max_length(a.atttypid, a.atttypmod),
                   information_schema._pg_numeric_precision(a.atttypid, a.atttypmod),
                   information_schema._pg_numeric_scale(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";
    private static final String INDEXED = """
            SELECT DISTINCT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = ?::regclass""";
    private static final String FOREIGN_KEYS = """
            SELECT con.conname, a.attname, con.confrelid::regclass::text, ra.attname
            FROM pg_constraint con
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
            WHERE con.contype = 'f' AND con.conrelid = ?::regclass AND cardinality(con.conkey) = 1""";
    private static final String CONSTRAINTS = """
            SELECT n.nspname, k.relname, con.conname, con.contype, pg_get_constraintdef(con.oid),
                   (SELECT array_agg(a.attname ORDER BY u.ord) FROM unnest(con.conkey) WITH ORDINALITY u(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.attnum),
                   con.confrelid::regclass::text
            FROM pg_constraint con JOIN pg_class k ON k.oid = con.conrelid JOIN pg_namespace n ON n.oid = k.relnamespace
            WHERE con.contype IN ('c', 'u', 'p', 'f') AND NOT k.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')""";

    public Catalog read(Connection c, List<ExposedTable> exposed) throws SQLException {
        Map<String, String> meanings = new HashMap<>();
        Map<String, List<String>> inLists = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement(CONSTRAINTS); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3);
                String definition = rs.getString(5);
                List<String> columns = rs.getArray(6) == null ? List.of()
                        : List.of((String[]) rs.getArray(6).getArray());
                switch (rs.getString(4)) {
                    case "c" -> {
                        meanings.put(key, ConstraintMeaning.ofCheck(rs.getString(3), definition));
                        ConstraintMeaning.InList in = ConstraintMeaning.inList(definition);
                        if (in != null) {
                            inLists.put(rs.getString(1) + "." + rs.getString(2) + "." + in.column(), in.values());
                        }
                    }
                    case "u", "p" -> meanings.put(key, ConstraintMeaning.ofUnique(columns));
                    default -> meanings.put(key, ConstraintMeaning.ofForeignKey(
                            columns.isEmpty() ? "a reference" : String.join(", ", columns), rs.getString(7)));
                }
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        for (ExposedTable table : exposed) {
            tables.put(table.name(), readTable(c, table, inLists));
        }
        return new Catalog(tables, meanings);
    }

    private static Table readTable(Connection c, ExposedTable exposed, Map<String, List<String>> inLists)
            throws SQLException {
        String regclass = exposed.qualifiedName();
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(COLUMNS)) {
            st.setString(1, regclass);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    columns.put(name, new Column(name, rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getBoolean(5), intOr(rs, 6), intOr(rs, 7), intOr(rs, 8),
                            inLists.getOrDefault(regclass + "." + name, List.of())));
                }
            }
        }
        Column id = columns.get("id");
        if (id == null || !id.udtName().equals("uuid")) {
            throw new IllegalStateException(regclass + " has no UUID id column; the service cannot expose it");
        }
        for (String column : exposed.encrypted()) {
            Column secret = columns.get(column);
            if (secret == null || !(secret.isJson() || secret.udtName().equals("text")
                    || secret.udtName().equals("varchar"))) {
                throw new IllegalStateException(regclass + "." + column + " cannot hold ciphertext");
            }
        }
        Set<String> indexed = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement(INDEXED)) {
            st.setString(1, regclass);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    indexed.add(rs.getString(1));
                }
            }
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(FOREIGN_KEYS)) {
            st.setString(1, regclass);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    foreignKeys.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return new Table(exposed, columns, indexed, foreignKeys);
    }

    private static int intOr(ResultSet rs, int index) throws SQLException {
        int value = rs.getInt(index);
        return rs.wasNull() ? -1 : value;
    }
}
