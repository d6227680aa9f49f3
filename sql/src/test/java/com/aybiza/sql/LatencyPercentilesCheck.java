package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/**
 * call_analytics.latency_percentiles_hourly (V43) as a BI tool sees it after a refresh: one tenant's turn latencies of
 * 1 to 100 ms in one hour give p50 50.5, p95 95.05 and p99 99.01 (percentile_cont interpolates), and the figures that
 * are not latencies are left out. Shared by the plain-PostgreSQL and the TimescaleDB migration tests, so that both
 * show that refresh-aggregates refreshes the view.
 */
final class LatencyPercentilesCheck {

    private LatencyPercentilesCheck() {}

    static void assertRefreshedPercentiles(DatabaseSettings database) throws Exception {
        UUID tenant = UUID.randomUUID();
        // detailed_metrics has no foreign key: a tenant and an organization that exist nowhere else will do.
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO call_analytics.detailed_metrics
                        ("timestamp", call_sid, organization_id, tenant_id, metric_type, metric_name, metric_value)
                    SELECT timestamptz '2026-03-01 10:00:00+00' + i * interval '30 seconds', 'CA' || i, '%1$s'::uuid, '%2$s'::uuid,
                           'latency', 'total_latency_ms', i
                    FROM generate_series(1, 100) i
                    UNION ALL
                    SELECT timestamptz '2026-03-01 10:05:00+00', 'CA1', '%1$s'::uuid, '%2$s'::uuid, 'cost', 'total_latency_ms', 1e6
                    """.formatted(UUID.randomUUID(), tenant));
        }
        // Twice: the first refresh fills the view, the second runs CONCURRENTLY, which needs its unique index.
        new AggregateRefresher(database).refreshAll();
        assertThat(new AggregateRefresher(database).refreshAll()).contains("call_analytics.latency_percentiles_hourly");

        try (Connection c = database.open()) {
            assertThat(Catalog.strings(c, "SELECT concat_ws(' ', hour AT TIME ZONE 'UTC', metric_name, round(p50::numeric, 2), "
                    + "round(p95::numeric, 2), round(p99::numeric, 2), sample_count) "
                    + "FROM call_analytics.latency_percentiles_hourly WHERE tenant_id = ?", tenant))
                    .containsExactly("2026-03-01 10:00:00 total_latency_ms 50.50 95.05 99.01 100");
        }
    }
}
