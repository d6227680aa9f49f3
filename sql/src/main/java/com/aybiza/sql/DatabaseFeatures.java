package com.aybiza.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional extensions a database offers, which decide how the schema is laid out: hypertables or native
 * partitions, VECTOR or REAL[] embeddings, distributed tables or not.
 */
public record DatabaseFeatures(boolean timescaledb, boolean pgvector, boolean citus) {

    /**
     * On a database without the schema: what the server could install (pg_available_extensions). Once the schema
     * exists: what its first migrate installed (pg_extension), so that an extension that becomes available later does
     * not change the layout of a migrated database (that would be a data move, not a migration).
     */
    public static DatabaseFeatures detect(Connection connection) throws SQLException {
        boolean migrated = !Catalog.strings(connection,
                "SELECT 1 FROM pg_namespace WHERE nspname = 'maintenance'").isEmpty();
        try (PreparedStatement st = connection.prepareStatement(migrated
                ? "SELECT extname FROM pg_extension WHERE extname IN ('timescaledb', 'vector', 'citus')"
                : "SELECT name FROM pg_available_extensions WHERE name IN ('timescaledb', 'vector', 'citus')");
             ResultSet rs = st.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return new DatabaseFeatures(names.contains("timescaledb"), names.contains("vector"), names.contains("citus"));
        }
    }

    /** The migration folders under db/migration that apply to this database, in no particular order. */
    List<String> migrationFolders() {
        List<String> folders = new ArrayList<>(List.of("common", timescaledb ? "timescaledb" : "postgres"));
        if (pgvector) {
            folders.add("pgvector");
        }
        if (citus && !timescaledb) {
            folders.add("citus");
        }
        return folders;
    }

    @Override
    public String toString() {
        return (timescaledb ? "TimescaleDB hypertables" : "PostgreSQL partitions")
                + (pgvector ? ", pgvector" : "")
                + (citus && !timescaledb ? ", Citus distribution" : "");
    }
}
