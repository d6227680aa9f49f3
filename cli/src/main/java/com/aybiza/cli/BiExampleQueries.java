package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Three questions a BI user asks first, on the aggregate views only (what bi_reader may read), printed with their
 * answers so that a new user sees the data and a query to start from.
 */
final class BiExampleQueries {

    record Query(String title, String sql) {
    }

    static final List<Query> QUERIES = List.of(
            new Query("calls per hour",
                    "SELECT hour, sum(total_calls) AS calls, sum(successful_calls) AS completed, "
                            + "round(avg(avg_duration), 1) AS avg_seconds "
                            + "FROM call_analytics.call_analytics_hourly GROUP BY hour ORDER BY hour DESC LIMIT 5"),
            new Query("usage per tenant and day",
                    "SELECT usage_date, tenant_id, total_calls, total_duration AS seconds, total_cost AS cost_usd, "
                            + "active_agents FROM call_analytics.tenant_usage_daily "
                            + "ORDER BY usage_date DESC, total_calls DESC LIMIT 5"),
            new Query("security events per day",
                    "SELECT day::date AS day, severity, sum(event_count) AS events, sum(resolved_count) AS resolved "
                            + "FROM security.security_events_daily GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC LIMIT 5"));

    private BiExampleQueries() {
    }

    /** Runs each query as {@code reader} and prints it with its result. */
    static void print(DatabaseSettings reader, PrintWriter out) throws SQLException {
        try (Connection c = reader.open(); Statement st = c.createStatement()) {
            for (Query query : QUERIES) {
                out.println();
                out.println("-- " + query.title());
                out.println(query.sql() + ";");
                try (ResultSet rs = st.executeQuery(query.sql())) {
                    printTable(rs, out);
                }
            }
        }
        out.flush();
    }

    private static void printTable(ResultSet rs, PrintWriter out) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns];
        for (int i = 0; i < columns; i++) {
            header[i] = meta.getColumnLabel(i + 1);
        }
        rows.add(header);
        while (rs.next()) {
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                String value = rs.getString(i + 1);
                row[i] = value == null ? "" : value;
            }
            rows.add(row);
        }
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(String.format("%-" + widths[i] + "s", row[i])).append(i + 1 < columns ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.size() == 1) {
            out.println("  (no rows yet: the views are refreshed on a schedule)");
        }
    }
}
