package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.sql.EmbeddedPostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The database commands as a user types them, user and password in the JDBC URL, against a real PostgreSQL. */
class DatabaseCommandsIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static CommandRun aybiza(String... args) {
        return CommandRun.of(args);
    }

    private static String url(String db) {
        return "jdbc:postgresql://127.0.0.1:%d/%s?user=postgres&password=postgres".formatted(POSTGRES.port(), db);
    }

    @Test
    void migrateTwiceThenMaintainPartitionsAndAggregates() throws Exception {
        String db = POSTGRES.newDatabase();

        CommandRun first = aybiza("migrate", "--jdbc-url", url(db));
        CommandRun second = aybiza("migrate", "--jdbc-url", url(db));
        // The migration made yesterday through a week ahead; 9 days ahead adds two more days to each of the 11 tables.
        CommandRun partitions = aybiza("partitions", "--jdbc-url", url(db), "--ahead", "9d");
        CommandRun refresh = aybiza("refresh-aggregates", "--jdbc-url", url(db));

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("applied ").containsPattern("schema is at version \\d+ \\(PostgreSQL partitions\\)");
        String version = first.out().replaceAll("(?s).*schema is at version (\\d+).*", "$1");
        assertThat(second.out()).isEqualTo("schema is up to date at version " + version + " (PostgreSQL partitions)\n");
        assertThat(partitions.exitCode()).as(partitions.err()).isZero();
        assertThat(partitions.out()).contains("created billing.usage_metering_p").endsWith("partitions: 22 created, 0 dropped\n");
        // The document's six views and V43's latency percentiles.
        assertThat(refresh.out()).contains("refreshed billing.usage_hourly",
                "refreshed call_analytics.latency_percentiles_hourly").endsWith("aggregates: 7 refreshed\n");
    }

    @Test
    void badInputGetsAClearErrorAndANonZeroExit() {
        CommandRun wrongUrl = aybiza("migrate", "--jdbc-url", "postgres://localhost/x");
        CommandRun noDatabase = aybiza("partitions", "--jdbc-url", url("postgres"), "--ahead", "soon");
        CommandRun unmigrated = aybiza("partitions", "--jdbc-url", url("postgres"));

        assertThat(wrongUrl.exitCode()).isNotZero();
        assertThat(wrongUrl.err()).contains("expected a PostgreSQL JDBC URL");
        assertThat(noDatabase.exitCode()).isNotZero();
        assertThat(noDatabase.err()).contains("'soon' is not a duration");
        assertThat(unmigrated.exitCode()).isNotZero();
        assertThat(unmigrated.err()).contains("run `bin/aybiza migrate` first");
    }

    @Test
    void helpListsTheCommands() {
        CommandRun help = aybiza("--help");
        assertThat(help.out()).contains("migrate", "partitions", "refresh-aggregates");
    }
}
