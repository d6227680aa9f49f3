package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.events.EventTopic;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The jobs as an operator runs them, each failure the issue names on one stream of traffic: `generate` writes while
 * `jobs` runs in a process of its own, which is killed with SIGKILL twice and started again with the same command;
 * PostgreSQL is stopped for 20 s mid-stream and started again; `reconcile` then reports OK. A replay of every topic
 * from the earliest offset by jobs without any state changes no row and no sum. Last, the jobs are stopped with a
 * savepoint through Flink's REST API and resumed from it at another parallelism while new traffic arrives:
 * `reconcile` OK again, for the new run.
 */
class JobsEndToEndIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path tmp;

    private EmbeddedPostgres postgres;
    private int postgresPort;
    private JobsProcess jobs;

    @AfterEach
    void stop() throws Exception {
        if (jobs != null) {
            jobs.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void billsExactlyThroughCrashesAnOutageAReplayAndARescaledRestore() throws Exception {
        postgresPort = FreePorts.take(1)[0];
        startPostgres();
        DatabaseSettings database = new DatabaseSettings(jdbcUrl(), null, null);
        new SchemaMigrator(database).migrate();
        Path state = tmp.resolve("state");
        // The jobs' output is kept under target/ (one folder per run), to be read after a failure: @TempDir goes.
        Path logs = Files.createDirectories(Path.of("target", "jobs-e2e",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-')));
        Path log = logs.resolve("jobs.log");
        int webPort = FreePorts.take(1)[0];
        Instant start = Instant.now().minus(Duration.ofSeconds(5)).truncatedTo(ChronoUnit.SECONDS);
        Path ledger = logs.resolve("ledger.json");

        // The voice edge writes for 50 s while the jobs run.
        CompletableFuture<String> traffic = CompletableFuture.supplyAsync(() -> run("generate",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--rate", "300", "--duration", "50s",
                "--tenants", "4", "--agents", "8", "--seed", "5", "--bad-ratio", "0.02", "--mean-call-seconds", "15",
                "--start", start.toString(), "--ledger", ledger.toString(), "--jdbc-url", jdbcUrl()));
        awaitTopics();
        String[] command = {"--bootstrap-servers", KAFKA.bootstrapServers(), "--jdbc-url", jdbcUrl(),
            "--state-dir", state.toString(), "--checkpoint-interval", "2s", "--web-ui-port", Integer.toString(webPort),
            "--unknown-reference-grace", "10s"};

        jobs = JobsProcess.start(log, command);
        jobs.awaitOutput("starting without state", Duration.ofSeconds(60));
        awaitCheckpoint(state, 1);
        Thread.sleep(4_000);
        jobs.kill();

        jobs = JobsProcess.start(log, command);
        jobs.awaitOutput("resuming from checkpoint", Duration.ofSeconds(60));
        Thread.sleep(8_000);
        jobs.kill();

        jobs = JobsProcess.start(log, command);
        Thread.sleep(8_000);
        postgres.close(); // the database goes away for 20 s mid-stream
        Thread.sleep(20_000);
        startPostgres();

        assertThat(traffic.get()).contains("ledger written to");
        String reconciled = awaitReconciled(ledger, Duration.ofMinutes(3), webPort);
        assertThat(reconciled).contains("rows billing.usage_metering");
        jobs.close();
        assertThat(Files.readString(log).split("resuming from checkpoint", -1)).as("resumed twice after a kill -9")
                .hasSizeGreaterThanOrEqualTo(3);
        String stored = checksum(database);

        // Every topic again, from the earliest offset, by jobs with no state and a new consumer group.
        jobs = JobsProcess.start(logs.resolve("replay.log"), "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--jdbc-url", jdbcUrl(), "--state-dir", tmp.resolve("replay-state").toString(), "--from-earliest",
                "--checkpoint-interval", "2s", "--consumer-group", "replay", "--unknown-reference-grace", "10s",
                "--web-ui-port",
                Integer.toString(webPort));
        awaitCaughtUp("replay");
        jobs.close();
        assertThat(checksum(database)).as("a replay without state changes nothing").isEqualTo(stored);
        assertThat(run("reconcile", "--ledger", ledger.toString(), "--jdbc-url", jdbcUrl(),
                "--bootstrap-servers", KAFKA.bootstrapServers())).contains("reconcile: OK");

        // Stop with a savepoint, then resume from it at parallelism 1 while new traffic arrives.
        jobs = JobsProcess.start(log, command);
        jobs.awaitOutput("Flink dashboard", Duration.ofSeconds(60));
        String jobId = awaitRunningJob(webPort);
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path ledger2 = tmp.resolve("ledger2.json");
        CompletableFuture<String> more = CompletableFuture.supplyAsync(() -> run("generate",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--rate", "300", "--duration", "20s",
                "--tenants", "4", "--agents", "8", "--seed", "6", "--bad-ratio", "0.02", "--mean-call-seconds", "15",
                "--start", later.toString(), "--ledger", ledger2.toString(), "--jdbc-url", jdbcUrl()));
        Thread.sleep(5_000);
        stopWithSavepoint(webPort, jobId, state.resolve("savepoints"));
        // Generous: on a loaded 2-core machine the savepoint of every topology and the shutdown took over a minute.
        assertThat(jobs.waitForExit(Duration.ofMinutes(3))).isZero();
        String[] rescaled = Stream.concat(Stream.of(command), Stream.of("--parallelism", "1")).toArray(String[]::new);
        jobs = JobsProcess.start(log, rescaled);
        jobs.awaitOutput("resuming from savepoint", Duration.ofSeconds(60));
        assertThat(more.get()).contains("ledger written to");
        awaitReconciled(ledger2, Duration.ofMinutes(2), webPort);
    }

    private void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(tmp.resolve("pgdata")).setCleanDataDirectory(false)
                .setPort(postgresPort).start();
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres".formatted(postgresPort);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = AybizaCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        return out + "\nexit " + code;
    }

    private String awaitReconciled(Path ledger, Duration timeout, int webPort) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String last = "";
        String lastDifferences = null;
        while (System.nanoTime() < deadline) {
            last = run("reconcile", "--ledger", ledger.toString(), "--jdbc-url", jdbcUrl(),
                    "--bootstrap-servers", KAFKA.bootstrapServers());
            long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            if (last.contains("reconcile: OK")) {
                System.out.println(Instant.now() + " reconcile OK after " + waited + " s (of " + timeout + ")");
                return last;
            }
            // How the figures converge, each state once: a CI failure then tells what stalled, and from when.
            String differences = last.lines().filter(l -> l.contains(": ledger ")).map(String::strip)
                    .collect(Collectors.joining("; "));
            if (!differences.equals(lastDifferences)) {
                System.out.println(Instant.now() + " reconcile after " + waited + " s: " + differences);
                lastDifferences = differences;
            }
            Thread.sleep(3_000);
        }
        throw new AssertionError("reconcile did not report OK within " + timeout + ":\n" + last + "\nledger detections: "
                + new com.fasterxml.jackson.databind.ObjectMapper().readTree(ledger.toFile()).get("detections")
                + "\nstored detections: " + detections() + "\n" + flinkState(webPort));
    }

    /**
     * What Flink says of the jobs: their failures, and how far event time has got at the detection operators ("none":
     * no watermark, as for the first minute after a (re)start, or for good when every partition of a source subtask
     * went idle before it had one). Tells a detection held back by event time from one that the watermark passed and
     * that never came (a loss).
     */
    private static String flinkState(int webPort) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            StringBuilder out = new StringBuilder("Flink at ").append(Instant.now()).append(":");
            for (JsonNode job : rest(http, webPort, "/jobs").path("jobs")) {
                String id = job.get("id").asText();
                out.append("\njob ").append(id).append(' ').append(job.get("status").asText());
                for (JsonNode failure : rest(http, webPort, "/jobs/" + id + "/exceptions?maxExceptions=20")
                        .path("exceptionHistory").path("entries")) {
                    out.append("\n  failed ").append(Instant.ofEpochMilli(failure.path("timestamp").asLong()))
                            .append(" in ").append(failure.path("taskName").asText()).append(": ")
                            .append(failure.path("exceptionName").asText());
                }
                for (JsonNode vertex : rest(http, webPort, "/jobs/" + id).path("vertices")) {
                    String name = vertex.get("name").asText();
                    if (name.contains("detect bursts") || name.contains("detect API keys")) {
                        out.append("\n  watermarks into '").append(name).append("':");
                        for (JsonNode w : rest(http, webPort, "/jobs/" + id + "/vertices/" + vertex.get("id").asText()
                                + "/watermarks")) {
                            long at = w.get("value").asLong();
                            out.append(' ').append(at == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(at));
                        }
                    }
                }
            }
            return out.toString();
        } catch (Exception e) {
            return "Flink's REST API did not answer: " + e;
        }
    }

    private static JsonNode rest(HttpClient http, int webPort, String path) throws Exception {
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The detections stored, per rule and trigger time: what a difference in security_events is made of. */
    private String detections() throws Exception {
        try (Connection c = new DatabaseSettings(jdbcUrl(), null, null).open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(details->>'rule' || '@' || \"timestamp\" || ' '"
                     + " || coalesce(user_id::text, ip_address::text, ''), E'\\n' ORDER BY \"timestamp\") "
                     + "FROM security.security_events WHERE source = 'aybiza-detection'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void awaitTopics() throws Exception {
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!admin.listTopics().names().get().containsAll(
                    Stream.of(EventTopic.values()).map(EventTopic::topicName).toList())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the generator did not create the topics");
                }
                Thread.sleep(200);
            }
        }
    }

    private static void awaitCheckpoint(Path state, int count) throws Exception {
        RetainedCheckpoints checkpoints = new RetainedCheckpoints(state);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (checkpoints.latest().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no checkpoint completed within 60 s");
            }
            Thread.sleep(200);
        }
    }

    /** Until the group's committed offsets (committed at checkpoints) reach the end of every input topic. */
    private static void awaitCaughtUp(String group) throws Exception {
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (true) {
                boolean caughtUp = true;
                for (EventTopic topic : com.aybiza.jobs.PlatformJobs.INPUT_TOPICS) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            group + "." + topic.topicName()).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic.topicName()))
                            .allTopicNames().get().get(topic.topicName()).partitions().stream()
                            .collect(Collectors.toMap(p -> new TopicPartition(topic.topicName(), p.partition()),
                                    p -> OffsetSpec.latest()));
                    Map<TopicPartition, OffsetSpec> earliest = latest.keySet().stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()));
                    var first = admin.listOffsets(earliest).all().get();
                    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                        OffsetAndMetadata at = committed.get(end.getKey());
                        // A partition that holds no record has nothing to read, and no offset is committed for it.
                        boolean empty = first.get(end.getKey()).offset() == end.getValue().offset();
                        caughtUp &= empty || at != null && at.offset() >= end.getValue().offset();
                    }
                }
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the replay did not catch up within 2 minutes");
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static String awaitRunningJob(int webPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode jobs = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + webPort + "/jobs")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("jobs");
                if (jobs == null) {
                    // {"errors": [...]}: the REST API answers before its dispatcher is elected leader
                    Thread.sleep(500);
                    continue;
                }
                for (JsonNode job : jobs) {
                    // Every task too: a job is RUNNING while its tasks still deploy, and a stop with a savepoint
                    // then fails ("not all required tasks are currently running") and leaves the job running.
                    String id = job.get("id").asText();
                    if (job.get("status").asText().equals("RUNNING") && allTasksRunning(http, webPort, id)) {
                        return id;
                    }
                }
            } catch (java.io.IOException notYet) {
                // the dashboard is starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no running job on the dashboard within 60 s");
    }

    private static boolean allTasksRunning(HttpClient http, int webPort, String jobId) throws Exception {
        JsonNode vertices = rest(http, webPort, "/jobs/" + jobId).path("vertices");
        for (JsonNode vertex : vertices) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return !vertices.isEmpty();
    }

    private static void stopWithSavepoint(int webPort, String jobId, Path directory) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + webPort + "/jobs/" + jobId + "/stop"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"targetDirectory\":\"" + directory.toUri()
                        + "\",\"drain\":false}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        // The stop is asynchronous: a savepoint that fails leaves the job running, so its failure is told here.
        String operation = "/jobs/" + jobId + "/savepoints/" + new ObjectMapper().readTree(response.body())
                .get("request-id").asText();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status;
            try {
                status = rest(http, webPort, operation);
            } catch (java.io.IOException gone) {
                return; // the savepoint completed and the jobs are shutting down: the caller waits for the exit
            }
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode failure = status.path("operation").path("failure-cause");
                if (!failure.isMissingNode() && !failure.isNull()) {
                    throw new AssertionError("the stop with a savepoint failed: " + failure);
                }
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the stop with a savepoint did not complete within 3 min");
    }

    private static String checksum(DatabaseSettings database) throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) || ':' || md5(string_agg(id || ' ' || quantity || ' ' "
                     + "|| total_cost || ' ' || billing_period, ',' ORDER BY id)) FROM billing.usage_metering")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }
}
