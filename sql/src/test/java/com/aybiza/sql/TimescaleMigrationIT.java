package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The migrations on TimescaleDB (with pgvector): hypertables, continuous aggregates and policies. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimescaleMigrationIT {

    @RegisterExtension
    static final TimescaleDbWasmExtension TIMESCALE = new TimescaleDbWasmExtension();

    @Test
    @Order(1)
    void migratedDatabaseMatchesTheSchemaDocument() throws Exception {
        SchemaMigrator.Report report = new SchemaMigrator(TIMESCALE.settings()).migrate();

        assertThat(report.features().timescaledb()).isTrue();
        assertThat(report.migrationsApplied()).isPositive();
        ConformanceAssertions.assertMatchesDocument("127.0.0.1", TIMESCALE.port(), "postgres", "postgres", "postgres");
    }

    @Test
    @Order(2)
    void timeSeriesTablesAreHypertablesWithTheirAggregatesAndPolicies() throws Exception {
        try (Connection c = TIMESCALE.settings().open()) {
            assertThat(Catalog.strings(c, "SELECT hypertable_schema || '.' || hypertable_name "
                    + "FROM timescaledb_information.hypertables WHERE hypertable_schema NOT LIKE '\\_timescaledb%' ORDER BY 1"))
                    .containsExactly("agent_intelligence.tool_executions", "automation_engine.execution_logs",
                            "billing.usage_metering", "call_analytics.detailed_metrics", "identity.login_history",
                            "quality.agent_performance_metrics", "security.api_access_logs", "security.audit_logs",
                            "security.prompt_injection_attempts", "security.security_events",
                            "security.voice_security_events");
            assertThat(Catalog.strings(c, "SELECT hypertable_name || ' ' || time_interval FROM timescaledb_information.dimensions "
                    + "WHERE dimension_type = 'Time' AND hypertable_name IN ('detailed_metrics', 'api_access_logs', 'usage_metering') ORDER BY 1"))
                    .containsExactly("api_access_logs 01:00:00", "detailed_metrics 01:00:00", "usage_metering 1 day");
            assertThat(Catalog.strings(c, "SELECT hypertable_name || ' ' || column_name FROM timescaledb_information.dimensions "
                    + "WHERE dimension_type = 'Space' ORDER BY 1"))
                    .containsExactly("agent_performance_metrics tenant_id", "detailed_metrics tenant_id",
                            "execution_logs tenant_id", "login_history user_id", "usage_metering tenant_id");
            assertThat(Catalog.strings(c, "SELECT view_schema || '.' || view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1"))
                    .containsExactly("billing.billing_daily", "billing.usage_hourly",
                            "call_analytics.performance_metrics_hourly", "security.security_events_daily");
            assertThat(Catalog.strings(c, "SELECT schemaname || '.' || matviewname FROM pg_matviews ORDER BY 1"))
                    .containsExactly("call_analytics.call_analytics_hourly", "call_analytics.latency_percentiles_hourly",
                            "call_analytics.tenant_usage_daily");
            assertThat(Catalog.strings(c, "SELECT hypertable_name FROM timescaledb_information.jobs "
                    + "WHERE proc_name = 'policy_compression' ORDER BY 1"))
                    .containsExactly("api_access_logs", "audit_logs", "detailed_metrics", "execution_logs", "security_events");
            assertThat(Catalog.strings(c, "SELECT hypertable_name || ' ' || (config->>'drop_after') FROM timescaledb_information.jobs "
                    + "WHERE proc_name = 'policy_retention' ORDER BY 1"))
                    .containsExactly("api_access_logs 1 year", "audit_logs 7 years", "detailed_metrics 2 years",
                            "execution_logs 1 year", "security_events 7 years");
            assertThat(Catalog.strings(c, "SELECT count(*) FROM timescaledb_information.jobs "
                    + "WHERE proc_name = 'policy_refresh_continuous_aggregate'")).containsExactly("4");
            assertThat(Catalog.strings(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                    + "WHERE attrelid = 'agent_intelligence.agent_memories'::regclass AND attname = 'embedding'"))
                    .containsExactly("vector(1536)");
        }
    }

    @Test
    @Order(3)
    void secondMigrateChangesNothing() throws Exception {
        String before = SchemaFingerprint.of(TIMESCALE.settings());

        SchemaMigrator.Report second = new SchemaMigrator(TIMESCALE.settings()).migrate();

        assertThat(second.migrationsApplied()).isZero();
        assertThat(SchemaFingerprint.of(TIMESCALE.settings())).isEqualTo(before);
    }

    @Test
    @Order(4)
    void refreshFillsTheLatencyPercentiles() throws Exception {
        // A plain materialized view here too (a continuous aggregate cannot hold percentile_cont).
        LatencyPercentilesCheck.assertRefreshedPercentiles(TIMESCALE.settings());
    }
}
