package com.aybiza.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.cli.AybizaCommand;
import com.aybiza.embedded.DynaliteExtension;
import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The jobs jar on a real standalone Flink cluster, as an operator deploys it: a JobManager and two TaskManagers (two
 * slots each) as separate JVMs, the shaded jar uploaded and run through the REST API against a real Kafka broker,
 * PostgreSQL and DynamoDB-compatible server, while the generator plays the voice edge throughout. The job reaches
 * RUNNING with every vertex at parallelism 2 and writes rows; it is stopped with a savepoint and run again from it at
 * parallelism 3; one TaskManager is then killed with SIGKILL, and once a replacement registers the job runs again
 * from its last checkpoint. Last, the generator stops and {@code reconcile} must report OK: no billable usage lost
 * or doubled across the upgrade and the crash. The cluster's output and logs are in target/flink-cluster/.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FlinkClusterIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    private static final Path JOBS_JAR = Path.of(System.getProperty("aybiza.project.dir", ".."))
            .resolve("jobs/target/aybiza-jobs.jar");
    private static final Path WORK = Path.of("target", "flink-cluster").toAbsolutePath();
    private static final String USAGE = "billing.usage_metering";
    private static final String CALLS = "call_analytics.calls";

    private static StandaloneFlinkCluster cluster;
    private static FlinkRestClient rest;

    private final long started = System.nanoTime();
    private DatabaseSettings database;

    @BeforeAll
    static void startCluster() throws IOException {
        assertThat(JOBS_JAR).as("the shaded jobs jar, built by the jobs module before this one").isRegularFile();
        deleteRecursively(WORK);
        cluster = StandaloneFlinkCluster.start(WORK, JOBS_JAR);
        cluster.startTaskManager();
        cluster.startTaskManager();
        rest = new FlinkRestClient(cluster.restUrl());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runsTheJarUpgradesItFromASavepointAndSurvivesALostTaskManagerWithoutLosingUsage() throws Exception {
        String jobId = null;
        try {
            database = POSTGRES.settings(POSTGRES.newDatabase());
            new SchemaMigrator(database).migrate();
            assertThat(aybiza("dynamodb", "init", "--endpoint", DYNAMODB.endpoint().toString())).endsWith("exit 0");
            VoiceEdgeTraffic traffic = VoiceEdgeTraffic.prepare(KAFKA.bootstrapServers(), database, 13, 100);
            traffic.start();
            await("two TaskManagers with 4 slots", Duration.ofMinutes(2), rest::overview,
                    o -> o.get("taskmanagers").asInt() == 2 && o.get("slots-total").asInt() == 4);

            String jarId = rest.uploadJar(JOBS_JAR);
            jobId = runsAtParallelismTwoAndWritesRows(jarId);
            jobId = upgradesFromASavepointAtParallelismThree(jarId, jobId, traffic);
            restartsFromTheLastCheckpointAfterATaskManagerIsKilled(jobId, traffic);

            Path ledger = traffic.stopAndWriteLedger(WORK.resolve("ledger.json"));
            log("generator stopped after " + traffic.recordsWritten() + " records; reconciling");
            String reconciled = awaitReconciled(ledger, Duration.ofMinutes(4));
            log("reconcile: OK\n" + reconciled);
            assertThat(rest.job(jobId).get("state").asText()).isEqualTo("RUNNING");
        } catch (Throwable failure) {
            System.err.println("--- Flink cluster after the failure (" + cluster + ") ---\n" + cluster.tails(80));
            if (jobId != null) {
                try {
                    System.err.println("--- job exceptions ---\n" + rest.exceptions(jobId).toPrettyString());
                } catch (IOException unanswered) {
                    System.err.println("--- no job exceptions: " + unanswered.getMessage());
                }
            }
            throw failure;
        }
    }

    private String runsAtParallelismTwoAndWritesRows(String jarId) throws Exception {
        String jobId = rest.run(jarId, runRequest(2, Optional.empty()));
        awaitAllVerticesRunning(jobId, 2);
        JsonNode listed = rest.jobsOverview();
        assertThat(listed).as("/jobs/overview").anySatisfy(job -> {
            assertThat(job.get("jid").asText()).isEqualTo(jobId);
            assertThat(job.get("name").asText()).isEqualTo(PlatformJobs.JOB_NAME);
            assertThat(job.get("state").asText()).isEqualTo("RUNNING");
        });
        await("rows in " + USAGE + " and " + CALLS, Duration.ofMinutes(3),
                () -> List.of(rows(USAGE), rows(CALLS)), counts -> counts.get(0) > 0 && counts.get(1) > 0);
        await("live call state in DynamoDB", Duration.ofMinutes(1), FlinkClusterIT::liveCalls, n -> n > 0);
        log("job " + jobId + " RUNNING at parallelism 2, " + rows(USAGE) + " usage rows, " + rows(CALLS) + " calls");
        return jobId;
    }

    private String upgradesFromASavepointAtParallelismThree(String jarId, String jobId, VoiceEdgeTraffic traffic)
            throws Exception {
        String trigger = rest.stopWithSavepoint(jobId, cluster.savepoints());
        // Generous: a savepoint of every topology, then the stop, took over a minute on two busy cores.
        JsonNode done = await("the savepoint", Duration.ofMinutes(4), () -> rest.savepointStatus(jobId, trigger),
                s -> s.at("/status/id").asText().equals("COMPLETED"));
        assertThat(done.at("/operation/failure-cause").isMissingNode()).as(done.toPrettyString()).isTrue();
        String savepoint = done.at("/operation/location").asText();
        await("the stopped job to finish", Duration.ofMinutes(1), () -> rest.job(jobId).get("state").asText(),
                "FINISHED"::equals);
        long usageAtSwitch = rows(USAGE);
        assertThat(traffic.running()).as("the generator writes across the switch").isTrue();
        log("stopped with savepoint " + savepoint + " at " + usageAtSwitch + " usage rows");

        String upgraded = rest.run(jarId, runRequest(3, Optional.of(savepoint)));
        awaitAllVerticesRunning(upgraded, 3);
        JsonNode restored = rest.checkpoints(upgraded).at("/latest/restored");
        assertThat(restored.path("is_savepoint").asBoolean()).as(restored.toPrettyString()).isTrue();
        assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);
        await("new usage rows from the upgraded job", Duration.ofMinutes(2), () -> rows(USAGE), n -> n > usageAtSwitch);
        // A checkpoint of the upgraded job, for the TaskManager's loss below to go back to.
        awaitCompletedCheckpoint(upgraded);
        log("job " + upgraded + " restored from the savepoint, RUNNING at parallelism 3");
        return upgraded;
    }

    private void restartsFromTheLastCheckpointAfterATaskManagerIsKilled(String jobId, VoiceEdgeTraffic traffic)
            throws Exception {
        long lastCheckpoint = rest.checkpoints(jobId).at("/latest/completed/id").asLong();
        FlinkProcess victim = cluster.taskManagers().get(0);
        victim.kill();
        long usageAtKill = rows(USAGE);
        log(victim.name() + " killed (SIGKILL) at " + usageAtKill + " usage rows");
        // The remaining TaskManager's two slots cannot hold parallelism 3: the job restores its last checkpoint and
        // waits for slots, as it would on a cluster until the lost machine is replaced.
        JsonNode restored = await("a restore from a checkpoint", Duration.ofMinutes(2),
                () -> rest.checkpoints(jobId).at("/latest/restored"),
                r -> r.has("is_savepoint") && !r.get("is_savepoint").asBoolean());
        // The last checkpoint before the kill, or one that completed in the instant before it.
        assertThat(restored.path("id").asLong()).as(restored.toPrettyString()).isGreaterThanOrEqualTo(lastCheckpoint);
        log("job restored checkpoint " + restored.path("id").asText() + "; starting a replacement TaskManager");
        cluster.startTaskManager();
        awaitAllVerticesRunning(jobId, 3);
        await("the lost TaskManager gone from /taskmanagers", Duration.ofMinutes(1),
                () -> stream(rest.taskManagers()).map(tm -> tm.get("id").asText()).toList(),
                ids -> ids.size() == 2 && !ids.contains(victim.name()));
        assertThat(traffic.running()).as("the generator writes across the crash").isTrue();
        await("new usage rows after the restart", Duration.ofMinutes(2), () -> rows(USAGE), n -> n > usageAtKill);
        log("job " + jobId + " RUNNING again at parallelism 3 on the replacement TaskManager");
    }

    private FlinkRestClient.RunRequest runRequest(int parallelism, Optional<String> savepoint) {
        List<String> args = List.of("--bootstrap-servers", KAFKA.bootstrapServers(),
                "--jdbc-url", database.jdbcUrl(), "--user", database.user(), "--password", database.password(),
                "--dynamodb-endpoint", DYNAMODB.endpoint().toString(),
                "--parallelism", Integer.toString(parallelism),
                "--checkpoint-interval", "3s",
                // the generator's unknown tenants are dead-lettered after 10 s rather than the default 5 min
                "--unknown-reference-grace", "10s");
        return new FlinkRestClient.RunRequest(PlatformJobs.class.getName(), args, parallelism, savepoint);
    }

    private void awaitAllVerticesRunning(String jobId, int parallelism) throws Exception {
        JsonNode job = await("job " + jobId + " RUNNING with every vertex running", Duration.ofMinutes(3),
                () -> rest.job(jobId), j -> j.get("state").asText().equals("RUNNING")
                        && stream(j.get("vertices")).allMatch(v -> v.get("status").asText().equals("RUNNING")));
        assertThat(stream(job.get("vertices"))).as(job.toPrettyString()).isNotEmpty()
                .allSatisfy(v -> assertThat(v.get("parallelism").asInt()).as(v.get("name").asText())
                        .isEqualTo(parallelism));
    }

    private void awaitCompletedCheckpoint(String jobId) throws Exception {
        await("a completed checkpoint of job " + jobId, Duration.ofMinutes(2), () -> rest.checkpoints(jobId),
                c -> c.at("/counts/completed").asInt() > 0);
    }

    private String awaitReconciled(Path ledger, Duration timeout) throws Exception {
        // Call analytics rows come up to 30 s after their call ends: reconcile until it agrees.
        return await("reconcile: OK", timeout, () -> aybiza("reconcile", "--ledger", ledger.toString(),
                        "--jdbc-url", database.jdbcUrl(), "--user", database.user(), "--password", database.password(),
                        "--bootstrap-servers", KAFKA.bootstrapServers()),
                out -> out.contains("reconcile: OK"));
    }

    private long rows(String table) throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int liveCalls() {
        try (DynamoDbClient dynamo = LiveStateSettings.at(DYNAMODB.endpoint()).client()) {
            return dynamo.scan(ScanRequest.builder().tableName("RealtimeCallState").select(Select.COUNT).build())
                    .count();
        }
    }

    /** A bin/aybiza command in this JVM, as the launcher would run it; its output and exit code. */
    private static String aybiza(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AybizaCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        return out + "\nexit " + code;
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** Polls {@code probe} until {@code done}; fails after {@code timeout} with the last answer. */
    private <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                lastError = e; // the REST endpoint is starting, or a process is between states
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("no " + what + " within " + timeout + "; last seen: "
                + (lastError != null ? lastError : last instanceof JsonNode j ? j.toPrettyString() : last));
    }

    private void log(String message) {
        System.out.printf("[FlinkClusterIT %3d s] %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), message);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return array == null ? Stream.empty() : StreamSupport.stream(array.spliterator(), false);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
