package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `bin/aybiza partitions` on PostgreSQL without TimescaleDB: days ahead are created, days past retention dropped. */
class TimePartitionMaintenanceIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int TIME_PARTITIONED_TABLES = 11;

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static String migratedDatabase() throws Exception {
        String db = POSTGRES.newDatabase();
        new SchemaMigrator(POSTGRES.settings(db)).migrate();
        return db;
    }

    private static List<String> dailyPartitions(Connection c, String table) throws Exception {
        return Catalog.strings(c, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = ?::regclass AND c.relname ~ '_p\\d{8}$' ORDER BY 1", table);
    }

    @Test
    void migrationCreatesYesterdayThroughAWeekAheadForEveryTable() throws Exception {
        String db = migratedDatabase();
        try (Connection c = POSTGRES.settings(db).open()) {
            List<String> usage = dailyPartitions(c, "billing.usage_metering");
            assertThat(usage).hasSize(9)
                    .startsWith("usage_metering_p" + today().minusDays(1).format(DAY))
                    .endsWith("usage_metering_p" + today().plusDays(7).format(DAY));
            assertThat(Catalog.strings(c, "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE c.relname ~ '_p\\d{8}$'")).containsExactly(String.valueOf(9 * TIME_PARTITIONED_TABLES));
            assertThat(Catalog.strings(c, "SELECT count(*) FROM pg_class WHERE relname ~ '_default$' AND relispartition"))
                    .containsExactly(String.valueOf(TIME_PARTITIONED_TABLES));
        }
    }

    @Test
    void createsTheMissingDaysAheadOnceAndOnlyOnce() throws Exception {
        String db = migratedDatabase();
        TimePartitionMaintenance maintenance = new TimePartitionMaintenance(POSTGRES.settings(db));

        TimePartitionMaintenance.Result first = maintenance.run(Duration.ofDays(10));
        TimePartitionMaintenance.Result second = maintenance.run(Duration.ofDays(10));

        assertThat(first.created()).hasSize(3 * TIME_PARTITIONED_TABLES)
                .contains("billing.usage_metering_p" + today().plusDays(10).format(DAY))
                .doesNotContain("billing.usage_metering_p" + today().plusDays(11).format(DAY));
        assertThat(first.dropped()).isEmpty();
        assertThat(second.created()).isEmpty();
    }

    @Test
    void rowsThatLandedInTheDefaultPartitionMoveIntoTheirNewDay() throws Exception {
        String db = migratedDatabase();
        LocalDate farDay = today().plusDays(20);
        try (Connection c = POSTGRES.settings(db).open(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO billing.usage_metering (\"timestamp\", organization_id, tenant_id, resource_type, "
                    + "quantity, unit, unit_price, total_cost, billing_period) VALUES ('" + farDay + " 12:00:00+00', '"
                    + UUID.randomUUID() + "', '" + UUID.randomUUID() + "', 'call_minutes', 3.5, 'minutes', 0.02, 0.07, '"
                    + farDay.withDayOfMonth(1) + "')");
            assertThat(Catalog.strings(c, "SELECT tableoid::regclass FROM billing.usage_metering"))
                    .containsExactly("billing.usage_metering_default");
        }

        TimePartitionMaintenance.Result result = new TimePartitionMaintenance(POSTGRES.settings(db)).run(Duration.ofDays(20));

        assertThat(result.created()).contains("billing.usage_metering_p" + farDay.format(DAY));
        try (Connection c = POSTGRES.settings(db).open()) {
            assertThat(Catalog.strings(c, "SELECT tableoid::regclass || ' ' || quantity FROM billing.usage_metering"))
                    .containsExactly("billing.usage_metering_p" + farDay.format(DAY) + " 3.500000");
            assertThat(Catalog.strings(c, "SELECT count(*) FROM billing.usage_metering_default")).containsExactly("0");
        }
    }

    @Test
    void dropsOnlyTheDaysPastEachTablesRetention() throws Exception {
        String db = migratedDatabase();
        LocalDate old = today().minusDays(800);
        try (Connection c = POSTGRES.settings(db).open()) {
            // Two days, 800 days ago, for every table: past 1 and 2 years' retention, within 7 years', or kept forever.
            assertThat(Catalog.strings(c, "SELECT maintenance.create_time_partitions(INTERVAL '1 day', ?::date)", old.toString()))
                    .hasSize(2 * TIME_PARTITIONED_TABLES);
        }

        TimePartitionMaintenance.Result result = new TimePartitionMaintenance(POSTGRES.settings(db)).run(Duration.ofDays(7));

        String d1 = old.format(DAY), d2 = old.plusDays(1).format(DAY);
        assertThat(result.dropped()).containsExactlyInAnyOrder(
                "automation_engine.execution_logs_p" + d1, "automation_engine.execution_logs_p" + d2,
                "call_analytics.detailed_metrics_p" + d1, "call_analytics.detailed_metrics_p" + d2,
                "security.api_access_logs_p" + d1, "security.api_access_logs_p" + d2);
        try (Connection c = POSTGRES.settings(db).open()) {
            assertThat(dailyPartitions(c, "security.audit_logs")).contains("audit_logs_p" + d1);
            assertThat(dailyPartitions(c, "billing.usage_metering")).contains("usage_metering_p" + d1);
            assertThat(dailyPartitions(c, "security.api_access_logs")).doesNotContain("api_access_logs_p" + d1)
                    .contains("api_access_logs_p" + today().format(DAY));
        }
    }

    @Test
    void rollsTheRecentCallsIndexCutoffForwardWhenItIsStale() throws Exception {
        String db = migratedDatabase();
        String predicate = "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'call_analytics.idx_recent_calls'::regclass";
        try (Connection c = POSTGRES.settings(db).open(); Statement st = c.createStatement()) {
            assertThat(RecentCallsIndex.roll(c)).as("fresh from the migration").isEmpty();
            st.execute("DROP INDEX call_analytics.idx_recent_calls");
            st.execute("CREATE INDEX idx_recent_calls ON call_analytics.calls (tenant_id, start_time) WHERE start_time > '2020-01-01'::timestamptz");
        }

        TimePartitionMaintenance.Result result = new TimePartitionMaintenance(POSTGRES.settings(db)).run(Duration.ofDays(7));

        String cutoff = today().minusDays(7) + " 00:00:00+00";
        assertThat(result.recentCallsIndex()).contains("start_time > " + cutoff);
        try (Connection c = POSTGRES.settings(db).open()) {
            assertThat(Catalog.strings(c, predicate).get(0)).contains(today().minusDays(7).toString()).doesNotContain("2020");
            assertThat(Catalog.strings(c, "SELECT count(*) FROM pg_class WHERE relname LIKE 'idx_recent_calls%'")).containsExactly("1");
        }
    }

    @Test
    void referencedRowsInTheDefaultPartitionStayThereAndTheRunGoesOn() throws Exception {
        String db = migratedDatabase();
        LocalDate farDay = today().plusDays(20);
        UUID org = UUID.randomUUID(), tenant = UUID.randomUUID(), role = UUID.randomUUID(), user = UUID.randomUUID();
        UUID workflow = UUID.randomUUID(), version = UUID.randomUUID(), node = UUID.randomUUID(), log = UUID.randomUUID();
        String at = farDay + " 12:00:00+00";
        try (Connection c = POSTGRES.settings(db).open(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO agent_manager.organizations (id, account_id, name, slug) VALUES ('%1$s', 'AYB-1', 'o', 'o');
                    INSERT INTO agent_manager.tenants (id, organization_id, name, slug, subdomain) VALUES ('%2$s', '%1$s', 't', 't', 't');
                    INSERT INTO agent_manager.roles (id, organization_id, name) VALUES ('%3$s', '%1$s', 'r');
                    INSERT INTO agent_manager.users (id, user_id, email, encrypted_password, full_name, organization_id, role_id)
                        VALUES ('%4$s', 'USR-1', 'u@example.com', 'x', 'u', '%1$s', '%3$s');
                    INSERT INTO automation_engine.workflows (id, organization_id, tenant_id, name, trigger_type, created_by_id)
                        VALUES ('%5$s', '%1$s', '%2$s', 'w', 'manual', '%4$s');
                    INSERT INTO automation_engine.workflow_versions (id, workflow_id, version, trigger_config, created_by_id)
                        VALUES ('%6$s', '%5$s', 1, '{}', '%4$s');
                    INSERT INTO automation_engine.workflow_nodes (id, workflow_id, workflow_version_id, name, node_type, created_by_id)
                        VALUES ('%7$s', '%5$s', '%6$s', 'n', 'action', '%4$s');
                    INSERT INTO automation_engine.execution_logs (id, "timestamp", workflow_id, workflow_version_id,
                        organization_id, tenant_id, trigger_type) VALUES ('%8$s', '%9$s', '%5$s', '%6$s', '%1$s', '%2$s', 'manual');
                    INSERT INTO automation_engine.node_executions (execution_log_id, execution_log_timestamp, tenant_id, node_id,
                        node_name, node_type) VALUES ('%8$s', '%9$s', '%2$s', '%7$s', 'n', 'action');
                    """.formatted(org, tenant, role, user, workflow, version, node, log, at));
        }

        TimePartitionMaintenance.Result result = new TimePartitionMaintenance(POSTGRES.settings(db)).run(Duration.ofDays(20));

        assertThat(result.kept()).containsExactly("kept automation_engine.execution_logs_p" + farDay.format(DAY)
                + ": its rows stay in execution_logs_default (other tables reference them)");
        assertThat(result.created()).contains("billing.usage_metering_p" + farDay.format(DAY))
                .doesNotContain("automation_engine.execution_logs_p" + farDay.format(DAY));
        try (Connection c = POSTGRES.settings(db).open()) {
            assertThat(Catalog.strings(c, "SELECT tableoid::regclass FROM automation_engine.execution_logs"))
                    .containsExactly("automation_engine.execution_logs_default");
            assertThat(Catalog.strings(c, "SELECT count(*) FROM automation_engine.node_executions")).containsExactly("1");
        }
    }

    @Test
    void lateRowsPastRetentionAreDeletedFromTheDefaultPartition() throws Exception {
        String db = migratedDatabase();
        try (Connection c = POSTGRES.settings(db).open(); Statement st = c.createStatement()) {
            // Two API log rows with no partition of their own: one past the 1-year retention, one within it.
            for (int daysAgo : new int[] {400, 100}) {
                st.execute("INSERT INTO security.api_access_logs (\"timestamp\", endpoint, method, status_code, response_time_ms) "
                        + "VALUES (now() - INTERVAL '" + daysAgo + " days', '/v1/calls', 'GET', 200, 12)");
            }
        }

        TimePartitionMaintenance.Result result = new TimePartitionMaintenance(POSTGRES.settings(db)).run(Duration.ofDays(7));

        assertThat(result.deleted()).containsExactly("deleted 1 rows past retention from security.api_access_logs_default");
        try (Connection c = POSTGRES.settings(db).open()) {
            assertThat(Catalog.strings(c, "SELECT count(*) FROM security.api_access_logs_default")).containsExactly("1");
        }
    }
}
