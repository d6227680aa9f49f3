package com.aybiza.cli;

import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.sql.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Stage 6, our pipeline: every topology of {@link PlatformJobs}, built as {@code bin/aybiza jobs} builds it (default
 * delivery modes, sink options, checkpointing, a hashmap state backend), in a MiniCluster in this JVM.
 *
 * <p>Catch-up: on freshly truncated tables, the jobs read the pre-filled topics from the earliest offsets up to the
 * latest ones and finish (bounded sources: end of input flushes every window and join, so the job ends when every
 * row is committed). Timed from submission to the end: events/s over every record read, rows/s over every row the
 * tables hold afterwards. Then the ledger is reconciled with what is stored.
 *
 * <p>Latency: the same topologies, unbounded, from the moment the fixed-rate traffic starts; the lag from each row's
 * event time to its commit as the sinks measure it ({@link LatencyProbe}).
 */
final class PipelineBenchmark {

    /** Tables the topologies write; with usage_idempotency, what a run starts without. */
    static final List<String> TABLES = tables();

    record CatchUpResult(StageFigure events, StageFigure rows, Reconciliation reconciliation) {
    }

    record LatencyResult(double rate, long records, Histogram lagMillis, Map<String, Histogram> lagByTable,
                         int sinks) {
    }

    private final String bootstrapServers;
    private final DatabaseSettings database;
    private final int parallelism;
    private final Path checkpoints;

    PipelineBenchmark(String bootstrapServers, DatabaseSettings database, int parallelism, Path checkpoints) {
        this.bootstrapServers = bootstrapServers;
        this.database = database;
        this.parallelism = parallelism;
        this.checkpoints = checkpoints;
    }

    /** The jobs' settings as bin/aybiza jobs makes them, adjusted for a stage. */
    JobSettings settings(String consumerGroup, UnaryOperator<JobSettings.Builder> adjust) {
        return adjust.apply(JobSettings.builder(bootstrapServers, database).parallelism(parallelism)
                .consumerGroup(consumerGroup)).build();
    }

    CatchUpResult catchUp(JsonNode ledger, long records) throws Exception {
        truncate();
        JobSettings settings = settings("aybiza-bench-pipeline", b -> b.startFrom(JobSettings.StartFrom.earliest())
                .stopAtLatest(true));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(boundedConfiguration());
        PlatformJobs.build(env, settings);
        failFast(env);
        long started = System.nanoTime();
        env.execute("bench pipeline");
        double seconds = StageFigure.seconds(started);
        long rows = storedRows();
        Reconciliation reconciliation = ReconcileCommand.reconcile(ledger, database, bootstrapServers);
        return new CatchUpResult(new StageFigure("pipeline", records, "events", seconds),
                new StageFigure("pipeline rows", rows, "rows", seconds), reconciliation);
    }

    /**
     * Starts the jobs on the topics' new records, writes {@code rate} events/s for {@code duration} once they run,
     * waits until the rows stop growing, and returns the lag the sinks measured.
     */
    LatencyResult latency(BenchTraffic traffic, double rate, Duration duration) throws Exception {
        traffic.prepareAtRate();
        try (LatencyProbe probe = LatencyProbe.open()) {
            JobSettings settings = settings("aybiza-bench-latency",
                    b -> b.startFrom(JobSettings.StartFrom.timestamp(Instant.now())));
            Configuration conf = configuration();
            probe.configure(conf);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            PlatformJobs.build(env, settings);
            failFast(env);
            JobClient job = env.executeAsync("bench pipeline latency");
            try {
                awaitRunning(job);
                long records = traffic.atRate(rate, duration);
                awaitRowsSettled();
                requireStillRunning(job);
                return new LatencyResult(rate, records, probe.distribution(), probe.byTable(), probe.sinks());
            } finally {
                cancel(job);
            }
        }
    }

    /**
     * The jobs restart after a failure (JobEnvironment), which in production is right, but would hide a broken run
     * behind a stage that never ends: here a failure ends the stage, and the bench, with its cause.
     */
    @SuppressWarnings("deprecation") // the RestartStrategies API is the one JobEnvironment uses
    static void failFast(StreamExecutionEnvironment env) {
        env.setRestartStrategy(RestartStrategies.noRestart());
    }

    private static void requireStillRunning(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
            job.getJobExecutionResult().get(10, TimeUnit.SECONDS); // throws the failure's cause
            throw new IllegalStateException("the jobs ended (" + status + ") before the latency phase did");
        }
    }

    private static void cancel(JobClient job) {
        try {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            // Ended by itself meanwhile, or the mini cluster is already down: nothing left to stop.
        }
    }

    /**
     * For a bounded run: with checkpointing on, Flink lets finished tasks wait for one more checkpoint (for two-phase
     * committers), up to the checkpoint interval of idle time at the end that the peer, without checkpoints, does not
     * pay. No sink here needs it: the PostgreSQL sinks commit in their writers, flushed at the end of input, and the
     * dead-letter sinks deliver at least once.
     */
    Configuration boundedConfiguration() {
        Configuration conf = configuration();
        conf.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, false);
        return conf;
    }

    private Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        return conf;
    }

    /** RUNNING, and a few seconds more for every source to be assigned its partitions and polling. */
    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (job.getJobStatus().get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the jobs did not reach RUNNING within a minute");
            }
            Thread.sleep(200);
        }
        Thread.sleep(3000);
    }

    /** Waits until the tables' rows have not grown for 2 s (at most 60 s): the last batches are committed. */
    private void awaitRowsSettled() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long previous = -1;
        int unchanged = 0;
        while (unchanged < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = storedRows();
            unchanged = now == previous ? unchanged + 1 : 0;
            previous = now;
        }
    }

    private void truncate() throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + String.join(", ", TABLES) + ", billing.usage_idempotency CASCADE");
        }
    }

    long storedRows() throws SQLException {
        long rows = 0;
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    rows += rs.getLong(1);
                }
            }
        }
        return rows;
    }

    private static List<String> tables() {
        List<String> tables = new ArrayList<>();
        PlatformJobs.STORED_TABLES.forEach(t -> tables.add(t.name()));
        PlatformJobs.UNRECONCILED_TABLES.forEach(t -> tables.add(t.name()));
        return List.copyOf(tables);
    }
}
