package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.live.LiveTables;
import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.sql.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * bin/aybiza local as a user runs it: one `local --duration 60s` in a JVM of its own, started the way the launcher
 * starts it. While it runs, the dashboard's REST API lists the job RUNNING and every live-state table in DynamoDB
 * holds items; when it ends by itself it has printed `reconcile: OK`, exited 0 and left no process behind; then its
 * PostgreSQL, started again on the data directory it kept, holds rows in every table the jobs write, and every Grafana
 * panel's query returns rows as the BI login.
 */
class LocalCommandIT {

    private static final List<String> OPENS = List.of("java.util", "java.lang", "java.time", "java.math", "java.net",
            "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect", "java.text", "java.util.concurrent");
    private static final Pattern DYNAMODB = Pattern.compile("dynamodb: DynamoDB-compatible server \\(dynalite\\) at (\\S+)");

    @TempDir
    Path tmp;

    private Process local;

    @AfterEach
    void stop() throws Exception {
        stop(local);
    }

    /** Stops a {@code local} left running by a failed test as Ctrl-C would, then for good after a minute. */
    static void stop(Process local) throws InterruptedException {
        if (local != null && local.isAlive()) {
            local.destroy();
            if (!local.waitFor(60, TimeUnit.SECONDS)) {
                local.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void runsThePlatformForAMinuteThenStopsInOrderWithNothingLostAndNothingLeftRunning() throws Exception {
        Path dataDir = tmp.resolve("local");
        Path log = tmp.resolve("local.log");
        int webPort = FreePorts.take(1)[0];
        local = start(log, "local", "--duration", "60s", "--rate", "300", "--data-dir", dataDir.toString(),
                "--web-ui-port", Integer.toString(webPort), "--refresh-interval", "10s");

        String up = awaitOutput(local, log, "The platform is up", Duration.ofMinutes(4));
        // Recorded while it runs: the broker's JVM, PostgreSQL and Node must all be gone once it has ended.
        // pg_ctl detaches PostgreSQL from its parent, so it is found by its data directory instead.
        Set<ProcessHandle> children = new HashSet<>(local.descendants().toList());
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dataDir.toString()))
                .forEach(children::add);
        assertThat(children).extracting(p -> p.info().command().orElse("?"))
                .as("the broker's JVM, PostgreSQL and Node, started by local")
                .anyMatch(c -> c.endsWith("/postgres")).anyMatch(c -> c.endsWith("/node"))
                .anyMatch(c -> c.endsWith("/java"));
        Matcher dynamo = DYNAMODB.matcher(up);
        assertThat(dynamo.find()).as(up).isTrue();
        assertThat(up).contains("http://localhost:" + webPort).contains("user=" + BiReaderLogin.USER)
                .contains("psql \"host=127.0.0.1");

        assertThat(runningJobs(webPort)).as("/jobs/overview while it runs").contains(PlatformJobs.JOB_NAME);
        assertThat(tablesWithItems(URI.create(dynamo.group(1)))).as("DynamoDB tables that received items")
                .containsExactlyInAnyOrder(LiveTables.values());

        assertThat(local.waitFor(8, TimeUnit.MINUTES)).as("local ends after --duration and its catch-up").isTrue();
        String output = Files.readString(log);
        assertThat(local.exitValue()).as(output).isZero();
        assertThat(output).contains("Example queries on the aggregate views", "-- calls per hour",
                        "-- usage per tenant and day", "-- security events per day", "produced ", "live calls ")
                .contains("reconcile: OK").doesNotContain("DIFFERS").doesNotContainPattern("(?m)^\\s+at \\S+\\(")
                // the status line counts what each job stores
                .containsPattern("stored [\\d,]+ rows/s \\(UsageMeteringJob [\\d,]+, CallAnalyticsJob [\\d,]+, "
                        + "SecurityEventsJob [\\d,]+\\)");
        assertThat(output.indexOf("jobs stopped")).as("jobs stop before the services")
                .isLessThan(output.indexOf("stopped kafka")).isLessThan(output.indexOf("stopped postgres"));
        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("child process %s", child.info().command()).isFalse();
        }
        assertThat(FreePorts.isFree(webPort)).as("the dashboard's port is free again").isTrue();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            DatabaseSettings owner = DatabaseSettings.of("jdbc:postgresql://127.0.0.1:%d/%s?user=postgres"
                    .formatted(postgres.getPort(), LocalPostgres.DATABASE));
            assertThat(emptyTables(owner)).as("tables the jobs write that hold no row").isEmpty();
            DatabaseSettings bi = DatabaseSettings.of("jdbc:postgresql://127.0.0.1:%d/%s?user=%s"
                    .formatted(postgres.getPort(), LocalPostgres.DATABASE, BiReaderLogin.USER));
            GrafanaPanels.assertEveryPanelReturnsRows(bi);
        }
    }

    /** Starts one bin/aybiza command as the launcher would, its output (both streams) appended to {@code log}. */
    static Process start(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        command.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile=log4j2.xml",
                "-Daybiza.log.dir=" + log.getParent().resolve("logs"),
                "-Daybiza.project.dir=" + CommandProcess.projectDir(),
                "-cp", System.getProperty("java.class.path"), AybizaCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The output so far once it holds {@code text}; fails when {@code local} exits or the time is up first. */
    static String awaitOutput(Process local, Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains(text)) {
                return output;
            }
            if (!local.isAlive()) {
                throw new AssertionError("local exited with " + local.exitValue() + ":\n" + output);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("local did not print '" + text + "' within " + timeout + ":\n"
                + Files.readString(log));
    }

    /** The names of the jobs /jobs/overview lists as RUNNING, once there is one (the dashboard answers at once). */
    private static List<String> runningJobs(int webPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> running = new ArrayList<>();
        while (running.isEmpty() && System.nanoTime() < deadline) {
            JsonNode jobs = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + webPort + "/jobs/overview")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("jobs");
            // Without "jobs" the answer is {"errors": [...]}: the dispatcher is not leader yet.
            for (JsonNode job : jobs == null ? List.<JsonNode>of() : jobs) {
                if (job.get("state").asText().equals("RUNNING")) {
                    running.add(job.get("name").asText());
                }
            }
            Thread.sleep(500);
        }
        return running;
    }

    /**
     * The live-state tables seen holding items. ActiveToolExecutions holds only tools running right now, so each
     * table is looked at again until it has been seen with items (or 60 s have passed).
     */
    static Set<LiveTables> tablesWithItems(URI endpoint) throws Exception {
        Set<LiveTables> seen = EnumSet.noneOf(LiveTables.class);
        try (DynamoDbClient dynamo = LiveStateSettings.at(endpoint).client()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < LiveTables.values().length && System.nanoTime() < deadline) {
                for (LiveTables table : LiveTables.values()) {
                    if (dynamo.scan(ScanRequest.builder().tableName(table.tableName()).limit(1).build()).count() > 0) {
                        seen.add(table);
                    }
                }
                Thread.sleep(1_000);
            }
        }
        return seen;
    }

    /** The tables the jobs write that hold no row. */
    static List<String> emptyTables(DatabaseSettings database) throws Exception {
        List<String> empty = new ArrayList<>();
        List<String> tables = Stream.concat(PlatformJobs.STORED_TABLES.stream(),
                PlatformJobs.UNRECONCILED_TABLES.stream()).map(PlatformJobs.StoredTable::name).toList();
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        empty.add(table);
                    }
                }
            }
        }
        return empty;
    }
}
