package com.aybiza.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Refreshes the aggregate views BI tools read: every plain materialized view (through
 * maintenance.refresh_aggregate_views(), CONCURRENTLY once populated) and, under TimescaleDB, every continuous
 * aggregate over its whole range. Their refresh policies do the same on a schedule; this is for "now".
 */
public final class AggregateRefresher {

    private final DatabaseSettings database;

    public AggregateRefresher(DatabaseSettings database) {
        this.database = database;
    }

    /** Returns the views it refreshed, qualified by schema. */
    public List<String> refreshAll() throws SQLException {
        try (Connection connection = database.open()) {
            if (!Catalog.functionExists(connection, "maintenance", "refresh_aggregate_views")) {
                throw new IllegalStateException("the database has no AYBIZA schema: run `bin/aybiza migrate` first");
            }
            List<String> refreshed = new ArrayList<>(
                    Catalog.strings(connection, "SELECT maintenance.refresh_aggregate_views()"));
            if (Catalog.extensionInstalled(connection, "timescaledb")) {
                List<String> continuous = Catalog.strings(connection,
                        "SELECT format('%I.%I', view_schema, view_name) "
                                + "FROM timescaledb_information.continuous_aggregates ORDER BY 1");
                // refresh_continuous_aggregate() refuses to run inside a transaction block: autocommit, one CALL each.
                try (Statement st = connection.createStatement()) {
                    for (String view : continuous) {
                        st.execute("CALL refresh_continuous_aggregate('" + view.replace("'", "''") + "', NULL, NULL)");
                        refreshed.add(view);
                    }
                }
            }
            return refreshed;
        }
    }
}
