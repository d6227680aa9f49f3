package com.aybiza.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the newest schema version. The migrations under {@code db/migration/common} run everywhere;
 * the folders named by {@link DatabaseFeatures#migrationFolders()} add the parts that depend on the database.
 *
 * <p>All pending migrations run in one transaction (Flyway's {@code group}): PostgreSQL's DDL is transactional, so a
 * failure anywhere leaves the database exactly as it was, and a second run finds nothing to do. Flyway creates its
 * history table ({@code public.flyway_schema_history}) in a transaction of its own before that one; when a first
 * migrate fails, the table it left empty is dropped again, so that nothing at all stays behind.
 *
 * <p>PostgreSQL 15 is the oldest server it runs on (the tests run 17; 15 was checked by hand, see shared/STACK.md);
 * an older one is refused before anything is written.
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

    /** The oldest PostgreSQL the migrations are known to run on (server_version_num). */
    static final int OLDEST_SERVER = 150000;

    private static final String HISTORY_TABLE = "public.flyway_schema_history";

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

    private static Report migrate(SingleConnectionDataSource dataSource, DatabaseFeatures features,
                                  List<String> extraLocations) throws SQLException {
        Connection connection = dataSource.getConnection();
        requireSupportedServer(connection);
        boolean historyExisted = historyTableExists(connection);
        MigrateResult result;
        try {
            result = flyway(dataSource, features, extraLocations).migrate();
        } catch (FlywayException e) {
            throw MigrationFailure.of(e, undoHistoryTable(connection, historyExisted));
        }
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Report(features, result.migrationsExecuted, version);
    }

    private static void requireSupportedServer(Connection connection) throws SQLException {
        int version = Integer.parseInt(Catalog.strings(connection, "SHOW server_version_num").get(0));
        if (version < OLDEST_SERVER) {
            throw new IllegalStateException("migrate needs PostgreSQL 15 or newer; this server is "
                    + Catalog.strings(connection, "SHOW server_version").get(0) + ". Nothing was changed.");
        }
    }

    private static boolean historyTableExists(Connection connection) throws SQLException {
        return Catalog.strings(connection, "SELECT to_regclass(?)::text", HISTORY_TABLE).get(0) != null;
    }

    /**
     * After a failed run: drops the history table if this run created it and it holds no row (the group transaction
     * rolled back every migration, so it is empty then). Returns what the user should know stays behind.
     */
    private static String undoHistoryTable(Connection connection, boolean existed) {
        if (existed) {
            return "Nothing was applied: the database is as it was before this run.";
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (historyTableExists(connection)
                    && Catalog.strings(connection, "SELECT count(*) FROM " + HISTORY_TABLE).get(0).equals("0")) {
                try (var st = connection.createStatement()) {
                    st.execute("DROP TABLE " + HISTORY_TABLE);
                }
            }
            return "Nothing was applied: the database is as it was before this run.";
        } catch (SQLException e) {
            return "Nothing was applied, but the empty " + HISTORY_TABLE + " Flyway created could not be dropped ("
                    + e.getMessage() + "); drop it, or leave it: the next migrate uses it.";
        }
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
