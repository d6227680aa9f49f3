package com.aybiza.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small read-only questions to a database's catalog, shared by the maintenance commands. */
final class Catalog {

    private Catalog() {}

    static boolean extensionInstalled(Connection connection, String name) throws SQLException {
        return !strings(connection, "SELECT 1 FROM pg_extension WHERE extname = ?", name).isEmpty();
    }

    static boolean functionExists(Connection connection, String schema, String name) throws SQLException {
        return !strings(connection, "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = ? AND p.proname = ?", schema, name).isEmpty();
    }

    /** Runs a query and returns its first column as text, one entry a row. */
    static List<String> strings(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
