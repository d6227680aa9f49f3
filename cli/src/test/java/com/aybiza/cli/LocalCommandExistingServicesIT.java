package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.DynaliteExtension;
import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.events.EventTopic;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.jobs.live.LiveTables;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * bin/aybiza local on services that already run: a broker, a PostgreSQL that asks for passwords with an empty database,
 * and a dynalite without tables, all started here, given with --bootstrap-servers, --jdbc-url and --dynamodb-endpoint.
 * One short run must migrate the database, create the live-state tables, store events in both, print a BI line that
 * points at that database, end with `reconcile: OK` and exit 0; and afterwards the three services must still answer
 * and still hold what was stored, because `local` stops only what it started itself.
 */
class LocalCommandExistingServicesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    /** The owner's password, in the URL as a user gives it: no output may print it. */
    private static final String PASSWORD = "s3cret-in-the-url";
    private static final Pattern APPLIED =
            Pattern.compile("schema: applied (\\d+) migrations; schema is at version (\\S+)");

    @TempDir
    Path tmp;

    private Process local;

    @AfterEach
    void stop() throws Exception {
        LocalCommandIT.stop(local);
    }

    @Test
    void usesTheGivenServicesMigratesTheEmptyDatabaseCreatesTheTablesAndLeavesThemRunning() throws Exception {
        String name = POSTGRES.newDatabase();
        String url = "jdbc:postgresql://127.0.0.1:%d/%s".formatted(POSTGRES.port(), name);
        requirePasswords(DatabaseSettings.of(url + "?user=postgres"));
        DatabaseSettings database = DatabaseSettings.of(url + "?user=postgres&password=" + PASSWORD);
        try (DynamoDbClient dynamo = LiveStateSettings.at(DYNAMODB.endpoint()).client()) {
            assertThat(dynamo.listTables().tableNames()).as("dynalite's tables before the run").isEmpty();
        }
        Path dataDir = tmp.resolve("local");
        Path log = tmp.resolve("local.log");
        int webPort = FreePorts.take(1)[0];
        local = LocalCommandIT.start(log, "local", "--duration", "60s", "--rate", "300",
                "--data-dir", dataDir.toString(), "--web-ui-port", Integer.toString(webPort),
                "--refresh-interval", "10s", "--jdbc-url", database.jdbcUrl(),
                "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--dynamodb-endpoint", DYNAMODB.endpoint().toString());

        String up = LocalCommandIT.awaitOutput(local, log, "The platform is up", Duration.ofMinutes(4));
        assertThat(local.descendants().map(p -> p.info().command().orElse("?")).toList())
                .as("processes local started: none of its own broker, PostgreSQL or Node")
                .noneMatch(c -> c.endsWith("/postgres") || c.endsWith("/node") || c.endsWith("/java"));
        assertThat(up).contains("postgres: using " + url + "?user=postgres&password=***")
                .contains("kafka: using " + KAFKA.bootstrapServers())
                .contains("dynamodb: using " + DYNAMODB.endpoint())
                // the BI lines point at the given database, not at a server of local's own
                .contains("JDBC URL       " + url + "?user=" + BiReaderLogin.USER)
                .contains("psql           psql \"host=127.0.0.1 port=%d dbname=%s user=%s\""
                        .formatted(POSTGRES.port(), name, BiReaderLogin.USER))
                .contains("ALTER ROLE " + BiReaderLogin.USER + " PASSWORD");
        for (LiveTables table : LiveTables.values()) {
            assertThat(up).contains("dynamodb: " + table.tableName() + " created");
        }
        assertThat(LocalCommandIT.tablesWithItems(DYNAMODB.endpoint())).as("DynamoDB tables that received items")
                .containsExactlyInAnyOrder(LiveTables.values());

        assertThat(local.waitFor(8, TimeUnit.MINUTES)).as("local ends after --duration and its catch-up").isTrue();
        String output = Files.readString(log);
        assertThat(local.exitValue()).as(output).isZero();
        // The BI login has no password on this server: the example queries still run, as the --jdbc-url login.
        assertThat(output).contains("Example queries on the aggregate views", "-- calls per hour", "reconcile: OK")
                .doesNotContain("DIFFERS").doesNotContain(PASSWORD).doesNotContainPattern("(?m)^\\s+at \\S+\\(")
                .doesNotContain("stopped postgres", "stopped kafka", "stopped dynamodb");
        assertThat(Arrays.asList(dataDir.toFile().list())).as("what local kept in its data directory")
                .doesNotContain("postgres", "kafka", "dynamodb");

        // Migrated from empty to the latest version: a second migrate finds nothing left to apply.
        Matcher applied = APPLIED.matcher(output);
        assertThat(applied.find()).as(output).isTrue();
        assertThat(Integer.parseInt(applied.group(1))).isPositive();
        SchemaMigrator.Report again = new SchemaMigrator(database).migrate();
        assertThat(again.migrationsApplied()).as(again.toString()).isZero();
        assertThat(again.schemaVersion()).isEqualTo(applied.group(2));

        // The services it did not start still run, and still hold what the run stored.
        assertThat(LocalCommandIT.emptyTables(database)).as("tables the jobs write that hold no row").isEmpty();
        // The BI login local made has no password; on a server that asks for one, its owner gives it one first.
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE " + BiReaderLogin.USER + " PASSWORD 'bi-password'");
        }
        GrafanaPanels.assertEveryPanelReturnsRows(DatabaseSettings.of(url + "?user=" + BiReaderLogin.USER
                + "&password=bi-password"));
        try (DynamoDbClient dynamo = LiveStateSettings.at(DYNAMODB.endpoint()).client()) {
            assertThat(dynamo.listTables().tableNames()).as("dynalite's tables after the run")
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(LiveTables.values())
                            .map(LiveTables::tableName).toList());
        }
        assertThat(DYNAMODB.server().isAlive()).isTrue();
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).as("the broker's topics after the run")
                    .containsAll(PlatformJobs.INPUT_TOPICS.stream().map(EventTopic::topicName).toList());
        }
        assertThat(ProcessHandle.of(KAFKA.broker().pid()).map(ProcessHandle::isAlive)).as("the broker's JVM")
                .contains(true);
    }

    /**
     * Makes the server ask every login for a password, as a PostgreSQL that is not local's own does: zonky's initdb
     * trusts every connection from this machine, which would hide a login that has none.
     */
    private static void requirePasswords(DatabaseSettings trusted) throws Exception {
        try (Connection c = trusted.open(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD '" + PASSWORD + "'");
            Path hba;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            Files.writeString(hba, """
                    local all all scram-sha-256
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
            st.execute("SELECT pg_reload_conf()");
        }
        // The postmaster reloads on a signal, a moment later: wait until a login without a password is refused.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection c = trusted.open()) {
                assertThat(System.nanoTime()).as("the server still trusts logins without a password")
                        .isLessThan(deadline);
                Thread.sleep(200);
            } catch (SQLException refused) {
                return;
            }
        }
    }
}
