package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The migrations on a real PostgreSQL 17 without TimescaleDB: native partitions and materialized views. */
class PostgresMigrationIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final DatabaseFeatures PLAIN = new DatabaseFeatures(false, false, false);

    @Test
    void migratedDatabaseMatchesTheSchemaDocument() throws Exception {
        String db = POSTGRES.newDatabase();
        SchemaMigrator.Report report = new SchemaMigrator(POSTGRES.settings(db)).migrate();

        assertThat(report.features().timescaledb()).isFalse();
        assertThat(report.migrationsApplied()).isPositive();
        ConformanceAssertions.assertMatchesDocument("localhost", POSTGRES.port(), db, "postgres", "postgres");
        try (Connection c = POSTGRES.settings(db).open()) {
            assertThat(Catalog.strings(c, "SELECT count(*) FROM pg_partitioned_table")).containsExactly("11");
            // The document's six aggregate views and V43's latency percentiles.
            assertThat(Catalog.strings(c, "SELECT count(*) FROM pg_matviews")).containsExactly("7");
        }
    }

    @Test
    void refreshFillsTheLatencyPercentiles() throws Exception {
        String db = POSTGRES.newDatabase();
        new SchemaMigrator(POSTGRES.settings(db)).migrate();

        LatencyPercentilesCheck.assertRefreshedPercentiles(POSTGRES.settings(db));
    }

    @Test
    void secondMigrateChangesNothing() throws Exception {
        String db = POSTGRES.newDatabase();
        SchemaMigrator migrator = new SchemaMigrator(POSTGRES.settings(db));
        SchemaMigrator.Report first = migrator.migrate();
        String before = SchemaFingerprint.of(POSTGRES.settings(db));

        SchemaMigrator.Report second = migrator.migrate();

        assertThat(second.migrationsApplied()).isZero();
        assertThat(second.toString()).startsWith("schema is up to date at version " + first.schemaVersion());
        assertThat(SchemaFingerprint.of(POSTGRES.settings(db))).isEqualTo(before);
    }

    @Test
    void failedMigrateLeavesTheDatabaseAsItWas() throws Exception {
        String db = POSTGRES.newDatabase();
        String before = SchemaFingerprint.of(POSTGRES.settings(db));
        SchemaMigrator migrator = new SchemaMigrator(POSTGRES.settings(db));

        // Every real migration runs first, then one that fails: all of it must roll back.
        assertThatThrownBy(() -> migrator.migrate(PLAIN, List.of("classpath:db/failing")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("migration V99__fails_on_purpose.sql failed: ERROR: division by zero")
                .hasMessageContaining("Nothing was applied: the database is as it was before this run.");

        assertThat(SchemaFingerprint.of(POSTGRES.settings(db))).isEqualTo(before);
        try (Connection c = POSTGRES.settings(db).open()) {
            assertThat(Catalog.strings(c, "SELECT nspname FROM pg_namespace WHERE nspname = 'agent_manager'")).isEmpty();
            // Not even the history table Flyway creates before the migrations' transaction (issue 11).
            assertThat(Catalog.strings(c, "SELECT to_regclass('public.flyway_schema_history')::text").get(0)).isNull();
        }
        // And the same database then migrates cleanly.
        assertThat(migrator.migrate().migrationsApplied()).isPositive();
    }
}
