package com.aybiza.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the newest schema version. The migrations under {@code db/migration/common} run everywhere;
 * the folders named by {@link DatabaseFeatures#migrationFolders()} add the parts that depend on the database.
 *
 * <p>All pending migrations run in one transaction (Flyway's {@code group}): PostgreSQL's DDL is transactional, so a
 * failure anywhere leaves the database exactly as it was, and a second run finds nothing to do.
 */
public final class SchemaMigrator {

    /** The outcome of one run: what the database offered, how many migrations ran, the version it is at now. */
    public record Report(DatabaseFeatures features, int migrationsApplied, String schemaVersion) {
        @Override
        public String toString() {
            return migrationsApplied == 0
                    ? "schema is up to date at version " + schemaVersion + " (" + features + ")"
                    : "applied " + migrationsApplied + " migrations; schema is at version " + schemaVersion + " (" + features + ")";
        }
    }

    private final DatabaseSettings database;

    public SchemaMigrator(DatabaseSettings database) {
        this.database = database;
    }

    public Report migrate() throws SQLException {
        try (SingleConnectionDataSource dataSource = new SingleConnectionDataSource(database.open())) {
            DatabaseFeatures features = DatabaseFeatures.detect(dataSource.getConnection());
            return migrate(dataSource, features, List.of());
        }
    }

    /** Migrates with the given features; extra locations (e.g. "classpath:..." or "filesystem:...") are added as given. */
    public Report migrate(DatabaseFeatures features, List<String> extraLocations) throws SQLException {
        try (SingleConnectionDataSource dataSource = new SingleConnectionDataSource(database.open())) {
            return migrate(dataSource, features, extraLocations);
        }
    }

    private static Report migrate(DataSource dataSource, DatabaseFeatures features, List<String> extraLocations) {
        MigrateResult result = flyway(dataSource, features, extraLocations).migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Report(features, result.migrationsExecuted, version);
    }

    private static Flyway flyway(DataSource dataSource, DatabaseFeatures features, List<String> extraLocations) {
        String[] locations = java.util.stream.Stream.concat(
                        features.migrationFolders().stream().map(f -> "classpath:db/migration/" + f),
                        extraLocations.stream())
                .toArray(String[]::new);
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations)
                .placeholders(Map.of("time_partitioning",
                        features.timescaledb() ? "" : "PARTITION BY RANGE (\"timestamp\")"))
                .group(true)
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .load();
    }
}
