package com.aybiza.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Rolls the cutoff of idx_recent_calls forward. The document wants a partial index of the last seven days' calls
 * (WHERE start_time > NOW() - 7 days), which PostgreSQL refuses (an index predicate must be immutable); the
 * migration builds it with a constant cutoff instead, and this moves that cutoff to seven days before today (UTC).
 * The replacement is built CONCURRENTLY and swapped in, so writes to calls are never blocked.
 */
public final class RecentCallsIndex {

    private static final String INDEX = "call_analytics.idx_recent_calls";
    private static final String CUTOFF = "date_trunc('day', now() - INTERVAL '7 days', 'UTC')";

    private RecentCallsIndex() {}

    /**
     * Returns the new predicate if the index was rebuilt, empty if its cutoff was already current. Safe to run again
     * after a crash at any point: a half-built replacement is dropped, a missing index is built anew.
     */
    public static Optional<String> roll(Connection connection) throws SQLException {
        String cutoff = Catalog.strings(connection, "SELECT " + CUTOFF + "::text").get(0);
        String current = Catalog.strings(connection, "SELECT coalesce((SELECT pg_get_expr(indpred, indrelid) FROM pg_index "
                + "WHERE indexrelid = to_regclass(?)), '')", INDEX).get(0);
        String wanted = Catalog.strings(connection, "SELECT '(start_time > ' || quote_literal(?::timestamptz) || "
                + "'::timestamp with time zone)'", cutoff).get(0);
        if (current.equals(wanted)) {
            return Optional.empty();
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true); // CONCURRENTLY refuses to run inside a transaction block
        try (Statement st = connection.createStatement()) {
            st.execute("DROP INDEX CONCURRENTLY IF EXISTS call_analytics.idx_recent_calls_next");
            st.execute("CREATE INDEX CONCURRENTLY idx_recent_calls_next ON call_analytics.calls (tenant_id, start_time) "
                    + "WHERE start_time > '" + cutoff + "'::timestamptz");
            st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + INDEX);
            st.execute("ALTER INDEX call_analytics.idx_recent_calls_next RENAME TO idx_recent_calls");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return Optional.of("start_time > " + cutoff);
    }
}
